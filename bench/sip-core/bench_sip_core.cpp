// bench-sip-core: Google Benchmark cases for parsing and serialization, then the headline
// figures in the peer harness's form (../shared/peer-bench):
//   rvoip msgs_per_s=N ns_per_msg=N allocs_per_msg=N
//   rvoip_full msgs_per_s=N ns_per_msg=N allocs_per_msg=N
//   serialize_invite msgs_per_s=N ns_per_msg=N
// --smoke makes the whole run a few seconds long.
#include "alloc_counter.hpp"
#include "bench_init.hpp"
#include "corpus.hpp"
#include "parse_bench.hpp"
#include "serialize_bench.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace rvoip::bench {
void register_parse_benchmarks();
}

namespace {

using clock_type = std::chrono::steady_clock;

struct figure
{
    double ns_per_msg = 0;
    double allocs_per_msg = 0;
};

/// Median of several timed passes over the weighted mix (msgs/s = sum(w) / sum(w * ns_i)).
template<class Fn>
figure measure(Fn fn, std::size_t messages_per_pass, double seconds)
{
    std::vector<double> samples;
    std::uint64_t total_msgs = 0;
    auto const allocs_before = rvoip::bench::allocations();
    auto const deadline = clock_type::now() + std::chrono::duration<double>(seconds);
    do {
        auto const t0 = clock_type::now();
        int passes = 0;
        do {
            fn();
            ++passes;
        } while (clock_type::now() - t0 < std::chrono::milliseconds(20));
        auto const ns = std::chrono::duration<double, std::nano>(clock_type::now() - t0).count();
        samples.push_back(ns / (static_cast<double>(passes) * static_cast<double>(messages_per_pass)));
        total_msgs += static_cast<std::uint64_t>(passes) * messages_per_pass;
    } while (clock_type::now() < deadline || samples.size() < 5);
    std::sort(samples.begin(), samples.end());
    figure f;
    f.ns_per_msg = samples[samples.size() / 2];
    f.allocs_per_msg = static_cast<double>(rvoip::bench::allocations() - allocs_before) /
                       static_cast<double>(total_msgs);
    return f;
}

void print(char const* name, figure f, bool allocs = true)
{
    std::printf("%s msgs_per_s=%.0f ns_per_msg=%.1f", name, 1e9 / f.ns_per_msg, f.ns_per_msg);
    if (allocs)
        std::printf(" allocs_per_msg=%.2f", f.allocs_per_msg);
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv)
{
    auto const init = rvoip::bench::init_benchmark(std::vector<char*>(argv, argv + argc));
    if (!init)
        return 2;
    bool const smoke = *init;
    rvoip::bench::register_parse_benchmarks();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    double const seconds = smoke ? 0.3 : 2.0;
    auto const& mix = rvoip::bench::weighted_mix();
    unsigned sink = 0;
    auto const index = measure([&] { for (auto const& m : mix) sink += rvoip::bench::parse_index(m); },
                               mix.size(), seconds);
    auto const full = measure([&] { for (auto const& m : mix) sink += rvoip::bench::parse_full(m); },
                              mix.size(), seconds);
    auto const invite = rvoip::bench::built_invite();
    std::string out;
    auto const serialize = measure([&] { out.clear(); invite.render_to(out); sink += static_cast<unsigned>(out.size()); },
                                   1, seconds);
    benchmark::DoNotOptimize(sink);
    std::printf("\n");
    print("rvoip", index);
    print("rvoip_full", full);
    print("serialize_invite", serialize, false);
    return 0;
}
