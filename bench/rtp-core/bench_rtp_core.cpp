// bench-rtp-core: Google Benchmark cases for the media path, then the headline figures:
//   rtp parse_build_per_s=N
//   jitter_buffer ops_per_s=N                          (one op = one put and one get)
//   srtp protect_unprotect_per_s=N bare_libsrtp_per_s=N
//   srtp ratio_to_libsrtp=N                            (ours / bare libsrtp2, same packets)
//   rtp_path allocs_per_packet=N                       (build, protect, unprotect, parse, put, get)
//   socket_path allocs_per_packet=N  (heap allocations per packet sent or received through the
//                                      udp_session sockets, first loopback step)
//   loopback max_streams=N      (most 20 ms PCMU streams through 127.0.0.1 UDP with no loss)
// The two SRTP loops are timed in alternating slices so machine noise hits both alike.
// --smoke makes the whole run a few seconds long.
#include "alloc_counter.hpp"
#include "bench_init.hpp"
#include "loopback_bench.hpp"
#include "media_path.hpp"
#include "srtp_bench.hpp"

#include <rvoip/rtp/packet.hpp>
#include <rvoip/rtp/srtp_session.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

void rtp_parse_build(benchmark::State& state)
{
    std::array<std::uint8_t, 1500> buf{};
    std::uint32_t n = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(rvoip::bench::build_and_parse(n++, buf));
    state.counters["packets/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(rtp_parse_build);

void jitter_buffer_put_get(benchmark::State& state)
{
    rvoip::bench::jitter_drive drive;
    for (auto _ : state)
        benchmark::DoNotOptimize(drive.step());
    state.counters["ops/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(jitter_buffer_put_get);

template<class Pair> void srtp_protect_unprotect(benchmark::State& state)
{
    Pair pair;
    for (auto _ : state)
        benchmark::DoNotOptimize(pair.step());
    state.counters["pairs/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(srtp_protect_unprotect<rvoip::bench::ours_pair>)->Name("srtp_protect_unprotect/rvoip");
BENCHMARK(srtp_protect_unprotect<rvoip::bench::bare_pair>)
    ->Name("srtp_protect_unprotect/bare_libsrtp");

/// Runs fn for about `slice` and returns ns per call.
template<class Fn> double time_slice(Fn& fn, std::chrono::milliseconds slice)
{
    auto const t0 = clock_type::now();
    std::uint64_t calls = 0;
    unsigned sink = 0;
    do {
        for (int i = 0; i < 64; ++i)
            sink += fn();
        calls += 64;
    } while (clock_type::now() - t0 < slice);
    benchmark::DoNotOptimize(sink);
    return std::chrono::duration<double, std::nano>(clock_type::now() - t0).count() /
           static_cast<double>(calls);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// Median ns per call of fn over slices filling `seconds`.
template<class Fn> double measure(Fn fn, double seconds)
{
    std::vector<double> samples;
    auto const deadline = clock_type::now() + std::chrono::duration<double>(seconds);
    do
        samples.push_back(time_slice(fn, std::chrono::milliseconds(20)));
    while (clock_type::now() < deadline || samples.size() < 5);
    return median(samples);
}

/// Allocations per packet on the whole path, after a warm-up.
double allocs_per_packet()
{
    namespace rtp = rvoip::rtp;
    std::array<std::uint8_t, 30> key_bytes{};
    key_bytes.fill(0x42);
    auto key = rtp::make_srtp_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80, key_bytes).value();
    auto tx = rtp::srtp_session::create(rtp::srtp_direction::outbound, key).value();
    auto rx = rtp::srtp_session::create(rtp::srtp_direction::inbound, key).value();
    rtp::jitter_buffer jb;
    std::array<std::uint8_t, 1500> buf{};
    std::array<std::uint8_t, rvoip::bench::pcmu_payload> payload{};
    unsigned sink = 0;
    auto one = [&](std::uint32_t n) {
        rtp::packet_fields f;
        f.sequence_number = static_cast<std::uint16_t>(n);
        f.timestamp = n * 160;
        f.ssrc = 7;
        f.payload = payload;
        auto size = rtp::build_packet(f, buf).value();
        size = tx.protect_rtp(buf, size).value();
        size = rx.unprotect_rtp(std::span<std::uint8_t>(buf.data(), size)).value();
        auto p = rtp::parse_packet(std::span<std::uint8_t const>(buf.data(), size)).value();
        auto const t = rtp::jitter_buffer::clock::time_point(std::chrono::milliseconds(20 * n));
        jb.put(p, t);
        sink += static_cast<unsigned>(jb.get(t).kind);
    };
    std::uint32_t n = 0;
    for (; n < 1000; ++n)
        one(n);
    std::uint32_t const packets = 20000;
    auto const before = rvoip::bench::allocations();
    for (std::uint32_t i = 0; i < packets; ++i)
        one(n++);
    benchmark::DoNotOptimize(sink);
    return static_cast<double>(rvoip::bench::allocations() - before) / packets;
}

} // namespace

int main(int argc, char** argv)
{
    auto const init = rvoip::bench::init_benchmark(std::vector<char*>(argv, argv + argc));
    if (!init)
        return 2;
    bool const smoke = *init;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    double const seconds = smoke ? 0.3 : 2.0;
    std::array<std::uint8_t, 1500> buf{};
    std::uint32_t seq = 0;
    double const parse_build =
        measure([&] { return rvoip::bench::build_and_parse(seq++, buf); }, seconds);
    rvoip::bench::jitter_drive drive;
    double const jitter = measure([&] { return drive.step(); }, seconds);

    rvoip::bench::ours_pair ours;
    rvoip::bench::bare_pair bare;
    auto ours_step = [&] { return ours.step(); };
    auto bare_step = [&] { return bare.step(); };
    std::vector<double> ours_ns, bare_ns;
    auto const deadline = clock_type::now() + std::chrono::duration<double>(seconds * 2);
    do {
        ours_ns.push_back(time_slice(ours_step, std::chrono::milliseconds(20)));
        bare_ns.push_back(time_slice(bare_step, std::chrono::milliseconds(20)));
    } while (clock_type::now() < deadline || ours_ns.size() < 5);
    double const ours_per_s = 1e9 / median(ours_ns);
    double const bare_per_s = 1e9 / median(bare_ns);

    double const allocs = allocs_per_packet();

    // Ramp the stream count until a run loses a packet or falls behind its 20 ms ticks
    auto const files = rvoip::bench::raise_file_limit();
    std::vector<std::size_t> const ramp =
        smoke ? std::vector<std::size_t>{50, 100}
              : std::vector<std::size_t>{250, 500, 1000, 2000, 3000, 4000, 6000, 8000};
    auto const run_time = std::chrono::duration<double>(smoke ? 0.4 : 3.0);
    std::size_t max_streams = 0;
    double socket_allocs = -1;
    for (auto const streams : ramp) {
        if (2 * streams + 64 > files) {
            std::fprintf(stderr, "loopback: %zu streams need more than %llu descriptors\n",
                         streams, static_cast<unsigned long long>(files));
            break;
        }
        auto const r = rvoip::bench::run_loopback(streams, run_time);
        std::printf("loopback streams=%zu sent=%llu received=%llu kept_up=%d\n", streams,
                    static_cast<unsigned long long>(r.sent),
                    static_cast<unsigned long long>(r.received), r.kept_up ? 1 : 0);
        if (socket_allocs < 0 && r.sent > 0)
            socket_allocs = static_cast<double>(r.allocations) / static_cast<double>(r.sent + r.received);
        if (!r.lossless())
            break;
        max_streams = streams;
    }
    std::printf("\n");
    std::printf("rtp parse_build_per_s=%.0f\n", 1e9 / parse_build);
    std::printf("jitter_buffer ops_per_s=%.0f\n", 1e9 / jitter);
    std::printf("srtp protect_unprotect_per_s=%.0f bare_libsrtp_per_s=%.0f\n", ours_per_s,
                bare_per_s);
    std::printf("srtp ratio_to_libsrtp=%.3f\n", ours_per_s / bare_per_s);
    std::printf("rtp_path allocs_per_packet=%.3f\n", allocs);
    std::printf("socket_path allocs_per_packet=%.3f\n", socket_allocs);
    std::printf("loopback max_streams=%zu\n", max_streams);
    return 0;
}
