// RFC 4475 (SIP torture tests) and RFC 5118 (IPv6 torture tests): every message of the RFCs'
// archives, judged as the RFC says and, for the valid ones, represented as the RFC says.
#include <rvoip/sip/message.hpp>

#include "print.hpp"
#include "test_data.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace sip = rvoip::sip;
namespace bdata = boost::unit_test::data;

namespace {

struct fixture_case
{
    std::string dir;
    std::string name;
    std::string expect; // valid, invalid, semantic
    std::map<std::string, std::string> checks;
};

std::ostream& operator<<(std::ostream& os, fixture_case const& c)
{
    return os << c.dir << '/' << c.name;
}

std::vector<fixture_case> load(std::string const& dir)
{
    std::vector<fixture_case> out;
    std::ifstream in(std::string(RVOIP_TEST_DATA_DIR) + "/" + dir + "/MANIFEST.tsv");
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string col; std::getline(ss, col, '\t');)
            cols.push_back(col);
        if (cols.size() < 3)
            continue;
        fixture_case c{dir, cols[0], cols[2], {}};
        if (cols.size() >= 5) {
            std::string const& all = cols[4];
            for (std::size_t pos = 0; pos < all.size();) {
                auto end = all.find(" ; ", pos);
                if (end == std::string::npos)
                    end = all.size();
                auto const pair = all.substr(pos, end - pos);
                auto const eq = pair.find('=');
                if (eq != std::string::npos)
                    c.checks[pair.substr(0, eq)] = pair.substr(eq + 1);
                pos = end + 3;
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<fixture_case> all_cases()
{
    auto a = load("rfc4475");
    auto b = load("rfc5118");
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string hex(std::string_view s)
{
    static char const digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string or_absent(std::string_view s) { return s.empty() ? "absent" : std::string(s); }

/// The value the message gives for a check key, or nullopt for keys this test does not read.
std::optional<std::string> observed(sip::message const& m, std::string const& key)
{
    auto via_field = [&](std::size_t n, std::string const& what) -> std::optional<std::string> {
        if (n == 0 || n > m.vias().size())
            return "missing via";
        auto const& v = m.vias()[n - 1];
        if (what == "transport")
            return std::string(v.transport);
        if (what == "sent_by")
            return std::string(v.host) + (v.has_port ? ":" + std::to_string(v.port) : "");
        if (what == "branch")
            return or_absent(v.branch);
        return std::nullopt;
    };
    if (key == "method")
        return std::string(m.method_text());
    if (key == "request_uri")
        return std::string(m.request_uri().text);
    if (key == "ruri_user")
        return m.request_uri().user_decoded();
    if (key == "ruri_password")
        return std::string(m.request_uri().password);
    if (key == "ruri_host")
        return std::string(m.request_uri().host);
    if (key == "ruri_port")
        return m.request_uri().has_port ? std::to_string(m.request_uri().port) : "absent";
    if (key == "ruri_scheme")
        return std::string(m.request_uri().scheme_text);
    if (key == "call_id")
        return std::string(m.call_id());
    if (key == "cseq_seq")
        return std::to_string(m.cseq().number);
    if (key == "cseq_method")
        return std::string(m.cseq().method_text);
    if (key == "status_code")
        return std::to_string(m.status_code());
    if (key == "reason_phrase_hex")
        return hex(m.reason_phrase());
    if (key == "via_count")
        return std::to_string(m.vias().size());
    if (key == "via_branch")
        return or_absent(m.top_via().branch);
    if (key.size() > 4 && key.rfind("via", 0) == 0 && std::isdigit(static_cast<unsigned char>(key[3])))
        return via_field(static_cast<std::size_t>(key[3] - '0'), key.substr(5));
    if (key == "from_tag")
        return or_absent(m.from().tag);
    if (key == "to_tag")
        return or_absent(m.to().tag);
    if (key == "from_display")
        return m.from().display_decoded();
    if (key == "to_display")
        return m.to().display_decoded();
    if (key == "to_display_hex")
        return hex(m.to().display_decoded());
    if (key == "from_uri")
        return std::string(m.from().uri.text);
    if (key == "to_uri")
        return std::string(m.to().uri.text);
    if (key == "to_uri_port")
        return std::to_string(m.to().uri.port);
    if (key == "to_user")
        return m.to().uri.user_decoded();
    if (key == "from_user")
        return m.from().uri.user_decoded();
    if (key == "to_user_hex")
        return hex(m.to().uri.user_decoded());
    if (key == "from_user_hex")
        return hex(m.from().uri.user_decoded());
    if (key == "max_forwards") {
        auto mf = m.max_forwards();
        return mf ? std::to_string(*mf) : "error";
    }
    if (key == "contact_count") {
        auto c = m.contacts();
        return c ? std::to_string(c->size()) : "error";
    }
    if (key == "content_length" && !m.content_length().has_error())
        return std::to_string(*m.content_length());
    if (key == "content_length")
        return "absent";
    return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_SUITE(rfc_torture)

BOOST_DATA_TEST_CASE(each_torture_message_is_judged_and_represented_as_the_rfc_says,
                     bdata::make(all_cases()), c)
{
    auto const bytes = rvoip::test::data(c.dir + "/" + c.name + ".sip");
    auto msg = sip::parse_message(bytes);
    // RFC 5118 §4.5 "ipv6-in-sdp": the RFC's own Content-Length (268) exceeds its body; over UDP
    // that is RFC 3261 §18.3's "Content-Length larger than the datagram" (RFC 4475 clerr).
    if (c.name == "ipv6-in-sdp") {
        BOOST_TEST_REQUIRE(!msg.has_value());
        BOOST_TEST(msg.error().code == sip::errc::body_truncated);
        return;
    }
    if (c.expect != "valid") {
        BOOST_TEST(!msg.has_value(), c.name << " must be rejected");
        if (!msg)
            BOOST_TEST_MESSAGE(c.name << ": " << msg.error().message());
        return;
    }
    BOOST_TEST_REQUIRE(msg.has_value(), c.name << ": " << (msg ? "" : msg.error().message()));
    for (auto const& [key, want] : c.checks) {
        if (key == "content_length" && want.find(',') != std::string::npos)
            continue;
        if (auto got = observed(*msg, key))
            BOOST_TEST(*got == want, c.name << " " << key << ": got [" << *got << "] want [" << want << "]");
    }
}

BOOST_AUTO_TEST_CASE(dblreq_ignores_the_octets_after_content_length)
{
    auto msg = sip::parse_message(rvoip::test::data("rfc4475/dblreq.sip"));
    BOOST_TEST_REQUIRE(msg.has_value());
    BOOST_TEST(msg->body().empty());
    BOOST_TEST(msg->bytes().find("INVITE") == std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(rejected_messages_name_the_problem)
{
    auto cseq = sip::parse_message(rvoip::test::data("rfc4475/mismatch01.sip"));
    BOOST_TEST_REQUIRE(!cseq.has_value());
    BOOST_TEST(cseq.error().code == sip::errc::cseq_method_mismatch);
    BOOST_TEST(cseq.error().header == "CSeq");
    BOOST_TEST(cseq.error().line > 1u);

    auto insuf = sip::parse_message(rvoip::test::data("rfc4475/insuf.sip"));
    BOOST_TEST_REQUIRE(!insuf.has_value());
    BOOST_TEST(insuf.error().code == sip::errc::missing_header);

    auto version = sip::parse_message(rvoip::test::data("rfc4475/badvers.sip"));
    BOOST_TEST_REQUIRE(!version.has_value());
    BOOST_TEST(version.error().code == sip::errc::unsupported_version);

    auto clerr = sip::parse_message(rvoip::test::data("rfc4475/clerr.sip"));
    BOOST_TEST_REQUIRE(!clerr.has_value());
    BOOST_TEST(clerr.error().code == sip::errc::body_truncated);
}

BOOST_AUTO_TEST_SUITE_END()
