// receive_statistics driven by the seeded network simulator: loss, duplicates, reordering and
// jitter against the simulator's ground truth.
#include <rvoip/rtp/receive_statistics.hpp>

#include "network_simulator.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace rtp = rvoip::rtp;
using namespace std::chrono_literals;
using time_point = rtp::receive_statistics::clock::time_point;

BOOST_AUTO_TEST_SUITE(network_simulation)

BOOST_AUTO_TEST_CASE(statistics_match_the_simulated_loss_duplicates_and_reordering)
{
    auto sim = rtp::test::simulate({.packets = 2000,
                                    .first_sequence = 64000,
                                    .loss = 0.05,
                                    .jitter = 50ms,
                                    .duplicate = 0.02,
                                    .seed = 42});
    // the first two arrivals must be in order for probation; with min_sequential 0 the base is
    // the first arrival, so expected counts from there
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    std::size_t behind = 0; // arrivals below the highest sequence seen so far, duplicates excluded
    std::vector<bool> seen(2000);
    std::int32_t highest = -1;
    for (auto const& p : sim.arrivals) {
        auto const index = static_cast<std::uint16_t>(p.sequence - 64000);
        if (seen[index] == false && static_cast<std::int32_t>(index) < highest)
            ++behind;
        seen[index] = true;
        highest = std::max<std::int32_t>(highest, index);
        s.on_packet(p.sequence, p.timestamp, 160, time_point(p.arrival + 1s));
    }
    auto const first = static_cast<std::uint16_t>(sim.arrivals.front().sequence - 64000);
    std::size_t lost_after_first = 0;
    for (std::size_t i = first; i < 2000; ++i)
        lost_after_first += sim.lost[i];
    std::size_t last = 1999;
    while (sim.lost[last])
        --last;
    BOOST_TEST(s.extended_highest_sequence() == 64000u + last); // across the 16-bit wrap
    BOOST_TEST(s.expected() == last - first + 1u);
    BOOST_TEST(s.duplicates() == sim.duplicate_count);
    BOOST_TEST(s.reordered() == behind);
    // A.3: lost = expected - received, where received counts duplicates
    BOOST_TEST(s.cumulative_lost() == static_cast<std::int64_t>(lost_after_first - (1999 - last)) -
                                          static_cast<std::int64_t>(sim.duplicate_count));
    // |D| of two independent U[0, 50 ms) delays averages 50/3 ms
    BOOST_TEST(std::abs(s.jitter_ms() - 50.0 / 3.0) < 50.0 / 3.0 * 0.3);
}

BOOST_AUTO_TEST_CASE(fraction_lost_per_interval_follows_the_loss_rate)
{
    auto sim = rtp::test::simulate({.packets = 5000, .loss = 0.1, .seed = 9});
    rtp::receive_statistics s(8000, {.min_sequential = 0});
    for (auto const& p : sim.arrivals)
        s.on_packet(p.sequence, p.timestamp, 160, time_point(p.arrival));
    auto rb = s.make_report_block(1, time_point(200s));
    double const rate = static_cast<double>(rb.fraction_lost) / 256.0;
    double const truth =
        static_cast<double>(rb.cumulative_lost) / static_cast<double>(s.expected());
    BOOST_TEST(std::abs(rate - truth) < 1.0 / 256.0);
    BOOST_TEST(std::abs(rate - 0.1) < 0.02);
    BOOST_TEST(s.jitter() == 0.0); // constant delay
}

BOOST_AUTO_TEST_SUITE_END()
