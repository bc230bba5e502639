// Session timers (RFC 4028) between two dialog layers and against a peer written by hand: the
// interval asked and granted, who refreshes, the refresh half-way by UPDATE, the BYE when a
// refresh does not come, 422 with Min-SE in both directions, and a 2xx without Session-Expires.
#include "dialog_test_support.hpp"

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::header_in;
using rvoip::test::seen;

namespace {

dlg::layer_options asking(std::chrono::seconds interval, std::chrono::seconds min_se = 90s)
{
    dlg::layer_options o;
    o.session_expires = interval;
    o.min_se = min_se;
    return o;
}

struct two_layers
{
    explicit two_layers(dlg::layer_options a = asking(300s), dlg::layer_options b = asking(300s))
        : alice(io, clock, net, "10.0.0.1", std::move(a)), bob(io, clock, net, "10.0.0.2", std::move(b))
    {
        bob.on_event = [this](seen const& e) {
            if (e.kind == "request" && e.method == "INVITE" && !e.in_dialog) {
                invite_raw = e.raw;
                BOOST_TEST(!bob.layer.respond(e.id, 200));
            } else if (e.kind == "request" && !answer_in_dialog.empty() && e.method == answer_in_dialog) {
                BOOST_TEST(!bob.layer.respond(e.id, 200));
            }
        };
    }

    /// Alice calls Bob, who answers at once: Alice's dialog.
    dlg::dialog_id connect()
    {
        dlg::request_options r;
        r.to = "sip:bob@10.0.0.2";
        r.from = "sip:alice@10.0.0.1";
        BOOST_TEST_REQUIRE(alice.layer.invite(r).has_value());
        clock.settle();
        auto answered = alice.of("answered");
        BOOST_TEST_REQUIRE(answered.size() == 1u);
        return answered[0].dialog;
    }

    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice;
    agent bob;
    std::string invite_raw;
    std::string answer_in_dialog;
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_session_timers)

BOOST_AUTO_TEST_CASE(the_caller_refreshes_by_update_half_way_and_the_call_stays_up)
{
    two_layers r;
    r.connect();
    BOOST_TEST(header_in(r.invite_raw, "Session-Expires") == "300");
    BOOST_TEST(header_in(r.invite_raw, "Min-SE") == "90");
    BOOST_TEST(header_in(r.invite_raw, "Supported").find("timer") != std::string::npos);
    // Alice supports timers and named no refresher: Bob's 2xx makes her the refresher.
    r.clock.advance(149s);
    BOOST_TEST(r.alice.layer.counters().session_refreshes == 0u);
    r.clock.advance(1s);
    r.clock.settle();
    BOOST_TEST(r.alice.layer.counters().session_refreshes == 1u);
    // The UPDATE was body-less: Bob's layer answered it; nobody sees it as a request.
    BOOST_TEST(r.bob.of("request").size() == 1u);
    // Many intervals later, both still up, neither expired.
    r.clock.advance(1000s);
    r.clock.settle();
    BOOST_TEST(r.alice.layer.counters().session_refreshes >= 7u);
    BOOST_TEST(r.alice.of("terminated").empty());
    BOOST_TEST(r.bob.of("terminated").empty());
    BOOST_TEST(r.alice.layer.counters().sessions_expired == 0u);
    BOOST_TEST(r.bob.layer.counters().sessions_expired == 0u);
}

BOOST_AUTO_TEST_CASE(a_session_nobody_refreshes_ends_with_bye)
{
    two_layers r;
    r.connect();
    // Bob's network goes away: Alice's refreshes never arrive, and Bob gives up at 300 - 32 s.
    r.net.detach({"10.0.0.2", 5060});
    r.clock.advance(267s);
    BOOST_TEST(r.bob.of("terminated").empty());
    r.clock.advance(2s);
    auto ended = r.bob.of("terminated");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST((ended[0].reason == dlg::end_reason::session_expired));
    BOOST_TEST(r.bob.layer.counters().sessions_expired == 1u);
    // Alice's refresh went unanswered: a timed-out request in a dialog ends it (§12.2.1.2).
    auto hers = r.alice.of("terminated");
    BOOST_TEST_REQUIRE(hers.size() == 1u);
    BOOST_TEST((hers[0].reason == dlg::end_reason::timed_out));
}

BOOST_AUTO_TEST_CASE(too_short_an_interval_gets_422_and_the_caller_asks_again)
{
    two_layers r(asking(100s), asking(300s, 600s));
    r.connect();
    // Bob's Min-SE is 600: the 100 s INVITE got 422 with Min-SE: 600, then went again.
    BOOST_TEST(r.bob.layer.counters().interval_too_small == 1u);
    BOOST_TEST(header_in(r.invite_raw, "Session-Expires") == "600");
    BOOST_TEST(header_in(r.invite_raw, "CSeq") == "2 INVITE");
    r.clock.advance(300s);
    r.clock.settle();
    BOOST_TEST(r.alice.layer.counters().session_refreshes == 1u);
}

BOOST_AUTO_TEST_CASE(without_session_expires_in_the_2xx_there_is_no_timer)
{
    two_layers r(asking(300s), asking(0s));
    // Bob does not ask, but Alice did: Bob's layer grants hers. A peer that grants nothing is
    // written by hand below.
    r.connect();
    BOOST_TEST(r.alice.layer.counters().session_refreshes == 0u);
    r.clock.advance(150s);
    BOOST_TEST(r.alice.layer.counters().session_refreshes == 1u);

    boost::asio::io_context io2;
    tx::manual_clock clock{io2};
    tx::memory_network net{io2};
    agent alice{io2, clock, net, "10.0.0.1", asking(300s)};
    endpoint carol{net, "10.0.0.9"};
    dlg::request_options call;
    call.to = "sip:carol@10.0.0.9";
    call.from = "sip:alice@10.0.0.1";
    BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
    clock.settle();
    auto const inv = carol.starting("INVITE").at(0);
    carol.send({"10.0.0.1", 5060}, "SIP/2.0 200 OK\r\nVia: " + header_in(inv, "Via") + "\r\nFrom: " +
                                       header_in(inv, "From") + "\r\nTo: " + header_in(inv, "To") +
                                       ";tag=k1\r\nCall-ID: " + header_in(inv, "Call-ID") +
                                       "\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST(alice.of("answered").size() == 1u);
    clock.advance(2000s);
    BOOST_TEST(alice.layer.counters().session_refreshes == 0u);
    BOOST_TEST(alice.of("terminated").empty());
}

BOOST_AUTO_TEST_CASE(a_peer_that_asks_to_refresh_itself_is_granted_and_watched)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request")
            BOOST_TEST(!bob.layer.respond(e.id, 200));
    };
    carol.send({"10.0.0.2", 5060},
               "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKst1\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: st1@test\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\nSupported: timer\r\n"
               "Session-Expires: 120;refresher=uac\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    auto ok = carol.starting("SIP/2.0 200");
    BOOST_TEST_REQUIRE(ok.size() == 1u);
    BOOST_TEST(header_in(ok[0], "Session-Expires") == "120;refresher=uac");
    BOOST_TEST(header_in(ok[0], "Require") == "timer");
    carol.send({"10.0.0.2", 5060},
               "ACK sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKst1a\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: " + header_in(ok[0], "To") +
               "\r\nCall-ID: st1@test\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST(bob.of("ack").size() == 1u);
    clock.advance(87s);
    BOOST_TEST(carol.starting("BYE").empty());
    // Carol never refreshes: Bob ends the call at 120 - 32 s with BYE.
    clock.advance(1s);
    BOOST_TEST(carol.starting("BYE").size() == 1u);
    auto ended = bob.of("terminated");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST((ended[0].reason == dlg::end_reason::session_expired));

    // An interval below 90 s (our Min-SE) is refused with 422.
    carol.send({"10.0.0.2", 5060},
               "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKst2\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c2\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: st2@test\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\n"
               "Session-Expires: 30\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    auto brief = carol.starting("SIP/2.0 422");
    BOOST_TEST_REQUIRE(brief.size() == 1u);
    BOOST_TEST(header_in(brief[0], "Min-SE") == "90");
}

BOOST_AUTO_TEST_SUITE_END()
