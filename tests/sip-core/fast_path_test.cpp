// The scans of the usual URI, Via and name-addr shapes that run before the X3 grammars must
// agree with the grammars exactly: the same acceptance and the same captured pieces, on every
// value of the corpora and on many edits of each (characters deleted, inserted, replaced).
#include "parse_into.hpp"
#include "same_parse.hpp"

#include <rvoip/sip/message.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <type_traits>
#include <string>
#include <vector>

namespace sip = rvoip::sip;
namespace detail = rvoip::sip::detail;

namespace {

using rvoip::test::same;
using rvoip::test::same_shape;

enum class kind { uri, via, address, credentials, challenge, media_type, cseq };

/// Runs the parsers on `text` (the scans first, on the text alone and on the text followed by
/// more bytes as inside a message; the grammars alone); a message naming the text when they
/// disagree, else empty.
std::string disagreement(kind k, std::string const& text)
{
    // Bytes after the text that a host or token scan reading past it must not take in.
    std::string const padded_buffer = text + "a.b-c9.d-e8.f-g7.h-i6.j-k5.l-m4.n";
    std::string_view const padded(padded_buffer.data(), text.size());
    bool agree = false;
    switch (k) {
    case kind::uri: {
        sip::uri fast, fast_padded, grammar;
        bool const a = detail::parse_uri_into(text, fast);
        bool const p = detail::parse_uri_padded_into(padded, fast_padded);
        bool const b = detail::parse_uri_grammar_into(text, grammar);
        agree = a == b && p == b && (!a || (same(fast, grammar) && same_shape(fast_padded, grammar, padded, text)));
        break;
    }
    case kind::via: {
        sip::via fast, fast_padded, grammar;
        auto const a = detail::parse_via_into(text, fast);
        auto const p = detail::parse_via_padded_into(padded, fast_padded);
        auto const b = detail::parse_via_grammar_into(text, grammar);
        agree = a == b && p == b && (a != sip::errc{} || (same(fast, grammar) && same_shape(fast_padded, grammar, padded, text)));
        // A whole Via field taken without the list split: only what the grammar gives.
        sip::via whole;
        if (detail::parse_usual_via_padded_into(padded, whole))
            agree = agree && b == sip::errc{} && same_shape(whole, grammar, padded, text);
        break;
    }
    case kind::address: {
        sip::name_addr fast, fast_padded, grammar;
        auto const a = detail::parse_name_addr_into(text, fast);
        auto const p = detail::parse_name_addr_padded_into(padded, fast_padded);
        auto const b = detail::parse_name_addr_grammar_into(text, grammar);
        agree = a == b && p == b && (a != sip::errc{} || (same(fast, grammar) && same_shape(fast_padded, grammar, padded, text)));
        // A whole list field taken as one address: only what the split and the grammar give.
        sip::name_addr whole;
        if (detail::parse_usual_name_addr_padded_into(padded, whole)) {
            std::size_t values = 0;
            sip::for_each_list_value(text, [&](std::string_view v) { values += v == text; });
            agree = agree && b == sip::errc{} && values == 1 && same_shape(whole, grammar, padded, text);
        }
        break;
    }
    case kind::credentials: {
        sip::credentials fast, grammar;
        auto const a = detail::parse_credentials_into(text, fast);
        auto const b = detail::parse_credentials_grammar_into(text, grammar);
        agree = a == b && (a != sip::errc{} || same(fast, grammar));
        sip::credentials fast_padded;
        auto const p = detail::parse_credentials_padded_into(padded, fast_padded);
        agree = agree && p == b && (p != sip::errc{} || same_shape(fast_padded, grammar, padded, text));
        break;
    }
    case kind::challenge: {
        sip::challenge fast, grammar;
        auto const a = detail::parse_challenge_into(text, fast);
        auto const b = detail::parse_challenge_grammar_into(text, grammar);
        agree = a == b && (a != sip::errc{} || same(fast, grammar));
        sip::challenge fast_padded;
        auto const p = detail::parse_challenge_padded_into(padded, fast_padded);
        agree = agree && p == b && (p != sip::errc{} || same_shape(fast_padded, grammar, padded, text));
        break;
    }
    case kind::media_type: {
        sip::media_type fast, grammar;
        auto const a = detail::parse_media_type_into(text, fast);
        auto const b = detail::parse_media_type_grammar_into(text, grammar);
        agree = a == b && (a != sip::errc{} || same(fast, grammar));
        break;
    }
    case kind::cseq: {
        sip::cseq fast, grammar;
        auto const a = detail::parse_cseq_into(text, fast);
        auto const b = detail::parse_cseq_grammar_into(text, grammar);
        agree = a == b && (a != sip::errc{} || (fast.number == grammar.number &&
                                                same(fast.method_text, grammar.method_text) &&
                                                fast.method == grammar.method));
        break;
    }
    }
    if (agree)
        return {};
    char const* names[] = {"uri", "via", "name-addr", "credentials", "challenge", "media type", "CSeq"};
    return std::string(names[static_cast<int>(k)]) + " [" + text + "]";
}

std::vector<std::string> read_messages()
{
    std::vector<std::string> out;
    for (std::string dir : {std::string(RVOIP_CORPUS_DIR), std::string(RVOIP_TEST_DATA_DIR) + "/rfc4475",
                            std::string(RVOIP_TEST_DATA_DIR) + "/rfc5118"}) {
        if (!std::filesystem::is_directory(dir))
            continue;
        for (auto const& e : std::filesystem::directory_iterator(dir)) {
            std::ifstream in(e.path(), std::ios::binary);
            out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
    }
    return out;
}

/// Values of the corpora (Via, From, To, Contact, Route, Record-Route, Request-URI) and
/// hand-written shapes at the edge of the usual ones.
std::vector<std::pair<kind, std::string>> seeds()
{
    std::vector<std::pair<kind, std::string>> out = {
        {kind::uri, "sip:alice@example.com"},
        {kind::uri, "sip:alice:secret@example.com:5061;transport=tcp;lr"},
        {kind::uri, "sips:[2001:db8::1]:5061;maddr=[2001:db8::2]"},
        {kind::uri, "sip:%61lice@example.com"},
        {kind::uri, "sip:alice@example.com?subject=hi&x=%20"},
        {kind::uri, "sip:host;x=a@b"},
        {kind::uri, "sip:user;phone-context=+1@example.com;user=phone"},
        {kind::uri, "sip:+1-212-555-1212:1234@gateway.com;user=phone"},
        {kind::uri, "sip:192.0.2.4:65535;lr"},
        {kind::uri, "sip:example.com.:70000"},
        {kind::uri, "sip:-bad.example.com"},
        {kind::uri, "tel:+1-201-555-0123;ext=1"},
        {kind::uri, "sip:255.255.255.255;lr"},
        {kind::uri, "sip:256.1.10.1;lr"},
        {kind::uri, "sip:01.2.3.4;lr"},
        {kind::uri, "sip:1.2.3.4.5;lr"},
        {kind::uri, "sip:1.2.3;lr"},
        {kind::uri, "sip:1.2.3.4.;lr"},
        {kind::uri, "sip:10.0.0.1a;lr"},
        {kind::via, "SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj9e4d7c21"},
        {kind::via, "SIP/2.0/TCP [2001:db8::9:1];branch=z9hG4bKas3;received=[2001:db8::9:255]"},
        {kind::via, "SIP / 2.0 / UDP host.example.com ; branch = z9hG4bK1 ; rport = 5062"},
        {kind::via, "SIP/2.0/UDP host;received=192.0.2.300;maddr=224.0.0.1;ttl=16;rport=70000"},
        {kind::via, "SIP/2.0/UDP host;x=\"quoted;value\";branch=z9hG4bK2;received=2001:db8::1"},
        {kind::via, "SIP/2.0/UDP\r\n host:5060;branch=z9hG4bK3"},
        {kind::via, "SIP/2.0/UDP ;branch=z9hG4bK4"},
        {kind::address, "\"Alice Liddell\" <sip:alice@example.com>;tag=8Qx2Lk4vPz9mR1tY"},
        {kind::address, "Bob <sip:bob@example.com>;tag=a;expires=60;q=0.5"},
        {kind::address, "\"A \\\"quoted\\\" name\" <sips:a@b.c>"},
        {kind::address, "sip:alice@example.com;tag=1234"},
        {kind::address, "<sip:a@b.c;lr>;x=\"v;w\";tag=z"},
        {kind::address, "sip:a@b.c;tag=\"q\""},
        {kind::address, " \"x\" <sip:a@b.c> ; tag = 1 "},
        {kind::address, "<sip:a@[2001:db8::1]>;p=[2001:db8::2]"},
        {kind::address, "<sip:a@b.c;ob>;reg-id=1;+sip.instance=\"<urn:uuid:0000-a1b2>\";expires=60"},
        {kind::credentials, "Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\", "
                            "uri=\"sip:example.com\", response=\"0123456789abcdef\", algorithm=MD5, "
                            "cnonce=\"x y\", qop=auth, nc=00000001"},
        {kind::credentials, "Digest username = \"a\" ,realm=\"b\",, nonce=\"c\","},
        {kind::credentials, "Digest username=\"a\\\"b\", nc=0000000g"},
        {kind::credentials, "Bearer mF_9.B5f-4.1JqM=="},
        {kind::challenge, "Digest realm=\"example.com\", nonce=\"5f1c\", opaque=\"x\", algorithm=MD5, "
                          "qop=\"auth,auth-int\", stale=TRUE, domain=\"sip:a sip:b\""},
        {kind::challenge, "Digest realm=\"a\",\r\n stale=false"},
        {kind::media_type, "application/sdp"},
        {kind::media_type, "text/plain;charset=\"utf-8\";format=flowed"},
        {kind::media_type, "multipart/mixed ; boundary=unique-boundary-1"},
        {kind::media_type, "*/*"},
        {kind::cseq, "4712 INVITE"},
        {kind::cseq, "2147483648 BYE"},
        {kind::cseq, "  1\t \r\n ACK "},
    };
    for (auto const& bytes : read_messages()) {
        sip::parse_options opt;
        opt.check = sip::validation::index;
        auto const m = sip::parse_message(bytes, opt);
        if (!m)
            continue;
        if (m->is_request())
            out.emplace_back(kind::uri, std::string(m->request_uri().text));
        for (std::size_t i = 0; i < m->header_count(); ++i) {
            auto const f = m->header(i);
            using id = sip::header_id;
            if (f.id == id::via) {
                sip::for_each_list_value(f.value, [&](std::string_view v) { out.emplace_back(kind::via, std::string(v)); });
            } else if (f.id == id::from || f.id == id::to) {
                out.emplace_back(kind::address, std::string(f.value));
            } else if (f.id == id::cseq) {
                out.emplace_back(kind::cseq, std::string(f.value));
            } else if (f.id == id::content_type) {
                out.emplace_back(kind::media_type, std::string(f.value));
            } else if (f.id == id::authorization || f.id == id::proxy_authorization) {
                out.emplace_back(kind::credentials, std::string(f.value));
            } else if (f.id == id::www_authenticate || f.id == id::proxy_authenticate) {
                out.emplace_back(kind::challenge, std::string(f.value));
            } else if (f.id == id::contact || f.id == id::route || f.id == id::record_route) {
                sip::for_each_list_value(f.value, [&](std::string_view v) { out.emplace_back(kind::address, std::string(v)); });
            }
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fast_path)

BOOST_AUTO_TEST_CASE(the_scans_of_usual_shapes_agree_with_the_grammars)
{
    auto const values = seeds();
    BOOST_REQUIRE_GT(values.size(), 60u);
    std::set<std::pair<kind, std::string>> tried;
    std::vector<std::string> failures;
    std::size_t accepted = 0;
    auto check = [&](kind k, std::string const& text) {
        if (!tried.emplace(k, text).second)
            return;
        if (auto d = disagreement(k, text); !d.empty())
            failures.push_back(std::move(d));
        sip::uri u;
        accepted += k == kind::uri && detail::parse_uri_into(text, u);
    };
    std::string const edits = " \t\r\n;:=@<>\"[]%,?/\\.-_+!aZ09";
    for (auto const& [k, text] : values) {
        check(k, text);
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (i < text.size()) {
                check(k, text.substr(0, i) + text.substr(i + 1));
                for (char c : edits)
                    check(k, text.substr(0, i) + c + text.substr(i + 1));
            }
            for (char c : edits)
                check(k, text.substr(0, i) + c + text.substr(i));
        }
    }
    BOOST_TEST_MESSAGE(tried.size() << " values compared");
    BOOST_TEST(accepted > 0u);
    for (std::size_t i = 0; i < failures.size() && i < 20; ++i)
        BOOST_ERROR("the scan and the grammar disagree on " << failures[i]);
    BOOST_TEST(failures.empty());
}

BOOST_AUTO_TEST_SUITE_END()
