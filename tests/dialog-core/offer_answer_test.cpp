// One offer at a time (RFC 3264 as RFC 3261 §13.2.1/§14, RFC 3262 §5 and RFC 3311 §5 place
// it): the layer carries session descriptions without reading them, and refuses an offer while
// another waits for its answer: locally (errc::offer_pending) for our own, with 491 when
// ours is outstanding and 500 with Retry-After when the peer's is.
#include "dialog_test_support.hpp"

#include <rvoip/sip/message.hpp>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::header_in;
using rvoip::test::sdp;
using rvoip::test::seen;
using rvoip::test::tag_in;

namespace {

/// Bob's layer and Carol writing by hand.
struct bob_and_carol
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};
    std::string bob_tag; ///< set from Bob's first response with a tag

    /// A request from Carol; `body` non-empty: an SDP body.
    void send(std::string const& method, int cseq, std::string const& body = {}, std::string const& branch = {})
    {
        std::string m = method + " sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK" +
                        (branch.empty() ? method + std::to_string(cseq) : branch) +
                        "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>" +
                        (bob_tag.empty() || (method == "INVITE" && cseq == 1) ? "" : ";tag=" + bob_tag) +
                        "\r\nCall-ID: oa1@test\r\nCSeq: " + std::to_string(cseq) + " " + method +
                        "\r\nContact: <sip:carol@10.0.0.9>\r\n";
        if (!body.empty())
            m += "Content-Type: application/sdp\r\n";
        m += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        carol.send({"10.0.0.2", 5060}, std::move(m));
        clock.settle();
    }

    /// The responses Carol got to `cseq_method` ("2 UPDATE"), in order.
    std::vector<std::string> responses_to(std::string const& cseq_method) const
    {
        std::vector<std::string> out;
        for (auto const& r : carol.starting("SIP/2.0 "))
            if (header_in(r, "CSeq") == cseq_method)
                out.push_back(r);
        return out;
    }

    static int status_of(std::string const& response) { return std::stoi(response.substr(8, 3)); }

    /// Carol's INVITE, answered 180 by Bob (the early dialog): Bob's request id of it.
    std::uint64_t invite_ringing(std::string const& offer)
    {
        std::uint64_t id = 0;
        bob.on_event = [&](seen const& e) {
            if (e.kind == "request" && e.method == "INVITE") {
                id = e.id;
                BOOST_TEST(!bob.layer.respond(e.id, 180));
            }
        };
        send("INVITE", 1, offer);
        bob.on_event = {};
        auto ringing = responses_to("1 INVITE");
        BOOST_TEST_REQUIRE(ringing.size() == 1u);
        bob_tag = tag_in(ringing[0]);
        return id;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_offer_answer)

BOOST_FIXTURE_TEST_CASE(an_update_offer_in_the_early_dialog_before_the_answer_gets_500_with_retry_after,
                        bob_and_carol)
{
    auto const invite = invite_ringing("v=0 carol offer\r\n");
    // Bob has Carol's offer and has not answered it (the 180 was not reliable).
    send("UPDATE", 2, "v=0 carol second offer\r\n");
    auto refused = responses_to("2 UPDATE");
    BOOST_TEST_REQUIRE(refused.size() == 1u);
    BOOST_TEST(status_of(refused[0]) == 500);
    BOOST_TEST(!header_in(refused[0], "Retry-After").empty());
    BOOST_TEST(bob.layer.counters().offer_pending == 1u);
    // The 2xx answers; after the ACK an UPDATE with an offer reaches Bob.
    BOOST_TEST(!bob.layer.respond(invite, 200, sdp("v=0 bob answer\r\n")));
    clock.settle();
    send("ACK", 1);
    int updates = 0;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "UPDATE") {
            ++updates;
            BOOST_TEST(e.body == "v=0 carol third offer\r\n");
            BOOST_TEST(!bob.layer.respond(e.id, 200, sdp("v=0 bob answer 2\r\n")));
        }
    };
    send("UPDATE", 3, "v=0 carol third offer\r\n");
    BOOST_TEST(updates == 1);
    auto answered = responses_to("3 UPDATE");
    BOOST_TEST_REQUIRE(answered.size() == 1u);
    BOOST_TEST(status_of(answered[0]) == 200);
}

BOOST_FIXTURE_TEST_CASE(an_offer_crossing_ours_gets_491_and_ours_can_go_once_answered, bob_and_carol)
{
    auto const invite = invite_ringing("v=0 carol offer\r\n");
    BOOST_TEST(!bob.layer.respond(invite, 200, sdp("v=0 bob answer\r\n")));
    clock.settle();
    send("ACK", 1);
    auto const dialog = bob.of("ack").at(0).dialog;

    // Bob offers in an UPDATE; Carol's UPDATE with an offer crosses it.
    int bob_update_status = 0;
    BOOST_TEST(!bob.layer.request(dialog, "UPDATE", sdp("v=0 bob offer\r\n"),
                                  [&](boost::system::error_code, sip::message const* m) {
                                      bob_update_status = m ? m->status_code() : -1;
                                  }));
    // A second offer of Bob's own is refused before anything is sent.
    BOOST_TEST((bob.layer.request(dialog, "UPDATE", sdp("v=0 bob again\r\n")) == dlg::errc::offer_pending));
    BOOST_TEST((bob.layer.request(dialog, "INVITE", sdp("v=0 bob reinvite\r\n")) == dlg::errc::offer_pending));
    // A body-less UPDATE (a session refresh) offers nothing: it may go.
    BOOST_TEST(!bob.layer.request(dialog, "UPDATE", {}));
    send("UPDATE", 2, "v=0 carol crossing offer\r\n");
    auto crossed = responses_to("2 UPDATE");
    BOOST_TEST_REQUIRE(crossed.size() == 1u);
    BOOST_TEST(status_of(crossed[0]) == 491);
    BOOST_TEST(bob.layer.counters().glare_rejected == 1u);

    // Carol answers Bob's UPDATE: his offer is no longer outstanding.
    auto const bob_update = carol.starting("UPDATE ").at(0);
    std::string ok = "SIP/2.0 200 OK\r\nVia: " + header_in(bob_update, "Via") + "\r\nFrom: " +
                     header_in(bob_update, "From") + "\r\nTo: " + header_in(bob_update, "To") + "\r\nCall-ID: " +
                     header_in(bob_update, "Call-ID") + "\r\nCSeq: " + header_in(bob_update, "CSeq") +
                     "\r\nContact: <sip:carol@10.0.0.9>\r\nContent-Type: application/sdp\r\nContent-Length: 15\r\n\r\n"
                     "v=0 carol ans\r\n";
    carol.send({"10.0.0.2", 5060}, ok);
    clock.settle();
    BOOST_TEST(bob_update_status == 200);
    BOOST_TEST(!bob.layer.request(dialog, "UPDATE", sdp("v=0 bob offer 2\r\n")));
}

BOOST_FIXTURE_TEST_CASE(after_an_offerless_invite_the_2xx_offers_and_the_ack_answers, bob_and_carol)
{
    auto const invite = invite_ringing({});
    BOOST_TEST(!bob.layer.respond(invite, 200, sdp("v=0 bob offer in the 200\r\n")));
    clock.settle();
    // Before the ACK brings the answer, Carol's offer crosses Bob's.
    send("UPDATE", 2, "v=0 carol offer\r\n");
    auto crossed = responses_to("2 UPDATE");
    BOOST_TEST_REQUIRE(crossed.size() == 1u);
    BOOST_TEST(status_of(crossed[0]) == 491);
    send("ACK", 1, "v=0 carol answer in the ack\r\n");
    BOOST_TEST_REQUIRE(bob.of("ack").size() == 1u);
    BOOST_TEST(bob.of("ack").at(0).body == "v=0 carol answer in the ack\r\n");
    int updates = 0;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "UPDATE") {
            ++updates;
            BOOST_TEST(!bob.layer.respond(e.id, 488));
        }
    };
    send("UPDATE", 3, "v=0 carol offer 2\r\n");
    BOOST_TEST(updates == 1);
    // Refused with 488: no offer stays outstanding, so Bob may offer.
    BOOST_TEST(!bob.layer.request(bob.of("ack").at(0).dialog, "INVITE", sdp("v=0 bob reinvite\r\n")));
}

BOOST_AUTO_TEST_CASE(between_two_layers_an_unanswered_reinvite_offer_holds_back_the_other_sides_update)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2"};
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE" && !e.in_dialog)
            BOOST_TEST(!bob.layer.respond(e.id, 200, sdp("v=0 answer\r\n")));
    };
    dlg::request_options call;
    call.to = "sip:bob@10.0.0.2";
    call.from = "sip:alice@10.0.0.1";
    call.parts = sdp("v=0 offer\r\n");
    BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
    clock.settle();
    auto const a = alice.of("answered").at(0).dialog;
    auto const b = bob.of("ack").at(0).dialog;

    // Bob puts Alice on hold; Alice's application has not answered yet.
    std::uint64_t reinvite = 0;
    alice.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE")
            reinvite = e.id;
    };
    bob.on_event = {};
    BOOST_TEST(!bob.layer.request(b, "INVITE", sdp("v=0 hold offer\r\n")));
    clock.settle();
    BOOST_TEST_REQUIRE(reinvite != 0u);
    BOOST_TEST((alice.layer.request(a, "UPDATE", sdp("v=0 alice offer\r\n")) == dlg::errc::offer_pending));
    BOOST_TEST(!alice.layer.respond(reinvite, 200, sdp("v=0 hold answer\r\n")));
    clock.settle();
    BOOST_TEST(alice.of("ack").size() == 1u);
    int update_status = 0;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "UPDATE")
            BOOST_TEST(!bob.layer.respond(e.id, 200, sdp("v=0 bob answer\r\n")));
    };
    BOOST_TEST(!alice.layer.request(a, "UPDATE", sdp("v=0 alice offer\r\n"),
                                    [&](boost::system::error_code, sip::message const* m) {
                                        update_status = m ? m->status_code() : -1;
                                    }));
    clock.settle();
    BOOST_TEST(update_status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
