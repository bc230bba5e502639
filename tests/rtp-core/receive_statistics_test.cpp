// RFC 3550 A.1 (sequence tracking), A.3 (loss), A.8 (jitter), §6.4.1 (LSR/DLSR).
#include <rvoip/rtp/receive_statistics.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <initializer_list>

namespace rtp = rvoip::rtp;
using namespace std::chrono_literals;
using time_point = rtp::receive_statistics::clock::time_point;

namespace {
time_point at(std::chrono::microseconds t)
{
    return time_point(t);
}

/// Feeds sequence numbers 20 ms apart with timestamps 160 apart (8 kHz, 20 ms frames).
void feed(rtp::receive_statistics& s, std::initializer_list<int> seqs)
{
    for (int seq : seqs) {
        auto const n = static_cast<std::uint16_t>(seq);
        s.on_packet(n, static_cast<std::uint32_t>(seq) * 160u, 160,
                    at(std::chrono::microseconds(std::int64_t{seq} * 20'000 + 1'000'000)));
    }
}
} // namespace

BOOST_AUTO_TEST_SUITE(receive_statistics)

BOOST_AUTO_TEST_CASE(probation_needs_two_sequential_packets)
{
    rtp::receive_statistics s(8000);
    BOOST_TEST((s.on_packet(100, 0, 160, at(0us)) == rtp::packet_verdict::probation));
    BOOST_TEST(!s.valid());
    BOOST_TEST((s.on_packet(101, 160, 160, at(20ms)) == rtp::packet_verdict::accepted));
    BOOST_TEST(s.valid());
    BOOST_TEST(s.received() == 1u);
    BOOST_TEST(s.expected() == 1u);
    BOOST_TEST((s.on_packet(102, 320, 160, at(40ms)) == rtp::packet_verdict::accepted));
    BOOST_TEST(s.received() == 2u);
}

BOOST_AUTO_TEST_CASE(probation_restarts_on_a_gap)
{
    rtp::receive_statistics s(8000);
    s.on_packet(100, 0, 160, at(0us));
    BOOST_TEST((s.on_packet(105, 0, 160, at(0us)) == rtp::packet_verdict::probation));
    BOOST_TEST((s.on_packet(106, 0, 160, at(0us)) == rtp::packet_verdict::accepted));
    BOOST_TEST(s.extended_highest_sequence() == 106u);
}

BOOST_AUTO_TEST_CASE(sequence_wrap_adds_a_cycle)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {65534, 65535, 65536, 65537});
    BOOST_TEST(s.extended_highest_sequence() == 65537u);
    BOOST_TEST(s.expected() == 4u);
    BOOST_TEST(s.cumulative_lost() == 0);
}

BOOST_AUTO_TEST_CASE(loss_is_expected_minus_received_with_interval_fraction)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {1, 2, 3, 4, 6, 7, 8, 9, 10}); // 5 lost
    BOOST_TEST(s.expected() == 10u);
    BOOST_TEST(s.cumulative_lost() == 1);
    auto rb = s.make_report_block(42, at(1s));
    BOOST_TEST(rb.ssrc == 42u);
    BOOST_TEST(rb.fraction_lost == 25); // floor(1 * 256 / 10)
    BOOST_TEST(rb.cumulative_lost == 1);
    BOOST_TEST(rb.extended_highest_sequence == 10u);
    feed(s, {11, 12, 13, 14}); // no loss in this interval
    rb = s.make_report_block(42, at(2s));
    BOOST_TEST(rb.fraction_lost == 0);
    BOOST_TEST(rb.cumulative_lost == 1);
    feed(s, {16, 18}); // 2 of 4 lost
    rb = s.make_report_block(42, at(3s));
    BOOST_TEST(rb.fraction_lost == 128);
    BOOST_TEST(rb.cumulative_lost == 3);
}

BOOST_AUTO_TEST_CASE(duplicates_are_counted_and_make_loss_negative)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {1, 2, 3, 3, 4, 2});
    BOOST_TEST(s.duplicates() == 2u);
    BOOST_TEST(s.reordered() == 0u);
    BOOST_TEST(s.received() == 6u);
    BOOST_TEST(s.cumulative_lost() == -2); // A.3: duplicates count as received
    auto rb = s.make_report_block(1, at(1s));
    BOOST_TEST(rb.fraction_lost == 0); // negative interval loss reports 0
}

BOOST_AUTO_TEST_CASE(late_packets_are_reordered_not_lost)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {1, 2, 4, 5, 3, 6});
    BOOST_TEST(s.reordered() == 1u);
    BOOST_TEST(s.duplicates() == 0u);
    BOOST_TEST(s.cumulative_lost() == 0);
}

BOOST_AUTO_TEST_CASE(a_large_jump_is_a_restart_only_when_confirmed)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {1, 2, 3});
    BOOST_TEST((s.on_packet(20000, 0, 160, at(1s)) == rtp::packet_verdict::bad_jump));
    BOOST_TEST(s.extended_highest_sequence() == 3u);
    feed(s, {4});
    BOOST_TEST((s.on_packet(30000, 0, 160, at(1s)) == rtp::packet_verdict::bad_jump));
    BOOST_TEST((s.on_packet(30001, 0, 160, at(1s)) == rtp::packet_verdict::accepted));
    BOOST_TEST(s.extended_highest_sequence() == 30001u);
    BOOST_TEST(s.received() == 1u); // init_seq() started the counts again
}

BOOST_AUTO_TEST_CASE(jitter_is_zero_for_a_steady_stream)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    for (int i = 0; i < 50; ++i)
        feed(s, {i});
    BOOST_TEST(s.jitter() == 0.0);
}

BOOST_AUTO_TEST_CASE(a_new_clock_rate_keeps_a_steady_stream_at_zero_jitter_and_the_counters)
{
    // Opened before the codec was known (8 kHz), the stream turns out 48 kHz: 960 per 20 ms.
    rtp::receive_statistics s(8000);
    s.set_clock_rate(48000);
    for (int seq = 0; seq < 50; ++seq)
        s.on_packet(static_cast<std::uint16_t>(seq), static_cast<std::uint32_t>(seq) * 960u, 100,
                    at(std::chrono::microseconds(std::int64_t{seq} * 20'000)));
    BOOST_TEST(s.jitter_ms() < 0.01);
    // and back to 8 kHz mid-stream: no jump in the estimate from the changed units
    s.set_clock_rate(8000);
    for (int seq = 50; seq < 100; ++seq)
        s.on_packet(static_cast<std::uint16_t>(seq), 48000u + static_cast<std::uint32_t>(seq) * 160u, 100,
                    at(std::chrono::microseconds(std::int64_t{seq} * 20'000)));
    BOOST_TEST(s.jitter_ms() < 0.01);
    BOOST_TEST(s.received() == s.expected()); // every packet after probation's first, none lost
    BOOST_TEST(s.expected() >= 99u);
    BOOST_TEST(s.cumulative_lost() == 0);
}

BOOST_AUTO_TEST_CASE(jitter_follows_the_a8_recurrence)
{
    // transit alternates by 10 ms = 80 timestamp units: |D| = 80 every packet after the first,
    // so J_n = 80 (1 - (15/16)^(n-1))
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    int const n = 40;
    for (int i = 0; i < n; ++i) {
        auto const delay = (i % 2) ? 10ms : 0ms;
        s.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i) * 160u, 160,
                    at(std::chrono::microseconds(i * 20'000) + delay + 5s));
    }
    double const expect = 80.0 * (1.0 - std::pow(15.0 / 16.0, n - 1));
    BOOST_TEST(std::abs(s.jitter() - expect) < 1e-9);
    BOOST_TEST(std::abs(s.jitter_ms() - expect / 8.0) < 1e-9);
}

BOOST_AUTO_TEST_CASE(report_block_carries_lsr_and_dlsr)
{
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    feed(s, {1});
    BOOST_TEST(s.make_report_block(1, at(1s)).last_sr == 0u);
    s.on_sender_report(0xB7052000'12345678ull, at(10s));
    auto rb = s.make_report_block(1, at(11500ms));
    BOOST_TEST(rb.last_sr == 0x20001234u);
    BOOST_TEST(rb.delay_since_last_sr == 98304u); // 1.5 s in 1/65536 s
}

BOOST_AUTO_TEST_SUITE_END()
