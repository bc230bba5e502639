// RFC 4475's torture requests sent to a dialog layer (the top Via pointed at the sender, so
// that the answer comes back to it): each gets what RFC 4475 asks of an endpoint, or, where it
// leaves a choice, the answer of a liberal endpoint: a well-formed request reaches the
// application (which answers 200), a malformed one gets 400 naming the problem, and 505, 501,
// 416, 420, 415, 406 and 481 where the RFC says so.
#include "dialog_test_support.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::seen;

namespace {

std::string torture(std::string const& name)
{
    std::ifstream in(std::string(RVOIP_CORPUS_DIR) + "/../sip-core/data/rfc4475/" + name + ".sip", std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

/// The request with its top Via's transport and sent-by replaced by UDP 10.0.0.9:5060 (its
/// branch and other parameters kept).
std::string via_to_sender(std::string const& request)
{
    static std::regex const top_via(R"((\r\n(?:via|v)[ \t]*:[ \t\r\n]*SIP[ \t\r\n]*/[ \t\r\n]*2\.0[ \t\r\n]*/[ \t\r\n]*)[A-Za-z]+[ \t\r\n]+[^;,\r\n]+)",
                                    std::regex::icase);
    return std::regex_replace(request, top_via, "$1UDP 10.0.0.9:5060", std::regex_constants::format_first_only);
}

struct torture_rig
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};

    torture_rig()
    {
        bob.on_event = [this](seen const& e) {
            if (e.kind == "request")
                BOOST_TEST(!bob.layer.respond(e.id, 200, e.method == "INVITE" ? rvoip::test::sdp(
                                                                                    "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\n"
                                                                                    "s=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
                                                                                    "m=audio 4000 RTP/AVP 0\r\n")
                                                                              : dlg::message_parts{}));
        };
    }

    /// The first final status the request got (0: none).
    int status_of(std::string const& name)
    {
        // Several messages share a branch: each goes after the last one's transaction has ended.
        clock.advance(std::chrono::seconds(65));
        clock.settle();
        carol.received.clear();
        carol.send({"10.0.0.2", 5060}, via_to_sender(torture(name)));
        clock.settle();
        for (auto const& r : carol.received)
            if (r.starts_with("SIP/2.0 ") && !r.starts_with("SIP/2.0 1"))
                return std::stoi(r.substr(8, 3));
        return 0;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_torture)

BOOST_FIXTURE_TEST_CASE(rfc4475_requests_get_the_answers_an_endpoint_owes_them, torture_rig)
{
    struct expected
    {
        char const* name;
        int status;
    };
    static constexpr expected cases[] = {
        // §3.1.1 valid messages
        {"wsinv", 481}, // well formed, and in a dialog (To tag) we do not have
        {"intmeth", 501}, {"esc01", 200}, {"escnull", 200}, {"esc02", 501}, {"lwsdisp", 200}, {"longreq", 200},
        {"dblreq", 200}, {"semiuri", 200}, {"transports", 200}, {"mpart01", 200},
        // §3.1.2 invalid messages
        {"badinv01", 400}, {"clerr", 400}, {"ncl", 400}, {"scalar02", 400}, {"quotbal", 400}, {"ltgtruri", 400},
        {"lwsruri", 400}, {"lwsstart", 400}, {"trws", 400}, {"escruri", 200}, {"baddate", 200}, {"regbadct", 200},
        {"badaspec", 400}, {"baddn", 400}, {"badvers", 505}, {"mismatch01", 400}, {"mismatch02", 400},
        // §3.2, §3.3, §3.4
        {"badbranch", 200}, {"insuf", 400}, {"unkscm", 416}, {"novelsc", 416}, {"unksm2", 200}, {"bext01", 420},
        {"invut", 415}, {"regaut01", 200}, {"multi01", 400}, {"mcl01", 400}, {"zeromf", 200}, {"cparam01", 200},
        {"cparam02", 200}, {"regescrt", 200}, {"sdp01", 406}, {"inv2543", 200},
    };
    for (auto const& c : cases) {
        auto const got = status_of(c.name);
        BOOST_TEST(got == c.status, c.name << ": " << got << ", not " << c.status);
    }
    // Nothing the layer refused reached the application.
    for (auto const& e : bob.of("request"))
        BOOST_TEST(e.method != "!interesting-Method0123456789_*+`.%indeed'~");
}

BOOST_AUTO_TEST_SUITE_END()
