// bench-session-core (../shared/CONTRACT.md): calls with real media in one process, and the
// benchmark UAS for the SIPp ladder.
//
//   bench-session-core [--smoke] [--calls N] [--seconds S] [--report-every S]
//       N concurrent PCMU calls from this process to a callee in a child process on loopback
//       (each one io_context, one core), media both ways for S seconds: prints
//       `session concurrent_calls=N cpu_us_per_call=N bytes_per_call=N` (CPU microseconds per
//       call per second of two-way media, the caller's alone; its resident bytes per call) and
//       `session setup_p50_ms=N setup_p99_ms=N` (call() to the caller's first RTP packet).
//   bench-session-core --uas IP:PORT [--seconds N]
//       every call answered with real media (RTP/RTCP socket pair, PCMU, jitter buffer, null
//       audio), BYE answered; prints its counters and `uas cpu_us_per_call=N` at the end.
#include <rvoip/session/layer.hpp>

#include "alloc_counter.hpp"
#include "uas_support.hpp"

#include <rvoip/media/null_device.hpp>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace session = rvoip::session;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr char const* usage =
    "usage: bench-session-core [--smoke] [--calls N] [--seconds S] [--report-every S] | --uas IP:PORT [--seconds N]\n";

long resident_bytes()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4096;
}

session::layer_options options(std::string const& user)
{
    session::layer_options o;
    o.media.codecs = {"PCMU"};
    o.audio_rate = 8000;
    o.detect_inband_dtmf = false;
    o.max_calls = 100000;
    o.from = "sip:" + user + "@127.0.0.1";
    o.dialog.contact_user = user;
    o.dialog.user_agent = "rvoip bench-session-core";
    o.dialog.session_expires = std::chrono::seconds{0};
    // The two processes take disjoint halves of the range.
    bool const callee = user == "callee";
    o.rtp_port_min = callee ? 36000 : 10000;
    o.rtp_port_max = callee ? 61999 : 35999;
    return o;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The callee side of the in-process figure, in a child process (the issue's "two processes on
// loopback"), so that the CPU and memory measured are the caller's alone: answers every call
// with null audio until its parent goes.
[[noreturn]] void run_callee(int port_pipe)
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    boost::asio::io_context io(1);
    session::layer* self = nullptr;
    session::layer callee(io, [&](session::event const& e) {
        if (auto const* in = std::get_if<session::incoming_call>(&e)) {
            session::answer_options a;
            a.source = std::make_unique<rvoip::media::null_source>(8000);
            a.sink = std::make_unique<rvoip::media::null_sink>(8000);
            (void)self->answer(in->call, std::move(a));
        }
    }, options("callee"));
    self = &callee;
    auto const port = callee.listen(rvoip::transaction::transport_kind::udp, "127.0.0.1", 0);
    std::uint16_t const p = port ? *port : 0;
    (void)!::write(port_pipe, &p, sizeof p);
    ::close(port_pipe);
    if (!port)
        std::_Exit(1);
    (void)rvoip::bench::run_until_stopped(io, 0);
    std::_Exit(0);
}

int in_process(std::size_t calls, double seconds, double report_every)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return 1;
    pid_t const child = ::fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        ::close(fds[0]);
        run_callee(fds[1]);
    }
    ::close(fds[1]);
    std::uint16_t callee_port = 0;
    auto const got = ::read(fds[0], &callee_port, sizeof callee_port);
    ::close(fds[0]);
    struct child_guard
    {
        pid_t pid;
        ~child_guard()
        {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
    } guard{child};
    if (got != static_cast<ssize_t>(sizeof callee_port) || callee_port == 0) {
        std::fprintf(stderr, "bench-session-core: the callee could not listen on 127.0.0.1\n");
        return 1;
    }
    boost::asio::io_context io(1);
    session::layer caller(io, [](session::event const&) {}, options("caller"));
    if (!caller.listen(rvoip::transaction::transport_kind::udp, "127.0.0.1", 0)) {
        std::fprintf(stderr, "bench-session-core: cannot listen on 127.0.0.1\n");
        return 1;
    }
    auto const rss0 = resident_bytes();
    std::vector<session::call_id> ids;
    std::vector<clock_type::time_point> started;
    std::vector<double> setup_ms;
    std::vector<bool> flowing;
    std::string const to = "sip:callee@127.0.0.1:" + std::to_string(callee_port);
    // Calls are placed in batches so that setup latency measures the stack, not a queue of
    // thousands of INVITEs sent in one instant.
    std::size_t placed = 0;
    auto const deadline = clock_type::now() + std::chrono::seconds{60};
    while ((placed < calls || setup_ms.size() < calls) && clock_type::now() < deadline) {
        for (std::size_t n = 0; n < 50 && placed < calls; ++n, ++placed) {
            session::call_options o;
            o.to = to;
            o.source = std::make_unique<rvoip::media::null_source>(8000);
            o.sink = std::make_unique<rvoip::media::null_sink>(8000);
            auto id = caller.call(std::move(o));
            if (!id) {
                std::fprintf(stderr, "bench-session-core: call %zu: %s\n", placed, id.error().message().c_str());
                return 1;
            }
            ids.push_back(*id);
            started.push_back(clock_type::now());
            flowing.push_back(false);
        }
        io.run_for(std::chrono::milliseconds{5});
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (flowing[i])
                continue;
            auto s = caller.statistics(ids[i]);
            if (s && s->packets_received > 0) {
                flowing[i] = true;
                setup_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - started[i]).count());
            }
        }
    }
    if (setup_ms.size() < calls) {
        std::fprintf(stderr, "bench-session-core: only %zu of %zu calls got media\n", setup_ms.size(), calls);
        return 1;
    }
    auto count_packets = [&] {
        std::uint64_t n = 0;
        for (auto id : ids)
            if (auto s = caller.statistics(id))
                n += s->packets_received + s->packets_sent;
        return n;
    };
    auto const packets0 = count_packets();
    auto const allocs0 = rvoip::bench::allocations();
    auto const cpu0 = rvoip::bench::cpu_seconds();
    auto const t0 = clock_type::now();
    // The soak (bench/session-core/soak.sh) watches the resident size stay flat: one line per
    // report_every seconds.
    auto const end = t0 + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
    while (clock_type::now() < end) {
        auto const step = report_every > 0 ? std::chrono::duration_cast<clock_type::duration>(
                                                 std::chrono::duration<double>(report_every))
                                           : end - clock_type::now();
        io.run_for(std::min(step, end - clock_type::now()));
        if (report_every > 0) {
            std::printf("session at_s=%.0f rss_bytes=%ld live_calls=%zu\n",
                        std::chrono::duration<double>(clock_type::now() - t0).count(), resident_bytes(),
                        caller.calls().size());
            std::fflush(stdout);
        }
    }
    auto const cpu = rvoip::bench::cpu_seconds() - cpu0;
    // Heap allocations per RTP packet sent or received in the steady state (the quality samples
    // of each call are the only expected ones: one every few seconds).
    auto const allocs = rvoip::bench::allocations() - allocs0;
    auto const packets = count_packets() - packets0;
    auto const wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    auto const rss = resident_bytes() - rss0;
    std::uint64_t received = 0;
    for (auto id : ids)
        if (auto s = caller.statistics(id))
            received += s->packets_received;
    for (auto id : ids)
        (void)caller.hangup(id);
    io.run_for(std::chrono::milliseconds{200});
    std::printf("session packets_received=%llu wall_s=%.2f\n", static_cast<unsigned long long>(received), wall);
    std::printf("session concurrent_calls=%zu cpu_us_per_call=%.1f bytes_per_call=%ld\n", calls,
                cpu * 1e6 / wall / static_cast<double>(calls), rss / static_cast<long>(calls));
    std::printf("session allocs_per_packet=%.4f packets=%llu\n",
                packets ? static_cast<double>(allocs) / static_cast<double>(packets) : 0.0,
                static_cast<unsigned long long>(packets));
    std::printf("session setup_p50_ms=%.2f setup_p99_ms=%.2f\n", percentile(setup_ms, 0.5),
                percentile(setup_ms, 0.99));
    return 0;
}

int uas(std::string const& ip, std::uint16_t port, double seconds)
{
    boost::asio::io_context io(1);
    session::layer* self = nullptr;
    std::uint64_t answered = 0, ended = 0, failed = 0;
    auto o = options("uas");
    session::layer layer(io, [&](session::event const& e) {
        if (auto const* in = std::get_if<session::incoming_call>(&e)) {
            session::answer_options a;
            a.source = std::make_unique<rvoip::media::null_source>(8000);
            a.sink = std::make_unique<rvoip::media::null_sink>(8000);
            if (auto ec = self->answer(in->call, std::move(a))) {
                ++failed;
                std::fprintf(stderr, "bench-session-core: answer: %s\n", ec.message().c_str());
            } else {
                ++answered;
            }
        } else if (auto const* end = std::get_if<session::call_ended>(&e)) {
            if (end->reason == session::end_reason::remote_hangup) {
                ++ended;
            } else {
                ++failed;
                if (failed <= 5)
                    std::fprintf(stderr, "bench-session-core: call ended: %s %d %.*s\n",
                                 std::string{session::to_string(end->reason)}.c_str(), end->status,
                                 static_cast<int>(end->detail.size()), end->detail.data());
            }
        }
    }, std::move(o));
    self = &layer;
    auto bound = layer.listen(rvoip::transaction::transport_kind::udp, ip, port);
    if (!bound) {
        std::fprintf(stderr, "bench-session-core: cannot listen on %s: %s\n",
                     rvoip::bench::join_endpoint(ip, port).c_str(), bound.error().message().c_str());
        return 2;
    }
    std::printf("uas listening=%s\n", rvoip::bench::join_endpoint(ip, *bound).c_str());
    std::fflush(stdout);
    auto const cpu = rvoip::bench::run_until_stopped(io, seconds);
    auto const u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("uas calls=%llu answered=%llu failed=%llu live_calls=%zu\n", u(ended), u(answered), u(failed),
                layer.calls().size());
    std::printf("uas cpu_us_per_call=%.1f\n", ended ? cpu * 1e6 / static_cast<double>(ended) : 0.0);
    return 0;
}

bool number(char const* text, double& out)
{
    char* end = nullptr;
    out = std::strtod(text, &end);
    return end != text && *end == '\0' && out >= 0;
}

} // namespace

int main(int argc, char** argv)
{
    bool smoke = false;
    std::string uas_at;
    double seconds = -1, calls = -1, report_every = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
        } else if (std::strcmp(argv[i], "--uas") == 0 && i + 1 < argc) {
            uas_at = argv[++i];
        } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            if (!number(argv[++i], seconds)) {
                std::fprintf(stderr, "bench-session-core: --seconds wants a number of seconds, got '%s'\n%s",
                             argv[i], usage);
                return 2;
            }
        } else if (std::strcmp(argv[i], "--report-every") == 0 && i + 1 < argc) {
            if (!number(argv[++i], report_every)) {
                std::fprintf(stderr, "bench-session-core: --report-every wants seconds, got '%s'\n%s", argv[i], usage);
                return 2;
            }
        } else if (std::strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
            if (!number(argv[++i], calls) || calls < 1 || calls > 20000) {
                std::fprintf(stderr, "bench-session-core: --calls wants a count from 1 to 20000, got '%s'\n%s",
                             argv[i], usage);
                return 2;
            }
        } else {
            std::fprintf(stderr, "bench-session-core: unknown or incomplete option '%s'\n%s", argv[i], usage);
            return 2;
        }
    }
    if (!uas_at.empty()) {
        std::string ip;
        std::uint16_t port = 0;
        if (!rvoip::bench::split_endpoint(uas_at, ip, port)) {
            std::fprintf(stderr, "bench-session-core: --uas wants IP:PORT, got '%s'\n%s", uas_at.c_str(), usage);
            return 2;
        }
        return uas(ip, port, seconds < 0 ? 0 : seconds);
    }
    auto const n = calls > 0 ? static_cast<std::size_t>(calls) : smoke ? 100 : 2000;
    return in_process(n, seconds >= 0 ? seconds : smoke ? 2.0 : 10.0, report_every);
}
