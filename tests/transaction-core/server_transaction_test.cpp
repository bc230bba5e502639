// RFC 3261 §17.2 server transactions (with RFC 6026), driven by a manual clock.
#include <rvoip/transaction/server_transaction.hpp>

#include "print.hpp"
#include "timer_harness.hpp"

#include <boost/test/unit_test.hpp>

namespace tx = rvoip::transaction;
using namespace std::chrono_literals;
using rvoip::test::timer_harness;

namespace {
tx::timer_settings const defaults{};

void respond(tx::server_transaction& t, timer_harness& h, int status)
{
    auto s = t.send_response(status);
    BOOST_TEST_REQUIRE(s.has_value());
    h.apply(*s);
}
} // namespace

BOOST_AUTO_TEST_SUITE(server_transaction)

BOOST_AUTO_TEST_CASE(invite_gets_a_100_trying_when_the_tu_is_silent_for_200_ms)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    BOOST_TEST(h.passed_up == 1);
    h.advance(t, 199ms);
    BOOST_TEST(h.tryings == 0);
    h.advance(t, 200ms);
    BOOST_TEST(h.tryings == 1);
    BOOST_TEST(t.last_status() == 100);
}

BOOST_AUTO_TEST_CASE(no_100_trying_when_the_tu_answers_in_time)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 50ms);
    respond(t, h, 180);
    h.advance(t, 1s);
    BOOST_TEST(h.tryings == 0);
}

BOOST_AUTO_TEST_CASE(retransmitted_invite_gets_the_last_provisional_again)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_request_retransmission()); // nothing sent yet: absorbed
    BOOST_TEST(h.retransmit_times.empty());
    respond(t, h, 180);
    h.apply(t.on_request_retransmission());
    BOOST_TEST(h.retransmit_times.size() == 1u);
}

BOOST_AUTO_TEST_CASE(non_2xx_is_retransmitted_with_timer_g_until_timer_h)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    respond(t, h, 486);
    BOOST_TEST((t.state() == tx::state::completed));
    h.advance(t, 40s);
    // §17.2.1: G at T1, doubling to T2 (0.5, 1.5, 3.5, 7.5, 11.5, ...); H at 64*T1.
    std::vector<tx::duration> expected;
    for (long at : {500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500})
        expected.emplace_back(at);
    BOOST_TEST(h.retransmit_times == expected, boost::test_tools::per_element());
    BOOST_TEST(h.terminated_at == 32s);
    BOOST_TEST(h.error == tx::errc::timed_out);
}

BOOST_AUTO_TEST_CASE(ack_confirms_and_timer_i_absorbs_ack_retransmissions)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    respond(t, h, 404);
    h.advance(t, 600ms);
    h.apply(t.on_ack());
    BOOST_TEST((t.state() == tx::state::confirmed));
    h.apply(t.on_ack()); // absorbed
    BOOST_TEST(h.passed_up == 1);
    h.advance(t, 600ms + 4999ms);
    BOOST_TEST(!h.terminated);
    h.advance(t, 600ms + 5s); // Timer I = T4
    BOOST_TEST(h.terminated);
    BOOST_TEST(!h.error);
    BOOST_TEST(h.retransmit_times.size() == 1u); // only the one at 500 ms
}

BOOST_AUTO_TEST_CASE(invite_2xx_moves_to_accepted_and_the_ack_goes_to_the_tu)
{
    tx::server_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    respond(t, h, 200);
    BOOST_TEST((t.state() == tx::state::accepted));
    h.apply(t.on_request_retransmission()); // RFC 6026 §7.1: absorbed
    BOOST_TEST(h.retransmit_times.empty());
    respond(t, h, 200); // the TU's own 2xx retransmission is allowed
    h.apply(t.on_ack());
    BOOST_TEST(h.passed_up == 2);
    BOOST_TEST(!t.send_response(486).has_value());
    h.advance(t, 32s); // Timer L
    BOOST_TEST(h.terminated);
    BOOST_TEST(!h.error);
}

BOOST_AUTO_TEST_CASE(non_invite_absorbs_retransmissions_until_it_answers)
{
    tx::server_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_request_retransmission());
    BOOST_TEST(h.retransmit_times.empty());
    respond(t, h, 200);
    h.apply(t.on_request_retransmission());
    BOOST_TEST(h.retransmit_times.size() == 1u);
    h.advance(t, 32s); // Timer J = 64*T1
    BOOST_TEST(h.terminated);
}

BOOST_AUTO_TEST_CASE(timer_j_is_zero_over_reliable_transports)
{
    tx::server_transaction t(false, true, defaults);
    timer_harness h;
    h.apply(t.start());
    respond(t, h, 200);
    h.advance(t, 0ms);
    BOOST_TEST(h.terminated);
}

BOOST_AUTO_TEST_CASE(no_second_final_response)
{
    tx::server_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    respond(t, h, 200);
    auto again = t.send_response(500);
    BOOST_TEST(!again.has_value());
    BOOST_TEST((again.error() == tx::errc::wrong_state));
    auto bad = t.send_response(42);
    BOOST_TEST((bad.error() == tx::errc::not_a_response));
}

BOOST_AUTO_TEST_SUITE_END()
