// Reliable provisional responses (RFC 3262) between two dialog layers, and against a peer
// written by hand: RSeq and Require, retransmission until PRACK, PRACKs with a wrong RAck, 504
// after 64*T1, retransmitted and out-of-order reliable responses at the UAC, an offer in a
// reliable 1xx answered in the PRACK, and Require tags the layer does not know (420).
#include "dialog_test_support.hpp"

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::header_in;
using rvoip::test::sdp;
using rvoip::test::seen;
using rvoip::test::tag_in;

namespace {

struct two_layers
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2"};

    dlg::request_options call_bob(std::string sdp)
    {
        dlg::request_options r;
        r.to = "sip:bob@10.0.0.2";
        r.from = "sip:alice@10.0.0.1";
        if (!sdp.empty()) {
            r.parts.content_type = "application/sdp";
            r.parts.body = std::move(sdp);
        }
        return r;
    }
};

/// Bob's layer and Carol writing by hand.
struct bob_and_carol
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};

    void invite(std::string const& extra, std::string const& call_id = "rel1@test")
    {
        carol.send({"10.0.0.2", 5060},
                   "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK" +
                       call_id.substr(0, call_id.find('@')) +
                       "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>\r\n"
                       "Call-ID: " + call_id + "\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\n" + extra +
                       "Content-Length: 0\r\n\r\n");
        clock.settle();
    }

    void prack(std::string const& to_tag, std::string const& rack, int cseq, std::string const& call_id = "rel1@test")
    {
        carol.send({"10.0.0.2", 5060},
                   "PRACK sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKp" +
                       std::to_string(cseq) + "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\n"
                       "To: <sip:bob@10.0.0.2>;tag=" + to_tag + "\r\nCall-ID: " + call_id +
                       "\r\nCSeq: " + std::to_string(cseq) + " PRACK\r\nRAck: " + rack + "\r\nContent-Length: 0\r\n\r\n");
        clock.settle();
    }

    std::uint64_t invite_id() const { return bob.of("request").at(0).id; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_reliable_provisional)

BOOST_AUTO_TEST_CASE(reliable_183_with_the_answer_is_pracked_then_the_call_is_answered)
{
    two_layers r;
    std::vector<std::uint64_t> pracks;
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE") {
            BOOST_TEST(e.raw.find("Supported: 100rel") != std::string::npos);
            BOOST_TEST(!r.bob.layer.respond_reliably(e.id, 183, sdp("v=0 answer\r\n")));
            // The answer went in the 183: no 2xx before its PRACK, and one reliable at a time.
            BOOST_TEST((r.bob.layer.respond(e.id, 200) == dlg::errc::request_pending));
            BOOST_TEST((r.bob.layer.respond_reliably(e.id, 180) == dlg::errc::request_pending));
        } else if (e.kind == "request" && e.method == "PRACK") {
            BOOST_TEST(e.in_dialog);
            pracks.push_back(e.id);
        }
    };
    BOOST_TEST_REQUIRE(r.alice.layer.invite(r.call_bob("v=0 offer\r\n")).has_value());
    r.clock.settle();
    auto progress = r.alice.of("progress");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(progress[0].status == 183);
    BOOST_TEST(progress[0].rseq != 0u);
    BOOST_TEST(!progress[0].prack_wanted); // an answer: the layer PRACKs by itself
    BOOST_TEST_REQUIRE(pracks.size() == 1u);
    auto const invite = r.bob.of("request").at(0).id;
    BOOST_TEST(!r.bob.layer.respond(pracks[0], 200));
    BOOST_TEST(!r.bob.layer.respond(invite, 200));
    r.clock.settle();
    BOOST_TEST(r.alice.of("answered").size() == 1u);
    BOOST_TEST(r.bob.of("ack").size() == 1u);
    // The PRACK's 200 left the dialog early; the INVITE's 200 confirmed it.
    auto const* d = r.alice.layer.find(r.alice.of("answered").at(0).dialog);
    BOOST_TEST_REQUIRE(d != nullptr);
    BOOST_TEST((d->current_state() == dlg::dialog::state::confirmed));
    BOOST_TEST(r.bob.layer.counters().reliable_retransmitted == 0u);
    BOOST_TEST(r.bob.layer.counters().prack_unmatched == 0u);
}

BOOST_AUTO_TEST_CASE(an_offer_in_a_reliable_1xx_waits_for_the_callers_prack_with_the_answer)
{
    two_layers r;
    std::string prack_body;
    r.bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE") {
            BOOST_TEST(e.body.empty());
            BOOST_TEST(!r.bob.layer.respond_reliably(e.id, 183, sdp("v=0 offer from bob\r\n")));
        } else if (e.kind == "request" && e.method == "PRACK") {
            prack_body = e.body;
            BOOST_TEST(!r.bob.layer.respond(e.id, 200));
        }
    };
    BOOST_TEST_REQUIRE(r.alice.layer.invite(r.call_bob("")).has_value());
    r.clock.settle();
    auto progress = r.alice.of("progress");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(progress[0].prack_wanted);
    BOOST_TEST(r.bob.of("request").size() == 1u); // no PRACK yet
    BOOST_TEST(!r.alice.layer.prack(progress[0].dialog, sdp("v=0 answer from alice\r\n")));
    BOOST_TEST((r.alice.layer.prack(progress[0].dialog) == dlg::errc::no_such_request)); // only once
    r.clock.settle();
    BOOST_TEST(prack_body == "v=0 answer from alice\r\n");
}

BOOST_AUTO_TEST_CASE(the_uas_sends_again_until_the_prack_and_refuses_a_wrong_rack)
{
    bob_and_carol r;
    r.invite("Supported: 100rel\r\n");
    BOOST_TEST(!r.bob.layer.respond_reliably(r.invite_id(), 180));
    r.clock.settle();
    auto ringing = r.carol.starting("SIP/2.0 180");
    BOOST_TEST_REQUIRE(ringing.size() == 1u);
    BOOST_TEST(header_in(ringing[0], "Require") == "100rel");
    auto const rseq = header_in(ringing[0], "RSeq");
    BOOST_TEST_REQUIRE(!rseq.empty());
    auto const n = std::stoul(rseq);
    BOOST_TEST((n >= 1 && n <= 2147483647ul));
    // T1, then 2*T1: sent again.
    r.clock.advance(500ms);
    r.clock.advance(1s);
    BOOST_TEST(r.carol.starting("SIP/2.0 180").size() == 3u);
    BOOST_TEST(r.bob.layer.counters().reliable_retransmitted == 2u);

    auto const tag = tag_in(ringing[0]);
    r.prack(tag, std::to_string(n + 1) + " 1 INVITE", 2); // acknowledges a response never sent
    BOOST_TEST(r.carol.starting("SIP/2.0 481").size() == 1u);
    BOOST_TEST(r.bob.layer.counters().prack_unmatched == 1u);
    r.prack(tag, rseq + " 1 INVITE", 3);
    auto pracks = r.bob.of("request");
    BOOST_TEST_REQUIRE(pracks.size() == 2u);
    BOOST_TEST(pracks[1].method == "PRACK");
    BOOST_TEST(!r.bob.layer.respond(pracks[1].id, 200));
    r.clock.advance(4s);
    BOOST_TEST(r.carol.starting("SIP/2.0 180").size() == 3u); // no more once PRACKed
    // The next reliable one counts up from there.
    BOOST_TEST(!r.bob.layer.respond_reliably(r.invite_id(), 183));
    r.clock.settle();
    auto progress = r.carol.starting("SIP/2.0 183");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(header_in(progress[0], "RSeq") == std::to_string(n + 1));
}

BOOST_AUTO_TEST_CASE(no_prack_in_64_t1_refuses_the_invite_with_504)
{
    bob_and_carol r;
    r.invite("Require: 100rel\r\n");
    // The caller requires it: a plain respond() goes reliably too.
    BOOST_TEST(!r.bob.layer.respond(r.invite_id(), 180));
    r.clock.settle();
    BOOST_TEST_REQUIRE(r.carol.starting("SIP/2.0 180").size() == 1u);
    BOOST_TEST(!header_in(r.carol.starting("SIP/2.0 180")[0], "RSeq").empty());
    r.clock.advance(33s);
    r.clock.settle();
    BOOST_TEST(r.carol.starting("SIP/2.0 504").size() >= 1u);
    auto ended = r.bob.of("terminated");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST((ended[0].reason == dlg::end_reason::no_prack));
    BOOST_TEST((r.bob.layer.respond(r.invite_id(), 200) == dlg::errc::no_such_request));
}

BOOST_AUTO_TEST_CASE(reliably_is_refused_to_a_caller_without_100rel)
{
    bob_and_carol r;
    r.invite("");
    BOOST_TEST((r.bob.layer.respond_reliably(r.invite_id(), 180) == dlg::errc::bad_request));
    BOOST_TEST((r.bob.layer.respond_reliably(r.invite_id(), 200) == dlg::errc::bad_request));
    BOOST_TEST(!r.bob.layer.respond(r.invite_id(), 180)); // unreliable is fine
    r.clock.settle();
    BOOST_TEST(header_in(r.carol.starting("SIP/2.0 180").at(0), "RSeq").empty());
}

BOOST_AUTO_TEST_CASE(a_require_the_layer_does_not_know_gets_420_with_unsupported)
{
    bob_and_carol r;
    r.invite("Require: 100rel, foo, bar\r\n");
    auto bad = r.carol.starting("SIP/2.0 420");
    BOOST_TEST_REQUIRE(bad.size() == 1u);
    BOOST_TEST(header_in(bad[0], "Unsupported") == "foo, bar");
    BOOST_TEST(r.bob.of("request").empty());
    BOOST_TEST(r.bob.layer.counters().bad_extension == 1u);
}

BOOST_AUTO_TEST_CASE(the_uac_takes_each_reliable_response_once_and_in_order)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    endpoint carol{net, "10.0.0.9"};
    dlg::request_options call;
    call.to = "sip:carol@10.0.0.9";
    call.from = "sip:alice@10.0.0.1";
    call.parts = sdp("v=0 offer\r\n");
    BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
    clock.settle();
    auto invites = carol.starting("INVITE");
    BOOST_TEST_REQUIRE(invites.size() == 1u);
    auto const& inv = invites[0];
    auto const reliable = [&](std::uint32_t rseq) {
        return "SIP/2.0 180 Ringing\r\nVia: " + header_in(inv, "Via") + "\r\nFrom: " + header_in(inv, "From") +
               "\r\nTo: " + header_in(inv, "To") + ";tag=k1\r\nCall-ID: " + header_in(inv, "Call-ID") +
               "\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\nRequire: 100rel\r\nRSeq: " +
               std::to_string(rseq) + "\r\nContent-Length: 0\r\n\r\n";
    };
    carol.send({"10.0.0.1", 5060}, reliable(5));
    clock.settle();
    carol.send({"10.0.0.1", 5060}, reliable(5)); // a retransmission
    clock.settle();
    carol.send({"10.0.0.1", 5060}, reliable(7)); // one skipped: not in order
    clock.settle();
    auto progress = alice.of("progress");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(progress[0].rseq == 5u);
    auto pracks = carol.starting("PRACK");
    BOOST_TEST_REQUIRE(pracks.size() == 1u);
    BOOST_TEST(header_in(pracks[0], "RAck") == "5 1 INVITE");
    BOOST_TEST(header_in(pracks[0], "CSeq") == "2 PRACK");
    BOOST_TEST(pracks[0].starts_with("PRACK sip:carol@10.0.0.9 SIP/2.0")); // to the 180's Contact
    carol.send({"10.0.0.1", 5060}, reliable(6));
    clock.settle();
    BOOST_TEST(alice.of("progress").size() == 2u);
    BOOST_TEST(carol.starting("PRACK").size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
