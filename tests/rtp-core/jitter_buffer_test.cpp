// The adaptive jitter buffer, driven by a manual clock and the seeded network simulator.
#include <rvoip/rtp/jitter_buffer.hpp>

#include "network_simulator.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <vector>

namespace rtp = rvoip::rtp;
using namespace std::chrono_literals;
using time_point = rtp::jitter_buffer::clock::time_point;

namespace {

time_point at(std::chrono::microseconds t)
{
    return time_point(t + 10s);
}

std::array<std::uint8_t, 160> const payload{};

/// Plays a simulated run: every 20 ms, put what has arrived, then get one frame.
struct playout
{
    std::vector<rtp::jitter_frame> out;
    std::vector<std::uint16_t> frame_sequences;

    playout(rtp::jitter_buffer& jb, rvoip::rtp::test::sim_result const& sim,
            std::chrono::microseconds until, std::uint32_t ssrc = 1)
    {
        std::size_t next = 0;
        for (auto now = 0us; now <= until; now += 20ms) {
            while (next < sim.arrivals.size() && sim.arrivals[next].arrival <= now) {
                auto const& p = sim.arrivals[next++];
                jb.put(ssrc, p.sequence, p.timestamp, p.marker, payload, at(p.arrival));
            }
            auto f = jb.get(at(now));
            if (f.kind == rtp::frame_kind::frame)
                frame_sequences.push_back(f.sequence_number);
            out.push_back(f);
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(jitter_buffer)

BOOST_AUTO_TEST_CASE(steady_stream_plays_every_frame_in_order_after_the_initial_delay)
{
    rtp::jitter_buffer jb;
    auto sim = rtp::test::simulate({.packets = 200});
    playout run(jb, sim, 5s);
    BOOST_TEST(run.frame_sequences.size() == 200u);
    for (std::size_t i = 0; i < run.frame_sequences.size(); ++i)
        BOOST_TEST_REQUIRE(run.frame_sequences[i] == 1000 + i);
    BOOST_TEST(jb.stats().gaps == 5u); // the stream ended: max_concealment, then silence
    BOOST_TEST(jb.stats().late == 0u);
    // first packet arrives at 30 ms, due 60 ms (initial delay) later: the get() at 100 ms
    std::size_t first = 0;
    while (run.out[first].kind != rtp::frame_kind::frame)
        ++first;
    BOOST_TEST(first * 20 == 100u);
}

BOOST_AUTO_TEST_CASE(every_lost_packet_becomes_exactly_one_gap_in_its_place)
{
    rtp::jitter_buffer jb({.max_concealment = 0});
    auto sim = rtp::test::simulate({.packets = 400, .loss = 0.1, .seed = 7});
    BOOST_TEST_REQUIRE(!sim.lost.back()); // the seed does not lose the last packet
    playout run(jb, sim, 10s);
    BOOST_TEST(jb.stats().gaps == sim.lost_count);
    BOOST_TEST(jb.stats().concealed == 160u * sim.lost_count); // 20 ms each at 8 kHz
    BOOST_TEST(jb.stats().frames == 400u - sim.lost_count);
    // the output, frame or gap, walks the sequence numbers one by one
    std::vector<std::uint16_t> walked;
    for (auto const& f : run.out)
        if (f.kind != rtp::frame_kind::empty)
            walked.push_back(f.sequence_number);
    BOOST_TEST_REQUIRE(walked.size() == 400u);
    for (std::size_t i = 0; i < walked.size(); ++i) {
        BOOST_TEST_REQUIRE(walked[i] == 1000 + i);
        BOOST_TEST_REQUIRE((run.out.size() > 0));
    }
    std::size_t i = 0;
    for (auto const& f : run.out)
        if (f.kind != rtp::frame_kind::empty) {
            BOOST_TEST_REQUIRE((f.kind == rtp::frame_kind::gap) == static_cast<bool>(sim.lost[i]));
            ++i;
        }
}

BOOST_AUTO_TEST_CASE(reordering_within_the_delay_is_undone)
{
    rtp::jitter_buffer jb({.max_delay = 60ms, .initial_delay = 60ms});
    // up to 40 ms of jitter: packets 20 ms apart overtake each other
    auto sim = rtp::test::simulate({.packets = 300, .jitter = 40ms, .seed = 3});
    std::size_t overtaken = 0;
    for (std::size_t i = 1; i < sim.arrivals.size(); ++i)
        if (static_cast<std::int16_t>(sim.arrivals[i].sequence - sim.arrivals[i - 1].sequence) < 0)
            ++overtaken;
    BOOST_TEST_REQUIRE(overtaken > 10u);
    playout run(jb, sim, 8s);
    BOOST_TEST(jb.stats().late == 0u);
    BOOST_TEST(run.frame_sequences.size() == 300u);
    for (std::size_t i = 0; i < run.frame_sequences.size(); ++i)
        BOOST_TEST_REQUIRE(run.frame_sequences[i] == 1000 + i);
}

BOOST_AUTO_TEST_CASE(duplicates_are_dropped_and_counted)
{
    rtp::jitter_buffer jb;
    auto sim = rtp::test::simulate({.packets = 300, .jitter = 10ms, .duplicate = 0.2, .seed = 11});
    BOOST_TEST_REQUIRE(sim.duplicate_count > 20u);
    playout run(jb, sim, 8s);
    BOOST_TEST(jb.stats().duplicates == sim.duplicate_count);
    BOOST_TEST(run.frame_sequences.size() == 300u);
}

BOOST_AUTO_TEST_CASE(delay_grows_with_jitter_and_stays_within_bounds)
{
    rtp::jitter_buffer jb({.min_delay = 20ms, .max_delay = 150ms, .initial_delay = 20ms});
    auto sim = rtp::test::simulate({.packets = 1500, .jitter = 80ms, .seed = 5});
    playout run(jb, sim, 31s);
    BOOST_TEST(jb.jitter_ms() > 15.0); // |D| of two U[0,80) averages 26.7 ms
    BOOST_TEST(jb.target_delay() > 60ms);
    BOOST_TEST(jb.target_delay() <= 150ms);
    BOOST_TEST(jb.current_delay() <= 150ms);
    // growing costs a few late packets at the start, then the delay covers the jitter
    BOOST_TEST(jb.stats().late < 45u);
    BOOST_TEST(jb.stats().frames + jb.stats().late == 1500u);
}

BOOST_AUTO_TEST_CASE(delay_shrinks_to_the_minimum_at_a_talkspurt_start)
{
    rtp::jitter_buffer jb({.min_delay = 20ms, .max_delay = 200ms, .initial_delay = 120ms});
    BOOST_TEST((jb.target_delay() == 120ms));
    auto first = rtp::test::simulate({.packets = 400});
    playout a(jb, first, 9s);
    BOOST_TEST(jb.target_delay() < 30ms);    // no jitter measured
    BOOST_TEST(jb.current_delay() >= 120ms); // not applied in the middle of a talkspurt
    // the next talkspurt (marker) after silence applies it
    auto second = rtp::test::simulate({.packets = 50,
                                       .first_sequence = 1400,
                                       .first_timestamp = 160 * 500,
                                       .base_delay = 30ms + 10s});
    playout b(jb, second, 12s);
    BOOST_TEST(jb.current_delay() < 30ms);
    BOOST_TEST(b.frame_sequences.size() == 50u);
    BOOST_TEST(jb.stats().late == 0u);
}

BOOST_AUTO_TEST_CASE(dtx_silence_does_not_consume_sequence_numbers)
{
    rtp::jitter_buffer jb({.max_concealment = 2});
    rtp::test::sim_result sim;
    // talkspurt of 10 packets, 1 s silence (timestamps jump by 8000, sequence numbers do not)
    for (int i = 0; i < 20; ++i) {
        bool const second = i >= 10;
        auto const t = std::chrono::microseconds(i * 20'000 + (second ? 1'000'000 : 0) + 30'000);
        sim.arrivals.push_back({static_cast<std::uint16_t>(i),
                                static_cast<std::uint32_t>(i * 160 + (second ? 8000 : 0)),
                                i == 0 || i == 10, t});
    }
    playout run(jb, sim, 3s);
    BOOST_TEST(run.frame_sequences.size() == 20u);
    BOOST_TEST(jb.stats().gaps == 4u); // two after each talkspurt, then silence
    BOOST_TEST(jb.stats().late == 0u);
}

BOOST_AUTO_TEST_CASE(ssrc_change_restarts_the_buffer)
{
    rtp::jitter_buffer jb;
    BOOST_TEST((jb.put(1, 10, 0, true, payload, at(0ms)) == rtp::put_result::accepted));
    BOOST_TEST((jb.put(1, 11, 160, false, payload, at(20ms)) == rtp::put_result::accepted));
    BOOST_TEST((jb.put(2, 500, 9999, true, payload, at(40ms)) == rtp::put_result::restarted));
    BOOST_TEST(jb.size() == 1u);
    BOOST_TEST(jb.stats().ssrc_changes == 1u);
    auto f = jb.get(at(100ms));
    BOOST_TEST((f.kind == rtp::frame_kind::frame));
    BOOST_TEST(f.sequence_number == 500);
}

BOOST_AUTO_TEST_CASE(timestamp_jump_starts_a_new_timeline)
{
    rtp::jitter_buffer jb({.max_concealment = 0});
    rtp::test::sim_result sim;
    for (int i = 0; i < 40; ++i) {
        auto const ts = static_cast<std::uint32_t>(i * 160 + (i >= 20 ? 10'000'000 : 0));
        sim.arrivals.push_back({static_cast<std::uint16_t>(i), ts, i == 0,
                                std::chrono::microseconds(i * 20'000 + 30'000)});
    }
    playout run(jb, sim, 2s);
    BOOST_TEST(jb.stats().resyncs == 1u);
    BOOST_TEST(jb.stats().late == 0u);
    BOOST_TEST(run.frame_sequences.size() >= 37u); // at most the few queued at the jump are lost
    BOOST_TEST(run.frame_sequences.back() == 39);
}

BOOST_AUTO_TEST_CASE(packets_behind_the_playout_point_are_late_or_duplicate)
{
    rtp::jitter_buffer jb({.initial_delay = 20ms, .max_concealment = 0});
    jb.put(1, 1, 0, true, payload, at(0ms));
    jb.put(1, 3, 320, false, payload, at(40ms));
    BOOST_TEST((jb.get(at(20ms)).kind == rtp::frame_kind::frame)); // 1
    BOOST_TEST((jb.get(at(40ms)).kind == rtp::frame_kind::gap));   // 2 concealed
    BOOST_TEST((jb.put(1, 2, 160, false, payload, at(45ms)) == rtp::put_result::late));
    BOOST_TEST((jb.put(1, 1, 0, false, payload, at(46ms)) == rtp::put_result::duplicate));
    BOOST_TEST((jb.put(1, 3, 320, false, payload, at(47ms)) == rtp::put_result::duplicate));
    BOOST_TEST(jb.stats().late == 1u);
    BOOST_TEST(jb.stats().duplicates == 2u);
    std::vector<std::uint8_t> big(2000);
    BOOST_TEST((jb.put(1, 4, 480, false, big, at(50ms)) == rtp::put_result::too_large));
}

BOOST_AUTO_TEST_CASE(frame_payload_is_the_bytes_put_in)
{
    rtp::jitter_buffer jb({.initial_delay = 20ms});
    std::array<std::uint8_t, 3> const bytes{7, 8, 9};
    jb.put(1, 1, 0, true, bytes, at(0ms));
    auto f = jb.get(at(20ms));
    BOOST_TEST_REQUIRE((f.kind == rtp::frame_kind::frame));
    BOOST_TEST(f.marker);
    BOOST_TEST_REQUIRE(f.payload.size() == 3u);
    BOOST_TEST(f.payload[2] == 9);
}

BOOST_AUTO_TEST_SUITE_END()
