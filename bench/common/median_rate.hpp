#pragma once
// The median rate of some work over slices of 20 ms: robust against the other tenants of a
// shared machine stealing a slice now and then.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace rvoip::bench {

/// Runs `work` (which does a bounded piece of work and returns how many items it did) for
/// about `seconds`, at least five 20 ms slices, and returns the median items per second.
template<class Work>
double median_rate(double seconds, Work&& work)
{
    using clock = std::chrono::steady_clock;
    std::vector<double> samples;
    auto const deadline = clock::now() + std::chrono::duration<double>(seconds);
    do {
        auto const t0 = clock::now();
        std::uint64_t n = 0;
        while (clock::now() - t0 < std::chrono::milliseconds(20))
            n += work();
        auto const s = std::chrono::duration<double>(clock::now() - t0).count();
        samples.push_back(static_cast<double>(n) / s);
    } while (clock::now() < deadline || samples.size() < 5);
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

} // namespace rvoip::bench
