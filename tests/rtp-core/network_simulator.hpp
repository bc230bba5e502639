#pragma once
// A seeded network for tests: a 20 ms, 8 kHz stream (160 timestamp units a packet) sent
// through loss, delay jitter (which reorders), and duplication. The same seed gives the same
// arrivals, and the simulator keeps the ground truth the tests compare against.

#include "seeded_random.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace rvoip::rtp::test {

struct sim_packet
{
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    bool marker = false;
    std::chrono::microseconds arrival{0};
};

struct sim_options
{
    std::size_t packets = 500;
    std::uint16_t first_sequence = 1000;
    std::uint32_t first_timestamp = 0;
    double loss = 0; // probability a packet is lost
    std::chrono::microseconds base_delay{30'000};
    std::chrono::microseconds jitter{0}; // extra delay uniform in [0, jitter)
    double duplicate = 0;                // probability a packet arrives twice
    std::uint64_t seed = 1;
};

/// Ground truth of one simulated run.
struct sim_result
{
    std::vector<sim_packet> arrivals; // in arrival order
    std::vector<bool> lost;           // by packet index
    std::size_t lost_count = 0;
    std::size_t duplicate_count = 0;
};

inline sim_result simulate(sim_options const& o)
{
    seeded_random r(o.seed);
    sim_result out;
    out.lost.resize(o.packets);
    for (std::size_t i = 0; i < o.packets; ++i) {
        sim_packet p;
        p.sequence = static_cast<std::uint16_t>(o.first_sequence + i);
        p.timestamp = static_cast<std::uint32_t>(o.first_timestamp + 160 * i);
        p.marker = i == 0;
        auto const sent = std::chrono::microseconds(static_cast<std::int64_t>(i) * 20'000);
        auto const delay = [&] {
            return o.base_delay + std::chrono::microseconds(static_cast<std::int64_t>(
                                      r.unit() * static_cast<double>(o.jitter.count())));
        };
        if (r.unit() < o.loss) {
            out.lost[i] = true;
            ++out.lost_count;
            continue;
        }
        p.arrival = sent + delay();
        out.arrivals.push_back(p);
        if (r.unit() < o.duplicate) {
            p.arrival = sent + delay();
            out.arrivals.push_back(p);
            ++out.duplicate_count;
        }
    }
    std::stable_sort(
        out.arrivals.begin(), out.arrivals.end(),
        [](sim_packet const& a, sim_packet const& b) { return a.arrival < b.arrival; });
    return out;
}

} // namespace rvoip::rtp::test
