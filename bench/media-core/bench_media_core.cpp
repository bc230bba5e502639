// bench-media-core: Google Benchmark cases for codecs (ours and the bare libraries), the
// mixer, the resampler and the PCMU call path, then the headline figures:
//   resample from=48000 to=8000 x_realtime=N            (and 8k->48k, 48k->16k, 16k->48k)
//   mixer ns_per_party=N core_pct_per_party=N
//   codec name=pcma encode_x_realtime=N decode_x_realtime=N
//   codec name=pcmu encode_x_realtime=N decode_x_realtime=N
//   codec name=opus encode_x_realtime=N decode_x_realtime=N ratio_to_bare=N
//   codec name=g722 encode_x_realtime=N decode_x_realtime=N ratio_to_bare=N
//   pcmu_call_aec_ns core_pct=N
//   pcmu_call core_pct=N
// x_realtime is seconds of audio per second of one core's CPU time; ratio_to_bare is our
// wrapper's encode+decode time over the bare library's on the same frames (1.00 = equal).
// --smoke makes the whole run a few seconds long.
#include "call_path.hpp"
#include "codec_bench.hpp"
#include "measure.hpp"

#include "bench_init.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace rvoip::bench;

void print_codec(char const* label, std::string_view name, double seconds, bool with_bare)
{
    auto w = wrapped_codec(name);
    if (!with_bare) {
        double const enc = median_ns([&] { w->encode_second(); }, seconds);
        double const dec = median_ns([&] { w->decode_second(); }, seconds);
        std::printf("codec name=%s encode_x_realtime=%.0f decode_x_realtime=%.0f\n", label,
                    1e9 / enc, 1e9 / dec);
        return;
    }
    auto b = bare_codec(name);
    auto const [enc, bare_enc] =
        paired_median_ns([&] { w->encode_second(); }, [&] { b->encode_second(); }, seconds);
    auto const [dec, bare_dec] =
        paired_median_ns([&] { w->decode_second(); }, [&] { b->decode_second(); }, seconds);
    std::printf("codec name=%s encode_x_realtime=%.1f decode_x_realtime=%.1f "
                "bare_encode_x_realtime=%.1f bare_decode_x_realtime=%.1f ratio_to_bare=%.3f\n",
                label, 1e9 / enc, 1e9 / dec, 1e9 / bare_enc, 1e9 / bare_dec,
                (enc + dec) / (bare_enc + bare_dec));
}

} // namespace

int main(int argc, char** argv)
{
    auto const init = rvoip::bench::init_benchmark(std::vector<char*>(argv, argv + argc));
    if (!init)
        return 2;
    bool const smoke = *init;
    register_codec_benchmarks();
    register_call_benchmarks();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    double const seconds = smoke ? 0.15 : 1.5;
    struct rates
    {
        int from, to;
    };
    for (auto [from, to] :
         {rates{48000, 8000}, rates{8000, 48000}, rates{48000, 16000}, rates{16000, 48000}}) {
        resample_workload r(from, to);
        std::printf("resample from=%d to=%d x_realtime=%.0f\n", from, to,
                    1e9 / median_ns([&] { r.second(); }, seconds));
    }
    {
        // Per-party cost from the slope between 2 and 32 parties (20 ms frames at 8 kHz).
        mixer_workload two(2), many(32);
        double const t2 = median_ns([&] { two.mix_frame(); }, seconds);
        double const t32 = median_ns([&] { many.mix_frame(); }, seconds);
        double const per_party = (t32 - t2) / 30;
        std::printf("mixer ns_per_party=%.1f core_pct_per_party=%.5f\n", per_party,
                    per_party / 20e6 * 100);
    }
    print_codec("pcma", "PCMA", seconds, false);
    print_codec("pcmu", "PCMU", seconds, false);
    print_codec("opus", "opus", seconds, true);
    print_codec("g722", "G722", seconds, true);
    {
        pcmu_call dsp(true);
        std::printf("pcmu_call_aec_ns core_pct=%.4f\n",
                    median_ns([&] { dsp.tick(); }, seconds) / 20e6 * 100);
        pcmu_call call(false);
        std::printf("pcmu_call core_pct=%.4f\n",
                    median_ns([&] { call.tick(); }, seconds) / 20e6 * 100);
    }
    return 0;
}
