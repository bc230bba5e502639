// bench-dialog-core (../shared/CONTRACT.md): whole calls and registrations between dialog
// layers in one process, over the in-memory network on a manual clock, and the figures of
// issue 12 as `name key=value` lines at the end:
//   dialog bytes_per_dialog=N         heap per established dialog, all counted
//   dialog dialogs_per_s=N calls_per_s=N   INVITE/180/200/ACK/BYE/200 calls between two layers on
//                                     one core; each is a dialog in each layer (as bytes_per_dialog
//                                     counts them), so dialogs are twice the calls
//   register per_s=N refresh_core_pct=N bindings=N expires=N
// `--uas IP:PORT [--seconds N]` runs the benchmark UAS instead (see uas.hpp);
// `--register-with IP:PORT [--bindings N] [--window N] [--seconds N]` registers N user agents
// at a real registrar (see register_with.hpp).
#include "bench_init.hpp"
#include "memory_calls.hpp"
#include "register_with.hpp"
#include "uas.hpp"
#include "uas_support.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr char const* usage = "usage: bench-dialog-core [--smoke] | --uas IP:PORT [--seconds N]\n"
                              "       | --register-with IP:PORT [--bindings N] [--window N] [--seconds N]\n";

/// A count flag's value: a positive whole number, else 0.
unsigned long count_of(char const* text)
{
    char* end = nullptr;
    auto const n = std::strtoul(text, &end, 10);
    return *end == '\0' && text[0] != '-' ? n : 0;
}

int figures(bool smoke)
{
    std::printf("\ndialog bytes_per_dialog=%.0f\n", rvoip::bench::bytes_per_dialog());
    auto const calls = rvoip::bench::calls_per_s(smoke ? 0.5 : 3.0);
    std::printf("dialog dialogs_per_s=%.0f calls_per_s=%.0f\n", 2 * calls, calls);
    // Issue 12's registration figure is 10,000 user agents; the smoke run keeps the count and
    // only the timing runs are shorter.
    auto const r = rvoip::bench::registration(10'000, 3600);
    std::printf("register per_s=%.0f refresh_core_pct=%.4f bindings=%u expires=%u\n", r.per_s, r.refresh_core_pct,
                r.bindings, r.expires);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    bool smoke = false;
    std::string smoke_flag = "--smoke";
    std::string uas;
    std::string registrar;
    unsigned long bindings = 10'000;
    unsigned long window = 500;
    double seconds = 0;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
        } else if (std::strcmp(argv[i], "--uas") == 0 && i + 1 < argc) {
            uas = argv[++i];
        } else if (std::strcmp(argv[i], "--register-with") == 0 && i + 1 < argc) {
            registrar = argv[++i];
        } else if ((std::strcmp(argv[i], "--bindings") == 0 || std::strcmp(argv[i], "--window") == 0) && i + 1 < argc) {
            bool const b = std::strcmp(argv[i], "--bindings") == 0;
            auto const n = count_of(argv[++i]);
            if (n == 0 || n > 1'000'000) {
                std::fprintf(stderr, "bench-dialog-core: %s wants a count from 1 to 1000000, got '%s'\n%s",
                             b ? "--bindings" : "--window", argv[i], usage);
                return 2;
            }
            (b ? bindings : window) = n;
        } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            char* end = nullptr;
            seconds = std::strtod(argv[++i], &end);
            if (*end != '\0' || seconds < 0) {
                std::fprintf(stderr, "bench-dialog-core: --seconds wants a number of seconds, got '%s'\n%s",
                             argv[i], usage);
                return 2;
            }
        } else if (std::strcmp(argv[i], "--uas") == 0 || std::strcmp(argv[i], "--seconds") == 0 ||
                   std::strcmp(argv[i], "--register-with") == 0 || std::strcmp(argv[i], "--bindings") == 0 ||
                   std::strcmp(argv[i], "--window") == 0) {
            std::fprintf(stderr, "bench-dialog-core: %s wants a value\n%s", argv[i], usage);
            return 2;
        } else {
            args.push_back(argv[i]);
        }
    }
    if (!registrar.empty()) {
        std::string ip;
        std::uint16_t port = 0;
        if (!rvoip::bench::split_endpoint(registrar, ip, port)) {
            std::fprintf(stderr, "bench-dialog-core: --register-with wants IP:PORT, got '%s'\n%s", registrar.c_str(),
                         usage);
            return 2;
        }
        return rvoip::bench::run_register_with(ip, port, static_cast<std::uint32_t>(bindings),
                                               static_cast<std::uint32_t>(window), seconds > 0 ? seconds : 60);
    }
    if (!uas.empty()) {
        std::string ip;
        std::uint16_t port = 0;
        if (!rvoip::bench::split_endpoint(uas, ip, port)) {
            std::fprintf(stderr, "bench-dialog-core: --uas wants IP:PORT, got '%s'\n%s", uas.c_str(), usage);
            return 2;
        }
        return rvoip::bench::run_dialog_uas(ip, port, seconds);
    }
    if (smoke)
        args.push_back(smoke_flag.data());
    auto const init = rvoip::bench::init_benchmark(args);
    if (!init)
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    try {
        return figures(smoke);
    } catch (std::exception const& e) {
        std::fprintf(stderr, "bench-dialog-core: %s\n", e.what());
        return 1;
    }
}
