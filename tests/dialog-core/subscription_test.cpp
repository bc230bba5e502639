// SIP events (RFC 6665) between two dialog layers, and against a bare endpoint playing a
// notifier that answers late, forks or stays silent: subscription, NOTIFY at once and on each
// change, refresh, unsubscription, expiry, 489/423, resubscription after "deactivated", and
// PUBLISH (RFC 3903) with its entity-tag through refresh, 412, modification and removal.
#include "dialog_test_support.hpp"

#include <rvoip/sip/message.hpp>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::header_in;
using rvoip::test::response_to;
using rvoip::test::seen;

namespace {

dlg::layer_options serving(std::vector<std::string> packages)
{
    dlg::layer_options o;
    o.event_packages = std::move(packages);
    return o;
}

std::string const pidf_open =
    "<?xml version=\"1.0\"?>\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:bob@10.0.0.2\">"
    "<tuple id=\"t1\"><status><basic>open</basic></status></tuple></presence>\r\n";

dlg::notify_content pidf(std::string body)
{
    dlg::notify_content c;
    c.content_type = "application/pidf+xml";
    c.body = std::move(body);
    return c;
}

struct rig
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2", serving({"presence", "message-summary"})};
    endpoint carol{net, "10.0.0.9"};

    dlg::subscribe_options to(std::string const& uri, std::string event = "presence")
    {
        dlg::subscribe_options o;
        o.to = uri;
        o.from = "sip:alice@10.0.0.1";
        o.event = std::move(event);
        o.expires = 600s;
        return o;
    }

    /// Bob accepts every SUBSCRIBE with `first` as its first state.
    void bob_accepts(dlg::notify_content first, dlg::subscription_id* accepted = nullptr)
    {
        bob.on_event = [this, first, accepted](seen const& e) {
            if (e.kind == "request" && e.method == "SUBSCRIBE") {
                auto id = bob.layer.accept_subscription(e.id, first);
                BOOST_TEST_REQUIRE(id.has_value());
                if (accepted)
                    *accepted = *id;
            }
        };
    }

    /// Carol's NOTIFY (as a bare notifier) for the SUBSCRIBE `subscribe` she received, from
    /// her dialog `tag`.
    void carol_notifies(std::string const& subscribe, std::string const& tag, int cseq, std::string const& state)
    {
        auto const from = header_in(subscribe, "From");
        carol.send({"10.0.0.1", 5060},
                   "NOTIFY sip:alice@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKn" + tag +
                       std::to_string(cseq) + "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=" + tag +
                       "\r\nTo: " + from + "\r\nCall-ID: " + header_in(subscribe, "Call-ID") + "\r\nCSeq: " +
                       std::to_string(cseq) + " NOTIFY\r\nContact: <sip:carol@10.0.0.9>\r\nEvent: presence\r\n" +
                       (state.empty() ? "" : "Subscription-State: " + state + "\r\n") + "Content-Length: 0\r\n\r\n");
        clock.settle();
    }

    /// Statuses of the responses Carol got (to her NOTIFYs), in order.
    std::vector<int> carol_statuses() const
    {
        std::vector<int> out;
        for (auto const& r : carol.starting("SIP/2.0 "))
            out.push_back(std::stoi(r.substr(8, 3)));
        return out;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_subscription)

BOOST_FIXTURE_TEST_CASE(a_presence_subscription_lives_from_subscribe_to_unsubscribe, rig)
{
    dlg::subscription_id served = 0;
    bob_accepts(pidf(pidf_open), &served);
    auto id = alice.layer.subscribe(to("sip:bob@10.0.0.2"));
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();

    // Bob's layer answered 200 and sent the first NOTIFY at once (RFC 6665 §4.2.1.2).
    auto n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 1u);
    BOOST_TEST(n[0].id == *id);
    BOOST_TEST((n[0].state == sip::substate::active));
    BOOST_TEST(n[0].expires == 600u);
    BOOST_TEST(n[0].body == pidf_open);
    BOOST_TEST(header_in(n[0].raw, "Event") == "presence");
    auto const subscriber_dialog = n[0].dialog;
    BOOST_TEST(alice.layer.find(subscriber_dialog) != nullptr);
    BOOST_TEST(alice.layer.counters().live_subscriptions == 1u);
    BOOST_TEST(bob.layer.counters().live_subscriptions == 1u);

    // A change of state.
    auto closed = pidf_open;
    closed.replace(closed.find("open"), 4, "closed");
    BOOST_TEST(!bob.layer.notify(served, pidf(closed)));
    clock.settle();
    BOOST_TEST_REQUIRE(alice.of("notification").size() == 2u);
    BOOST_TEST(alice.of("notification")[1].body == closed);

    // The refresh a minute before expiry: Bob's layer answers it with the last state.
    clock.advance(541s);
    clock.settle();
    BOOST_TEST(alice.layer.counters().subscriptions_refreshed == 1u);
    n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 3u);
    BOOST_TEST(n[2].body == closed);
    BOOST_TEST(n[2].expires == 600u);

    // Well past the first expiry it lives on.
    clock.advance(300s);
    clock.settle();
    BOOST_TEST(alice.of("ended").empty());
    BOOST_TEST(bob.of("ended").empty());

    BOOST_TEST(!alice.layer.unsubscribe(*id));
    clock.settle();
    n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 4u);
    BOOST_TEST((n[3].state == sip::substate::terminated));
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].last);
    BOOST_TEST(!ended[0].resubscribing);
    auto served_end = bob.of("ended");
    BOOST_TEST_REQUIRE(served_end.size() == 1u);
    BOOST_TEST(served_end[0].notifier);
    BOOST_TEST(served_end[0].why == "unsubscribed");
    // The dialogs the subscription made ended with it.
    BOOST_TEST(alice.layer.find(subscriber_dialog) == nullptr);
    BOOST_TEST(alice.layer.counters().live_dialogs == 0u);
    BOOST_TEST(bob.layer.counters().live_dialogs == 0u);
    BOOST_TEST(alice.layer.counters().live_subscriptions == 0u);
    BOOST_TEST((alice.of("terminated").at(0).reason == dlg::end_reason::subscription_ended));
    BOOST_TEST((alice.layer.unsubscribe(*id) == dlg::errc::no_such_request));
}

BOOST_FIXTURE_TEST_CASE(a_package_not_served_gets_489_with_allow_events, rig)
{
    auto id = alice.layer.subscribe(to("sip:bob@10.0.0.2", "dialog"));
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].status == 489);
    BOOST_TEST(ended[0].why == "refused");
    BOOST_TEST(ended[0].last);
    BOOST_TEST(!ended[0].resubscribing);
    BOOST_TEST(bob.layer.counters().bad_event == 1u);
    BOOST_TEST(bob.of("request").empty());

    // A SUBSCRIBE without Event, from a bare endpoint: 400.
    carol.send({"10.0.0.2", 5060}, "SUBSCRIBE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKne"
                                   "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>"
                                   "\r\nCall-ID: ne@test\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:carol@10.0.0.9>"
                                   "\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST(carol_statuses() == std::vector<int>{400});
    // OPTIONS says what is served.
    bool answered = false;
    dlg::request_options ping;
    ping.to = "sip:bob@10.0.0.2";
    ping.from = "sip:alice@10.0.0.1";
    BOOST_TEST(!alice.layer.send("OPTIONS", ping, [&](boost::system::error_code, sip::message const* m) {
        BOOST_TEST_REQUIRE(m);
        answered = true;
        auto const events = m->find("Allow-Events");
        BOOST_TEST_REQUIRE(events.has_value());
        BOOST_TEST(events->value == "refer, presence, message-summary");
    }));
    clock.settle();
    BOOST_TEST(answered);
}

BOOST_FIXTURE_TEST_CASE(a_subscription_too_brief_is_asked_again_with_min_expires, rig)
{
    bob_accepts(pidf(pidf_open));
    auto o = to("sip:bob@10.0.0.2");
    o.expires = 10s; // Bob's least is 60 s
    BOOST_TEST_REQUIRE(alice.layer.subscribe(o).has_value());
    clock.settle();
    auto n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 1u);
    BOOST_TEST(n[0].expires == 60u);
    BOOST_TEST(bob.of("request").size() == 1u); // the 423 was the layer's
}

BOOST_FIXTURE_TEST_CASE(a_subscription_not_refreshed_expires_at_the_notifier, rig)
{
    dlg::subscription_id served = 0;
    bob_accepts(pidf(pidf_open), &served);
    carol.send({"10.0.0.2", 5060}, "SUBSCRIBE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKx1"
                                   "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c1\r\nTo: <sip:bob@10.0.0.2>"
                                   "\r\nCall-ID: x1@test\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:carol@10.0.0.9>"
                                   "\r\nEvent: presence\r\nExpires: 7200\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    auto ok = carol.starting("SIP/2.0 200");
    BOOST_TEST_REQUIRE(ok.size() == 1u);
    BOOST_TEST(header_in(ok[0], "Expires") == "3600"); // capped at the longest we grant
    auto notifies = carol.starting("NOTIFY ");
    BOOST_TEST_REQUIRE(notifies.size() == 1u);
    BOOST_TEST(header_in(notifies[0], "Subscription-State") == "active;expires=3600");
    carol.send({"10.0.0.2", 5060}, response_to(notifies[0], 200, "c1"));
    clock.advance(3601s);
    clock.settle();
    notifies = carol.starting("NOTIFY ");
    BOOST_TEST_REQUIRE(notifies.size() >= 2u);
    BOOST_TEST(header_in(notifies[1], "Subscription-State") == "terminated;reason=timeout");
    auto ended = bob.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].why == "expired");
    BOOST_TEST(ended[0].id == served);
    BOOST_TEST((bob.layer.notify(served, pidf(pidf_open)) == dlg::errc::no_such_request));
    BOOST_TEST(bob.layer.counters().live_dialogs == 0u);
}

BOOST_FIXTURE_TEST_CASE(notifies_before_the_2xx_and_from_forks_make_a_dialog_each, rig)
{
    auto id = alice.layer.subscribe(to("sip:carol@10.0.0.9"));
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();
    auto subscribes = carol.starting("SUBSCRIBE ");
    BOOST_TEST_REQUIRE(subscribes.size() == 1u);
    auto const& subscribe = subscribes[0];
    BOOST_TEST(header_in(subscribe, "Accept") == "application/pidf+xml");
    BOOST_TEST(header_in(subscribe, "Expires") == "600");

    carol_notifies(subscribe, "f1", 1, "active;expires=500");
    carol_notifies(subscribe, "f2", 1, "pending;expires=500");
    carol_notifies(subscribe, "f2", 2, ""); // no Subscription-State: 400
    BOOST_TEST(carol_statuses() == (std::vector<int>{200, 200, 400}));
    auto n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 2u);
    BOOST_TEST(n[0].dialog.remote_tag == "f1");
    BOOST_TEST(n[1].dialog.remote_tag == "f2");
    BOOST_TEST((n[1].state == sip::substate::pending));
    BOOST_TEST(n[0].expires == 500u);
    BOOST_TEST(alice.layer.counters().live_dialogs == 2u);

    // The 2xx of the first fork's dialog makes no third one.
    carol.send({"10.0.0.1", 5060}, response_to(subscribe, 200, "f1", "Contact: <sip:carol@10.0.0.9>\r\nExpires: 600\r\n"));
    clock.settle();
    BOOST_TEST(alice.layer.counters().live_dialogs == 2u);

    // A NOTIFY in the dialog with another Event is for no subscription: 481.
    auto const before = carol.received.size();
    auto other = subscribe;
    carol.send({"10.0.0.1", 5060},
               "NOTIFY sip:alice@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKo1\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=f1\r\nTo: " +
                   header_in(subscribe, "From") + "\r\nCall-ID: " + header_in(subscribe, "Call-ID") +
                   "\r\nCSeq: 9 NOTIFY\r\nContact: <sip:carol@10.0.0.9>\r\nEvent: dialog\r\n"
                   "Subscription-State: active\r\nContent-Length: 0\r\n\r\n");
    clock.settle();
    BOOST_TEST_REQUIRE(carol.received.size() > before);
    BOOST_TEST(carol.received.back().starts_with("SIP/2.0 481"));

    // One fork ends; the subscription goes on in the other.
    carol_notifies(subscribe, "f2", 3, "terminated;reason=rejected");
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].dialog.remote_tag == "f2");
    BOOST_TEST(ended[0].why == "rejected");
    BOOST_TEST(!ended[0].last);
    BOOST_TEST(!ended[0].resubscribing);
    BOOST_TEST(alice.layer.counters().live_dialogs == 1u);

    // The refresh goes in the dialog left, with a CSeq above the SUBSCRIBE's.
    clock.advance(441s);
    clock.settle();
    subscribes = carol.starting("SUBSCRIBE ");
    BOOST_TEST_REQUIRE(subscribes.size() >= 2u); // and its retransmissions: Carol does not answer
    BOOST_TEST(header_in(subscribes[1], "To").find("tag=f1") != std::string::npos);
    BOOST_TEST(header_in(subscribes[1], "CSeq") == "2 SUBSCRIBE");
    BOOST_TEST(subscribes[1].starts_with("SUBSCRIBE sip:carol@10.0.0.9 "));
}

BOOST_FIXTURE_TEST_CASE(a_2xx_without_any_notify_fails_the_subscription_after_64_t1, rig)
{
    auto o = to("sip:carol@10.0.0.9");
    BOOST_TEST_REQUIRE(alice.layer.subscribe(o).has_value());
    clock.settle();
    auto const subscribe = carol.starting("SUBSCRIBE ").at(0);
    carol.send({"10.0.0.1", 5060}, response_to(subscribe, 200, "q1", "Contact: <sip:carol@10.0.0.9>\r\nExpires: 600\r\n"));
    clock.settle();
    BOOST_TEST(alice.of("ended").empty());
    clock.advance(33s);
    clock.settle();
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].why == "no_notify");
    BOOST_TEST(ended[0].last);
    BOOST_TEST(alice.layer.counters().live_dialogs == 0u);
}

BOOST_FIXTURE_TEST_CASE(deactivated_subscribes_again_with_a_new_dialog, rig)
{
    dlg::subscription_id served = 0;
    bob_accepts(pidf(pidf_open), &served);
    auto id = alice.layer.subscribe(to("sip:bob@10.0.0.2"));
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();
    auto const first = alice.of("notification").at(0).dialog;
    BOOST_TEST(!bob.layer.end_subscription(served, "deactivated"));
    clock.settle();
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].why == "deactivated");
    BOOST_TEST(ended[0].resubscribing);
    BOOST_TEST(!ended[0].last);
    clock.advance(1s);
    clock.settle();
    auto n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 3u); // active, terminated, and the new subscription's first
    BOOST_TEST(n[2].id == *id);
    BOOST_TEST(n[2].dialog.call_id != first.call_id);
    BOOST_TEST((n[2].state == sip::substate::active));
}

BOOST_FIXTURE_TEST_CASE(a_fetch_gets_one_terminated_notify_and_no_resubscription, rig)
{
    bob_accepts(pidf(pidf_open));
    auto o = to("sip:bob@10.0.0.2");
    o.expires = 0s;
    auto id = alice.layer.subscribe(o);
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();
    clock.advance(40s);
    clock.settle();
    auto n = alice.of("notification");
    BOOST_TEST_REQUIRE(n.size() == 1u);
    BOOST_TEST((n[0].state == sip::substate::terminated));
    BOOST_TEST(n[0].body == pidf_open);
    auto ended = alice.of("ended");
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].last);
    BOOST_TEST(!ended[0].resubscribing);
    BOOST_TEST(alice.layer.counters().live_dialogs == 0u);
    BOOST_TEST(bob.layer.counters().live_dialogs == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_publication_keeps_its_entity_tag_through_refresh_412_modify_and_removal, rig)
{
    // Bob plays the event state compositor.
    std::vector<std::string> publishes;
    int next_tag = 1;
    bool lose_next = false;
    bob.on_event = [&](seen const& e) {
        if (e.kind != "request" || e.method != "PUBLISH")
            return;
        publishes.push_back(e.raw);
        if (lose_next) {
            lose_next = false;
            BOOST_TEST(!bob.layer.respond(e.id, 412));
            return;
        }
        dlg::message_parts ok;
        ok.headers = {{"SIP-ETag", "e" + std::to_string(next_tag++)}, {"Expires", "120"}};
        BOOST_TEST(!bob.layer.respond(e.id, 200, ok));
    };
    dlg::publish_options o;
    o.aor = "sip:alice@10.0.0.2";
    o.body = pidf_open;
    o.expires = 120s;
    auto id = alice.layer.publish(o);
    BOOST_TEST_REQUIRE(id.has_value());
    clock.settle();
    auto p = alice.of("publication");
    BOOST_TEST_REQUIRE(p.size() == 1u);
    BOOST_TEST((p[0].pub == dlg::publication_changed::state::published));
    BOOST_TEST(p[0].etag == "e1");
    BOOST_TEST(p[0].expires == 120u);
    BOOST_TEST_REQUIRE(publishes.size() == 1u);
    BOOST_TEST(header_in(publishes[0], "Event") == "presence");
    BOOST_TEST(header_in(publishes[0], "SIP-If-Match").empty());
    BOOST_TEST(publishes[0].ends_with(pidf_open));

    // The refresh, a minute early: the entity-tag and no body (RFC 3903 §4.3).
    clock.advance(61s);
    clock.settle();
    BOOST_TEST_REQUIRE(publishes.size() == 2u);
    BOOST_TEST(header_in(publishes[1], "SIP-If-Match") == "e1");
    BOOST_TEST(header_in(publishes[1], "Content-Length") == "0");
    BOOST_TEST(alice.of("publication").back().etag == "e2");

    // The ESC lost the state: 412, and the state is published anew.
    lose_next = true;
    clock.advance(61s);
    clock.settle();
    BOOST_TEST_REQUIRE(publishes.size() == 4u);
    BOOST_TEST(header_in(publishes[3], "SIP-If-Match").empty());
    BOOST_TEST(publishes[3].ends_with(pidf_open));
    BOOST_TEST(alice.of("publication").back().etag == "e3");

    BOOST_TEST(!alice.layer.modify_publication(*id, "<presence/>"));
    clock.settle();
    BOOST_TEST_REQUIRE(publishes.size() == 5u);
    BOOST_TEST(header_in(publishes[4], "SIP-If-Match") == "e3");
    BOOST_TEST(publishes[4].ends_with("<presence/>"));

    BOOST_TEST(!alice.layer.stop_publication(*id));
    clock.settle();
    BOOST_TEST_REQUIRE(publishes.size() == 6u);
    BOOST_TEST(header_in(publishes[5], "Expires") == "0");
    BOOST_TEST(header_in(publishes[5], "SIP-If-Match") == "e4");
    BOOST_TEST((alice.of("publication").back().pub == dlg::publication_changed::state::removed));
    BOOST_TEST((alice.layer.stop_publication(*id) == dlg::errc::no_such_request));
}

BOOST_AUTO_TEST_SUITE_END()
