// Calls through two dialog layers on a memory network: setup with early and confirmed dialogs,
// the ACK, BYE from either side, CANCEL, re-INVITE and its glare, and the answers the layer
// gives by itself (481, 500, 2xx retransmission until the ACK, BYE after no ACK).
#include "dialog_test_support.hpp"

#include <rvoip/sip/message.hpp>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::seen;
using rvoip::test::tag_in;

namespace {

struct rig
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2"};

    dlg::request_options call_bob(std::string sdp = "v=0 offer\r\n")
    {
        dlg::request_options r;
        r.to = "sip:bob@10.0.0.2";
        r.from = "sip:alice@10.0.0.1";
        r.parts.content_type = "application/sdp";
        r.parts.body = std::move(sdp);
        return r;
    }

    /// Alice calls Bob, Bob rings and answers: the confirmed dialog ids of both.
    std::pair<dlg::dialog_id, dlg::dialog_id> connect()
    {
        bob.on_event = [this](seen const& e) {
            if (e.kind == "request" && e.method == "INVITE" && !e.in_dialog) {
                BOOST_TEST(!bob.layer.respond(e.id, 180));
                dlg::message_parts answer;
                answer.content_type = "application/sdp";
                answer.body = "v=0 answer\r\n";
                BOOST_TEST(!bob.layer.respond(e.id, 200, answer));
            }
        };
        auto id = alice.layer.invite(call_bob());
        BOOST_TEST_REQUIRE(id.has_value());
        clock.settle();
        bob.on_event = {};
        auto answered = alice.of("answered");
        BOOST_TEST_REQUIRE(answered.size() == 1u);
        auto acks = bob.of("ack");
        BOOST_TEST_REQUIRE(acks.size() == 1u);
        return {answered[0].dialog, acks[0].dialog};
    }
};

/// Bob's dialog layer, and Carol as a bare endpoint that writes her requests by hand.
struct bob_and_carol
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};
};

std::string raw_invite(std::string const& branch, int cseq = 1, std::string const& call_id = "raw1@test")
{
    return "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=" + branch +
           "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
           "Call-ID: " + call_id + "\r\nCSeq: " + std::to_string(cseq) +
           " INVITE\r\nContact: <sip:carol@10.0.0.9>\r\nContent-Length: 0\r\n\r\n";
}

std::string raw_in_dialog(std::string const& method, std::string const& to_tag, int cseq, std::string const& branch,
                          std::string const& call_id = "raw1@test")
{
    return method + " sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=" + branch +
           "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>;tag=" + to_tag +
           "\r\nCall-ID: " + call_id + "\r\nCSeq: " + std::to_string(cseq) + " " + method +
           "\r\nContact: <sip:carol@10.0.0.9>\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_calls)

BOOST_AUTO_TEST_CASE(call_rings_connects_and_hangs_up)
{
    rig r;
    auto [a, b] = r.connect();
    // Same dialog seen from both ends: Call-ID shared, tags swapped.
    BOOST_TEST(a.call_id == b.call_id);
    BOOST_TEST(a.local_tag == b.remote_tag);
    BOOST_TEST(a.remote_tag == b.local_tag);
    auto progress = r.alice.of("progress");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(progress[0].status == 180);
    BOOST_TEST((progress[0].dialog == a)); // the 180 made the early dialog that the 200 confirmed
    BOOST_TEST(r.alice.of("answered")[0].body == "v=0 answer\r\n");
    BOOST_TEST(r.bob.of("request")[0].body == "v=0 offer\r\n");
    auto const* d = r.alice.layer.find(a);
    BOOST_TEST_REQUIRE(d != nullptr);
    BOOST_TEST((d->current_state() == dlg::dialog::state::confirmed));
    BOOST_TEST(d->remote_target() == "sip:10.0.0.2:5060");

    BOOST_TEST(!r.alice.layer.bye(a));
    r.clock.settle();
    BOOST_TEST((r.alice.of("terminated").at(0).reason == dlg::end_reason::bye_sent));
    auto ended = r.bob.of("terminated");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST((ended[0].reason == dlg::end_reason::bye_received));
    BOOST_TEST(r.alice.layer.find(a) == nullptr);
    BOOST_TEST(r.bob.layer.find(b) == nullptr);
    BOOST_TEST(r.alice.layer.counters().live_dialogs == 0u);
    BOOST_TEST(r.bob.layer.counters().live_dialogs == 0u);
    // Nothing was retransmitted on a clean network.
    BOOST_TEST(r.bob.layer.counters().ok_retransmitted == 0u);
}

BOOST_AUTO_TEST_CASE(callee_hangs_up_and_a_second_bye_gets_481)
{
    rig r;
    auto [a, b] = r.connect();
    BOOST_TEST(!r.bob.layer.bye(b));
    r.clock.settle();
    BOOST_TEST((r.alice.of("terminated").at(0).reason == dlg::end_reason::bye_received));
    BOOST_TEST((r.bob.layer.bye(b) == dlg::errc::no_such_dialog));
}

BOOST_AUTO_TEST_CASE(rejected_call_fails_with_its_status)
{
    rig r;
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request") {
            r.bob.layer.respond(e.id, 180);
            r.bob.layer.respond(e.id, 486);
        }
    };
    BOOST_TEST_REQUIRE(r.alice.layer.invite(r.call_bob()).has_value());
    r.clock.settle();
    auto failed = r.alice.of("failed");
    BOOST_TEST_REQUIRE(failed.size() == 1u);
    BOOST_TEST(failed[0].status == 486);
    // The early dialogs of both ends ended with it.
    BOOST_TEST((r.alice.of("terminated").at(0).reason == dlg::end_reason::rejected));
    BOOST_TEST((r.bob.of("terminated").at(0).reason == dlg::end_reason::rejected));
    BOOST_TEST(r.alice.layer.counters().live_dialogs == 0u);
    BOOST_TEST(r.bob.layer.counters().live_dialogs == 0u);
}

BOOST_AUTO_TEST_CASE(cancel_after_ringing)
{
    rig r;
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request")
            r.bob.layer.respond(e.id, 180);
    };
    auto id = r.alice.layer.invite(r.call_bob());
    BOOST_TEST_REQUIRE(id.has_value());
    r.clock.settle();
    BOOST_TEST(r.alice.of("progress").size() == 1u);
    BOOST_TEST(!r.alice.layer.cancel(*id));
    r.clock.settle();
    BOOST_TEST(r.bob.of("cancelled").size() == 1u);
    auto failed = r.alice.of("failed");
    BOOST_TEST_REQUIRE(failed.size() == 1u);
    BOOST_TEST(failed[0].status == 487);
    BOOST_TEST((r.alice.of("terminated").at(0).reason == dlg::end_reason::cancelled));
    BOOST_TEST((r.bob.of("terminated").at(0).reason == dlg::end_reason::cancelled));
    BOOST_TEST(r.bob.layer.counters().live_dialogs == 0u);
    // The request id is spent: answering it now is an error, not a crash.
    BOOST_TEST((r.bob.layer.respond(r.bob.of("request")[0].id, 200) == dlg::errc::no_such_request));
}

BOOST_AUTO_TEST_CASE(cancel_before_any_provisional_waits_for_one)
{
    rig r;
    // Bob's INVITE never arrives at first: the CANCEL must not go before a provisional.
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE")
            r.bob.layer.respond(e.id, 183);
    };
    auto id = r.alice.layer.invite(r.call_bob());
    BOOST_TEST_REQUIRE(id.has_value());
    BOOST_TEST(!r.alice.layer.cancel(*id)); // before anything was delivered
    r.clock.settle();
    BOOST_TEST(r.bob.of("cancelled").size() == 1u);
    BOOST_TEST(r.alice.of("failed").at(0).status == 487);
}

BOOST_FIXTURE_TEST_CASE(uas_2xx_is_retransmitted_until_the_ack_and_a_missing_ack_ends_the_call, bob_and_carol)
{
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request")
            bob.layer.respond(e.id, 200);
    };
    carol.send({"10.0.0.2", 5060}, raw_invite("z9hG4bKraw1"));
    clock.settle();
    BOOST_TEST_REQUIRE(carol.starting("SIP/2.0 200").size() == 1u);
    // T1, 2*T1, 4*T1, then every T2 (4 s) until 64*T1 = 32 s.
    clock.advance(500ms);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 2u);
    clock.advance(1000ms);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 3u);
    clock.advance(2000ms);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 4u);
    clock.advance(4000ms);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 5u);
    BOOST_TEST(carol.starting("BYE").empty());
    clock.advance(30s);
    BOOST_TEST_REQUIRE(!carol.starting("BYE ").empty()); // and Timer E resends it: Carol never answers
    auto ended = bob.of("terminated");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST((ended[0].reason == dlg::end_reason::no_ack));
    auto const retransmitted = bob.layer.counters().ok_retransmitted;
    BOOST_TEST(retransmitted >= 8u);
    BOOST_TEST(retransmitted <= 11u);
    // The BYE carries the dialog: Carol's tag in To, Bob's in From, the next CSeq of Bob's side.
    auto const bye = carol.starting("BYE ")[0];
    BOOST_TEST(bye.find("To: <sip:carol@10.0.0.9>;tag=c1") != std::string::npos);
    BOOST_TEST(bye.find("BYE sip:carol@10.0.0.9 SIP/2.0") == 0u);
}

BOOST_FIXTURE_TEST_CASE(the_ack_stops_the_retransmissions, bob_and_carol)
{
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request")
            bob.layer.respond(e.id, 200); // the INVITE, and the INFOs in its dialog
    };
    carol.send({"10.0.0.2", 5060}, raw_invite("z9hG4bKraw2"));
    clock.settle();
    BOOST_TEST_REQUIRE(carol.starting("SIP/2.0 200").size() == 1u);
    auto const tag = tag_in(carol.received[0]);
    clock.advance(500ms);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 2u);
    carol.send({"10.0.0.2", 5060}, raw_in_dialog("ACK", tag, 1, "z9hG4bKack2"));
    clock.settle();
    BOOST_TEST(bob.of("ack").size() == 1u);
    clock.advance(40s);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 2u);
    BOOST_TEST(carol.starting("BYE").empty());
    BOOST_TEST(bob.of("terminated").empty());

    // In the dialog now: a request with a higher CSeq is passed up, a lower one gets 500, one
    // for another tag 481.
    carol.send({"10.0.0.2", 5060}, raw_in_dialog("INFO", tag, 5, "z9hG4bKinfo5"));
    clock.settle();
    BOOST_TEST(bob.of("request").size() == 2u);
    BOOST_TEST(carol.starting("SIP/2.0 200").size() == 3u);
    carol.send({"10.0.0.2", 5060}, raw_in_dialog("INFO", tag, 3, "z9hG4bKinfo3"));
    carol.send({"10.0.0.2", 5060}, raw_in_dialog("INFO", "nosuchtag", 9, "z9hG4bKinfo9"));
    clock.settle();
    BOOST_TEST(carol.starting("SIP/2.0 500").size() == 1u);
    BOOST_TEST(carol.starting("SIP/2.0 481").size() == 1u);
    BOOST_TEST(bob.layer.counters().out_of_order == 1u);
    BOOST_TEST(bob.layer.counters().no_such_dialog == 1u);
    // BYE from Carol ends it.
    carol.send({"10.0.0.2", 5060}, raw_in_dialog("BYE", tag, 6, "z9hG4bKbye6"));
    clock.settle();
    BOOST_TEST((bob.of("terminated").at(0).reason == dlg::end_reason::bye_received));
}

BOOST_FIXTURE_TEST_CASE(options_outside_a_dialog_are_answered_by_the_layer, bob_and_carol)
{
    carol.send({"10.0.0.2", 5060},
               "OPTIONS sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKopt\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: opt@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    auto ok = carol.starting("SIP/2.0 200");
    BOOST_TEST_REQUIRE(ok.size() == 1u);
    BOOST_TEST(ok[0].find("Allow: INVITE") != std::string::npos);
    BOOST_TEST(ok[0].find("Accept: application/sdp") != std::string::npos);
    BOOST_TEST(bob.events.empty());
    // A BYE outside any dialog: 481.
    carol.send({"10.0.0.2", 5060},
               "BYE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKbye\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: nothing@test\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST(carol.starting("SIP/2.0 481").size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_method_nobody_knows_gets_501_with_allow, bob_and_carol)
{
    auto const request = [](std::string const& method, std::string const& n) {
        return method + " sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKun" + n +
               "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: un" + n + "@test\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n";
    };
    // RFC 4475 §3.3.10 (unkmeth) style: an extension method no one here handles.
    carol.send({"10.0.0.2", 5060}, request("NEWMETHOD", "1"));
    // Methods are case-sensitive (§7.1): "invite" is not INVITE.
    carol.send({"10.0.0.2", 5060}, request("invite", "2"));
    clock.settle();
    auto refused = carol.starting("SIP/2.0 501");
    BOOST_TEST_REQUIRE(refused.size() == 2u);
    BOOST_TEST(refused[0].find("\r\nAllow: INVITE") != std::string::npos);
    BOOST_TEST(bob.events.empty());
    BOOST_TEST(bob.layer.counters().not_implemented == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_request_uri_of_an_unknown_scheme_gets_416, bob_and_carol)
{
    // RFC 4475 §3.3.7 (unkscm): OPTIONS nobodyknowsthisscheme:totallyopaquecontent.
    carol.send({"10.0.0.2", 5060},
               "OPTIONS nobodyknowsthisscheme:totallyopaquecontent SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch="
               "z9hG4bKsch\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
               "Call-ID: sch@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST(carol.starting("SIP/2.0 416").size() == 1u);
    BOOST_TEST(bob.layer.counters().unsupported_scheme == 1u);
    BOOST_TEST(bob.events.empty());
}

BOOST_AUTO_TEST_CASE(an_extension_method_the_application_handles_comes_up)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    dlg::layer_options o;
    o.extension_methods = {"NEWMETHOD"};
    agent bob{io, clock, net, "10.0.0.2", o};
    endpoint carol{net, "10.0.0.9"};
    carol.send({"10.0.0.2", 5060}, "NEWMETHOD sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKx"
                                   "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>"
                                   "\r\nCall-ID: x@test\r\nCSeq: 1 NEWMETHOD\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    auto requests = bob.of("request");
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "NEWMETHOD");
}

BOOST_AUTO_TEST_CASE(lost_ack_is_resent_for_each_2xx_retransmission)
{
    rig r;
    int acks_dropped = 0;
    r.net.set_filter([&](tx::memory_address const&, tx::memory_address const&, std::string_view bytes) {
        if (bytes.starts_with("ACK ") && acks_dropped < 2) {
            ++acks_dropped;
            return false;
        }
        return true;
    });
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request")
            r.bob.layer.respond(e.id, 200);
    };
    BOOST_TEST_REQUIRE(r.alice.layer.invite(r.call_bob()).has_value());
    r.clock.settle();
    BOOST_TEST(r.alice.of("answered").size() == 1u);
    BOOST_TEST(r.bob.of("ack").empty());
    r.clock.advance(500ms); // Bob's 200 again; Alice's second ACK is lost too
    BOOST_TEST(r.bob.of("ack").empty());
    r.clock.advance(1000ms); // and again: this ACK arrives
    BOOST_TEST(r.bob.of("ack").size() == 1u);
    BOOST_TEST(acks_dropped == 2);
    BOOST_TEST(r.alice.layer.counters().acks_sent == 3u);
    BOOST_TEST(r.alice.of("answered").size() == 1u); // retransmissions are not new answers
}

BOOST_AUTO_TEST_CASE(reinvite_changes_the_session_and_glare_is_resolved)
{
    rig r;
    auto [a, b] = r.connect();
    // A plain re-INVITE, answered by Bob.
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.in_dialog && e.method == "INVITE")
            r.bob.layer.respond(e.id, 200, {"application/sdp", "v=0 hold answer\r\n", {}, {}});
    };
    int answers = 0;
    BOOST_TEST(!r.alice.layer.request(a, "INVITE", {"application/sdp", "v=0 hold\r\n", {}, {}},
                                      [&](boost::system::error_code ec, sip::message const* m) {
                                          BOOST_TEST(!ec);
                                          BOOST_TEST_REQUIRE(m != nullptr);
                                          BOOST_TEST(m->status_code() == 200);
                                          ++answers;
                                      }));
    // A second one while the first is in progress: refused locally (§14.1).
    BOOST_TEST((r.alice.layer.request(a, "INVITE", {}) == dlg::errc::request_pending));
    r.clock.settle();
    BOOST_TEST(answers == 1);
    BOOST_TEST(r.bob.of("ack").size() == 2u);

    // Glare: both send a re-INVITE at once. Each gets 491, and each retries after its wait;
    // Alice (who owns the Call-ID) waits 2.1-4 s, Bob 0-2 s, so Bob's goes through first.
    r.bob.on_event = {};
    std::vector<int> alice_status, bob_status;
    r.alice.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE")
            r.alice.layer.respond(e.id, 200);
    };
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE")
            r.bob.layer.respond(e.id, 200);
    };
    BOOST_TEST(!r.alice.layer.request(a, "INVITE", {}, [&](boost::system::error_code, sip::message const* m) {
        alice_status.push_back(m ? m->status_code() : 0);
    }));
    BOOST_TEST(!r.bob.layer.request(b, "INVITE", {}, [&](boost::system::error_code, sip::message const* m) {
        bob_status.push_back(m ? m->status_code() : 0);
    }));
    r.clock.settle();
    BOOST_TEST(r.alice.layer.counters().glare_rejected == 1u);
    BOOST_TEST(r.bob.layer.counters().glare_rejected == 1u);
    BOOST_TEST(alice_status.empty()); // the 491 is not the end: a retry is scheduled
    r.clock.advance(2s);
    BOOST_TEST((bob_status == std::vector<int>{200}));
    BOOST_TEST(alice_status.empty());
    r.clock.advance(2s);
    BOOST_TEST((alice_status == std::vector<int>{200}));
    BOOST_TEST(r.alice.layer.find(a) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
