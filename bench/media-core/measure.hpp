#pragma once
// Timing helpers: thread CPU time (the machine is shared, so wall time would count others'
// work) and the median of repeated passes.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace rvoip::bench {

/// CPU time of the calling thread, in nanoseconds.
std::int64_t thread_cpu_ns() noexcept;

/// Median CPU nanoseconds of one call of `fn`, over passes of at least 5 ms for `seconds`.
template<class Fn> double median_ns(Fn&& fn, double seconds)
{
    std::vector<double> samples;
    auto const budget = static_cast<std::int64_t>(seconds * 1e9);
    auto const start = thread_cpu_ns();
    do {
        auto const t0 = thread_cpu_ns();
        int calls = 0;
        do {
            fn();
            ++calls;
        } while (thread_cpu_ns() - t0 < 5'000'000);
        samples.push_back(static_cast<double>(thread_cpu_ns() - t0) / calls);
    } while (thread_cpu_ns() - start < budget || samples.size() < 5);
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

/// Medians of two functions measured in alternating passes, so that both see the same machine
/// load (for wrapper-to-bare ratios).
template<class A, class B> std::pair<double, double> paired_median_ns(A&& a, B&& b, double seconds)
{
    std::vector<double> sa, sb;
    auto const budget = static_cast<std::int64_t>(seconds * 1e9);
    auto const start = thread_cpu_ns();
    auto pass = [](auto& fn) {
        auto const t0 = thread_cpu_ns();
        int calls = 0;
        do {
            fn();
            ++calls;
        } while (thread_cpu_ns() - t0 < 5'000'000);
        return static_cast<double>(thread_cpu_ns() - t0) / calls;
    };
    do {
        sa.push_back(pass(a));
        sb.push_back(pass(b));
    } while (thread_cpu_ns() - start < budget || sa.size() < 5);
    std::sort(sa.begin(), sa.end());
    std::sort(sb.begin(), sb.end());
    return {sa[sa.size() / 2], sb[sb.size() / 2]};
}

} // namespace rvoip::bench
