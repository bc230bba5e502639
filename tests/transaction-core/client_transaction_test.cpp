// RFC 3261 §17.1 client transactions (with RFC 6026), driven by a manual clock.
#include <rvoip/transaction/client_transaction.hpp>

#include "print.hpp"
#include "timer_harness.hpp"

#include <boost/test/unit_test.hpp>

namespace tx = rvoip::transaction;
using namespace std::chrono_literals;
using rvoip::test::timer_harness;

namespace {
tx::timer_settings const defaults{};
std::vector<tx::duration> ms(std::initializer_list<long> values)
{
    std::vector<tx::duration> out;
    for (auto v : values)
        out.emplace_back(v);
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(client_transaction)

BOOST_AUTO_TEST_CASE(invite_over_udp_retransmits_at_doubling_intervals_until_timer_b)
{
    tx::client_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 40s);
    // §17.1.1.2: 0.5 s, then 1, 2, 4, 8, 16 s apart; Timer B (64*T1 = 32 s) ends it.
    BOOST_TEST(h.retransmit_times == ms({500, 1500, 3500, 7500, 15500, 31500}),
               boost::test_tools::per_element());
    BOOST_TEST(h.terminated);
    BOOST_TEST(h.terminated_at == 32s);
    BOOST_TEST(h.error == tx::errc::timed_out);
}

BOOST_AUTO_TEST_CASE(invite_over_tcp_never_retransmits)
{
    tx::client_transaction t(true, true, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 40s);
    BOOST_TEST(h.retransmit_times.empty());
    BOOST_TEST(h.terminated_at == 32s);
}

BOOST_AUTO_TEST_CASE(provisional_response_stops_invite_retransmissions_and_timer_b)
{
    tx::client_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 600ms);
    h.apply(t.on_response(180));
    BOOST_TEST((t.state() == tx::state::proceeding));
    h.advance(t, 120s);
    BOOST_TEST(h.retransmit_times.size() == 1u);
    BOOST_TEST(!h.terminated); // an INVITE may ring for as long as it likes
    BOOST_TEST(h.passed_up == 1);
}

BOOST_AUTO_TEST_CASE(non_2xx_final_response_is_acked_and_absorbed_for_timer_d)
{
    tx::client_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_response(486));
    BOOST_TEST((t.state() == tx::state::completed));
    BOOST_TEST(h.acks == 1);
    BOOST_TEST(h.passed_up == 1);
    h.apply(t.on_response(486)); // retransmitted: ACK again, not passed up
    BOOST_TEST(h.acks == 2);
    BOOST_TEST(h.passed_up == 1);
    h.advance(t, 31s);
    BOOST_TEST(!h.terminated);
    h.advance(t, 33s);
    BOOST_TEST(h.terminated);
    BOOST_TEST(!h.error);
}

BOOST_AUTO_TEST_CASE(timer_d_is_zero_over_reliable_transports)
{
    tx::client_transaction t(true, true, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_response(603));
    h.advance(t, 0ms);
    BOOST_TEST(h.terminated);
}

BOOST_AUTO_TEST_CASE(invite_2xx_moves_to_accepted_and_passes_retransmissions_up)
{
    // RFC 6026 §7.2: 2xx retransmissions reach the TU (which re-sends its ACK); Timer M ends.
    tx::client_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_response(200));
    BOOST_TEST((t.state() == tx::state::accepted));
    BOOST_TEST(h.acks == 0); // the ACK of a 2xx is the TU's (a new transaction)
    h.apply(t.on_response(200));
    BOOST_TEST(h.passed_up == 2);
    h.apply(t.on_response(486)); // a non-2xx after a 2xx is absorbed
    BOOST_TEST(h.passed_up == 2);
    h.advance(t, 32s);
    BOOST_TEST(h.terminated);
    BOOST_TEST(!h.error);
}

BOOST_AUTO_TEST_CASE(non_invite_retransmits_doubling_up_to_t2_until_timer_f)
{
    tx::client_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 40s);
    // §17.1.2.2: 0.5, 1, 2, 4 s apart, then every T2 = 4 s until Timer F at 32 s.
    BOOST_TEST(h.retransmit_times == ms({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}),
               boost::test_tools::per_element());
    BOOST_TEST(h.terminated_at == 32s);
    BOOST_TEST(h.error == tx::errc::timed_out);
}

BOOST_AUTO_TEST_CASE(non_invite_retransmits_every_t2_once_a_provisional_arrives)
{
    tx::client_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 600ms);
    h.apply(t.on_response(100));
    h.advance(t, 10s);
    BOOST_TEST(h.retransmit_times == ms({500, 1500, 5500, 9500}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_invite_final_response_waits_timer_k_then_ends)
{
    tx::client_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_response(200));
    h.apply(t.on_response(200)); // absorbed
    BOOST_TEST(h.passed_up == 1);
    h.advance(t, 4999ms);
    BOOST_TEST(!h.terminated);
    h.advance(t, 5s); // Timer K = T4
    BOOST_TEST(h.terminated);
    BOOST_TEST(h.retransmit_times.empty());
}

BOOST_AUTO_TEST_CASE(configured_t1_scales_every_timer)
{
    tx::timer_settings fast;
    fast.t1 = 10ms;
    fast.t2 = 80ms;
    tx::client_transaction t(true, false, fast);
    timer_harness h;
    h.apply(t.start());
    h.advance(t, 1s);
    BOOST_TEST(h.terminated_at == 640ms); // Timer B = 64*T1
    BOOST_TEST(h.retransmit_times.front() == 10ms);
}

BOOST_AUTO_TEST_CASE(transport_error_ends_the_transaction_with_that_error)
{
    tx::client_transaction t(false, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_transport_error());
    BOOST_TEST(h.terminated);
    BOOST_TEST(h.error == tx::errc::transport_failed);
}

BOOST_AUTO_TEST_CASE(statuses_outside_100_699_are_ignored)
{
    tx::client_transaction t(true, false, defaults);
    timer_harness h;
    h.apply(t.start());
    h.apply(t.on_response(99));
    h.apply(t.on_response(700));
    BOOST_TEST((t.state() == tx::state::calling));
    BOOST_TEST(h.passed_up == 0);
}

BOOST_AUTO_TEST_SUITE_END()
