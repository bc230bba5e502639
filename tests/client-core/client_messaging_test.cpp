// Messages, registration and presence failures answered by a real peer, the no-answer timeout,
// and call quality measured through the impairing relay.
#include "client_test_support.hpp"

#include "impair_relay.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

using namespace rvoip::client;
using namespace rvoip::client::test;
using namespace std::chrono_literals;

namespace {

double mean_mos(std::vector<media_quality_changed_event> const& q)
{
    double sum = 0;
    for (auto const& e : q)
        sum += e.quality.mos;
    return q.empty() ? 0 : sum / static_cast<double>(q.size());
}

/// Alice calls Bob, whose media is behind a relay on 127.0.0.2 keeping the port numbers;
/// returns Bob's quality samples (what he received through the relay).
std::vector<media_quality_changed_event> relayed_quality(rvoip::netimpair::impairment imp, std::uint64_t& dropped)
{
    constexpr std::uint16_t bob_rtp = 41100;
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    rvoip::netimpair::relay_options r;
    r.listen_address = "127.0.0.2";
    r.listen_port = bob_rtp;
    r.target_port = bob_rtp;
    r.forward = imp;
    r.seed = 7;
    rvoip::netimpair::impair_relay relay(io, r);
    std::thread relay_thread([&] { io.run(); });
    std::vector<media_quality_changed_event> out;
    {
        party alice("alice", [](client_builder& b) { b.symmetric_rtp(false).codecs({"PCMU"}); });
        party bob("bob", [](client_builder& b) {
            b.media_public_address("127.0.0.2").rtp_ports(bob_rtp, bob_rtp + 1).codecs({"PCMU"}).auto_answer(true);
        });
        call_request req;
        req.to = bob.uri();
        req.audio = alice.audio(1000);
        auto a = alice.c->make_call(std::move(req)).value();
        BOOST_TEST_REQUIRE(alice.wait_state(a, call_state::connected));
        BOOST_TEST(eventually([&] { return bob.log.of<media_quality_changed_event>().size() >= 6u; }, 6s));
        out = bob.log.of<media_quality_changed_event>();
        auto q = bob.c->get_call_quality(bob.c->list_calls().at(0).id).value();
        BOOST_TEST(q.samples >= 4u);
        BOOST_TEST(q.history.size() == q.samples);
    }
    dropped = relay.forward().dropped;
    work.reset();
    io.stop();
    relay_thread.join();
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_messaging_test)

BOOST_AUTO_TEST_CASE(a_message_arrives_with_its_sender_type_and_body)
{
    party alice("alice"), bob("bob");
    alice.c->send_message(bob.uri(), "hello bob", "text/plain").value();
    BOOST_TEST(bob.log.wait_for<message_received_event>([](auto const& m) { return m.body == "hello bob"; }));
    auto m = bob.log.of<message_received_event>().at(0);
    BOOST_TEST(m.content_type == "text/plain");
    BOOST_TEST(m.from.starts_with("sip:alice@127.0.0.1"));
    BOOST_TEST(alice.c->get_client_stats().messages_sent == 1u);
    BOOST_TEST(bob.c->get_client_stats().messages_received == 1u);
    auto bad = alice.c->send_message("nobody", "x").get();
    BOOST_TEST((!bad.has_value() && bad.error().code() == errc::invalid_uri));
}

BOOST_AUTO_TEST_CASE(a_refused_registration_fails_with_the_registrars_status)
{
    party alice("alice"), not_a_registrar("bob");
    registration_config c;
    c.server = "sip:" + not_a_registrar.c->local_address();
    c.from_uri = "sip:alice@127.0.0.1";
    c.password = "secret";
    auto r = alice.c->register_account(c).get();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code() == errc::registration_failed));
    BOOST_TEST((r.error().category() == error_category::registration));
    BOOST_TEST(r.error().status() == 405);
    BOOST_TEST(r.error().is_recoverable());
    auto regs = alice.c->list_registrations();
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].state == registration_state::failed));
    BOOST_TEST(regs[0].status == 405);
    BOOST_TEST(alice.log.wait_for<registration_status_changed_event>(
        [](auto const& e) { return e.state == registration_state::failed && e.status == 405; }));
    c.server = "example.com";
    BOOST_TEST((alice.c->register_account(c).get().error().code() == errc::invalid_uri));
    BOOST_TEST((alice.c->unregister(999).get().error().code() == errc::registration_not_found));
}

BOOST_AUTO_TEST_CASE(presence_refused_by_a_peer_that_serves_none_fails_with_its_status)
{
    party alice("alice"), bob("bob");
    auto s = alice.c->subscribe_presence(bob.uri()).get();
    BOOST_TEST_REQUIRE(!s.has_value());
    BOOST_TEST((s.error().code() == errc::request_failed));
    BOOST_TEST(s.error().status() == 489); // RFC 6665 §8.3.2 Bad Event
    // PUBLISH goes to our own address of record, here through Bob as outbound proxy.
    party carol("carol", [&](client_builder& b) { b.outbound_proxy("sip:" + bob.c->local_address()); });
    auto p = carol.c->publish_presence(presence_status::available, "at my desk").get();
    BOOST_TEST_REQUIRE(!p.has_value());
    BOOST_TEST((p.error().code() == errc::request_failed));
    BOOST_TEST(p.error().status() >= 400);
}

BOOST_AUTO_TEST_CASE(an_unanswered_call_is_cancelled_after_the_session_timeout)
{
    party alice("alice", [](client_builder& b) { b.session_timeout(1s); }), bob("bob");
    auto a = alice.c->make_call(bob.uri()).value();
    auto b = bob.wait_incoming();
    BOOST_TEST(bob.wait_state(b, call_state::cancelled, 3s));
    auto info = alice.c->get_call(a).value();
    BOOST_TEST((info.state == call_state::cancelled));
    BOOST_TEST(info.end_reason == "no answer in 1 s");
}

BOOST_AUTO_TEST_CASE(quality_events_carry_a_mos_that_drops_with_loss_and_jitter)
{
    std::uint64_t dropped = 0;
    auto clean = relayed_quality({}, dropped);
    BOOST_TEST(dropped == 0u);
    rvoip::netimpair::impairment bad;
    bad.loss_pct = 5;
    bad.jitter = 30ms;
    auto lossy = relayed_quality(bad, dropped);
    BOOST_TEST(dropped > 0u);
    BOOST_TEST_REQUIRE(clean.size() >= 4u);
    BOOST_TEST_REQUIRE(lossy.size() >= 4u);
    BOOST_TEST(mean_mos(clean) > 4.0);
    BOOST_TEST(mean_mos(lossy) < mean_mos(clean) - 0.15); // about 5% loss over 3 s of 500 ms samples
    BOOST_TEST(std::any_of(lossy.begin(), lossy.end(), [](auto const& e) { return e.quality.loss_pct > 0; }));
    BOOST_TEST(std::none_of(clean.begin(), clean.end(), [](auto const& e) { return e.degraded; }));
}

BOOST_AUTO_TEST_SUITE_END()
