// bench-client-core (../shared/CONTRACT.md): client-core in process.
//
//   bench-client-core [--smoke] [--calls N] [Google Benchmark flags]
//     client create_ms=N                     build() + start() to ready (median of 20)
//     client events_per_s=N                  events published through an event_dispatcher with
//                                            four filtered subscriptions (by kind, call,
//                                            priority, all), each event delivered to those
//                                            that match
//     client bytes_per_call=N                heap bytes held per call ringing (no media yet):
//                                            every layer of one side, caller and callee alike
//     client make_call_ms=N dtmf_to_rtp_ms=N make_call() returning (median), and send_dtmf()
//                                            to the callee's DTMF event from the first RFC 4733
//                                            packet (median of 10 digits)
//     client concurrent_calls=N cpu_pct=N delivered_pct=N
//                                            N PCMU calls with two-way media: CPU of one side,
//                                            % of one core (both sides run in this process), and
//                                            the share of the packets due that the caller received
#include <rvoip/client/client.hpp>
#include <rvoip/client/event_dispatcher.hpp>

#include "alloc_counter.hpp"
#include "bench_init.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/resource.h>

using namespace rvoip::client;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double ms_since(clock_type::time_point t)
{
    return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double cpu_seconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

bool wait_until(std::function<bool()> const& done, std::chrono::milliseconds limit)
{
    auto const end = clock_type::now() + limit;
    while (!done()) {
        if (clock_type::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

/// Callers and callees take RTP ports from ranges of their own, as two programs on one host
/// would be configured (their port pools do not know of each other).
std::unique_ptr<client> make_client(std::string const& user, bool auto_answer, std::size_t max_calls = 100)
{
    std::uint16_t const first = auto_answer || user == "callee" ? 40000 : 20000;
    auto c = client_builder()
                 .local_address("127.0.0.1:0")
                 .user(user)
                 .audio_devices(false)
                 .codecs({"PCMU"})
                 .auto_answer(auto_answer)
                 .max_concurrent_calls(max_calls)
                 .rtp_ports(first, static_cast<std::uint16_t>(first + 19999))
                 .build();
    c->start().value();
    return c;
}

std::string uri_of(client& c, std::string const& user)
{
    return "sip:" + user + "@" + c.local_address();
}

// --- events --------------------------------------------------------------------------------

std::vector<client_event> event_mix()
{
    std::vector<client_event> mix;
    for (call_id id = 1; id <= 8; ++id) {
        mix.push_back({call_state_changed_event{id, call_state::connected, call_state::ringing, {}}, event_priority::high});
        mix.push_back({media_event{id, media_event_kind::dtmf_sent, "1"}, event_priority::normal});
        mix.push_back({dtmf_received_event{id, '5', dtmf_source::rfc4733}, event_priority::normal});
        mix.push_back({media_quality_changed_event{id, call_quality{}, false}, event_priority::low});
    }
    return mix;
}

struct dispatch_rig
{
    dispatch_rig()
    {
        event_filter states;
        states.kinds = {event_kind::call_state_changed};
        subs.push_back(d->subscribe(states, [this](client_event const&) { ++delivered; }));
        event_filter one_call;
        one_call.call = 3;
        subs.push_back(d->subscribe(one_call, [this](client_event const&) { ++delivered; }));
        event_filter important;
        important.min_priority = event_priority::high;
        subs.push_back(d->subscribe(important, [this](client_event const&) { ++delivered; }));
        subs.push_back(d->subscribe({}, [this](client_event const&) { ++delivered; }));
    }
    std::shared_ptr<event_dispatcher> d = std::make_shared<event_dispatcher>();
    std::vector<event_subscription> subs;
    std::uint64_t delivered = 0;
    std::vector<client_event> mix = event_mix();
};

void events_through_filtered_subscriptions(benchmark::State& state)
{
    dispatch_rig rig;
    for (auto _ : state)
        for (auto const& e : rig.mix)
            rig.d->publish(e);
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * rig.mix.size()), benchmark::Counter::kIsRate);
    benchmark::DoNotOptimize(rig.delivered);
}
BENCHMARK(events_through_filtered_subscriptions);

double events_per_second(double seconds)
{
    dispatch_rig rig;
    std::uint64_t n = 0;
    auto const start = clock_type::now();
    auto const end = start + std::chrono::duration<double>(seconds);
    while (clock_type::now() < end) {
        for (int i = 0; i < 100; ++i)
            for (auto const& e : rig.mix)
                rig.d->publish(e);
        n += 100 * rig.mix.size();
    }
    return static_cast<double>(n) / std::chrono::duration<double>(clock_type::now() - start).count();
}

// --- the client ------------------------------------------------------------------------------

double create_ms(int rounds)
{
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        auto const start = clock_type::now();
        auto c = client_builder().local_address("127.0.0.1:0").audio_devices(false).build();
        c->start().value();
        t.push_back(ms_since(start));
    }
    return median(t);
}

/// Heap held per ringing call, one side (the caller's and the callee's both in this process).
double bytes_per_call(std::size_t n)
{
    auto callee = make_client("callee", false, n + 10);
    auto caller = make_client("caller", false, n + 10);
    std::atomic<std::size_t> ringing{0};
    auto sub = callee->subscribe({{event_kind::incoming_call}, {}, {}, event_priority::low},
                                 [&](client_event const&) { ++ringing; });
    auto const to = uri_of(*callee, "callee");
    // A few first, so that pools and tables that grow once are in the baseline.
    std::vector<call_id> calls;
    for (int i = 0; i < 10; ++i)
        calls.push_back(caller->make_call(to).value());
    wait_until([&] { return ringing >= 10; }, 5s);
    std::this_thread::sleep_for(50ms);
    auto const before = rvoip::bench::live_bytes();
    for (std::size_t i = 0; i < n; ++i)
        calls.push_back(caller->make_call(to).value());
    wait_until([&] { return ringing >= n + 10; }, 10s);
    std::this_thread::sleep_for(50ms);
    auto const after = rvoip::bench::live_bytes();
    for (auto id : calls)
        (void)caller->hangup_call(id).get();
    return static_cast<double>(after - before) / static_cast<double>(2 * n);
}

struct api_latency
{
    double make_call_ms = 0;
    double dtmf_ms = 0;
};

api_latency latencies()
{
    auto callee = make_client("callee", true);
    auto caller = make_client("caller", false);
    std::mutex m;
    std::vector<clock_type::time_point> digits;
    auto sub = callee->subscribe({{event_kind::dtmf_received}, {}, {}, event_priority::low}, [&](client_event const&) {
        std::lock_guard lock(m);
        digits.push_back(clock_type::now());
    });
    auto const to = uri_of(*callee, "callee");
    std::vector<double> make;
    std::vector<call_id> ids;
    for (int i = 0; i < 20; ++i) {
        auto const start = clock_type::now();
        ids.push_back(caller->make_call(to).value());
        make.push_back(ms_since(start));
    }
    auto const id = ids.back();
    wait_until([&] { return caller->get_call(id).value().state == call_state::connected; }, 5s);
    for (std::size_t i = 0; i + 1 < ids.size(); ++i)
        (void)caller->hangup_call(ids[i]).get();
    std::this_thread::sleep_for(200ms);
    std::vector<double> dtmf;
    for (int i = 0; i < 10; ++i) {
        std::size_t seen = 0;
        {
            std::lock_guard lock(m);
            seen = digits.size();
        }
        auto const start = clock_type::now();
        caller->send_dtmf(id, "5").value();
        if (!wait_until([&] {
                std::lock_guard lock(m);
                return digits.size() > seen;
            }, 2s))
            continue;
        std::lock_guard lock(m);
        dtmf.push_back(std::chrono::duration<double, std::milli>(digits.back() - start).count());
        // RFC 4733 events last 100 ms plus the end packets: the next digit after them.
        std::this_thread::sleep_for(200ms);
    }
    (void)caller->hangup_call(id).get();
    return {median(make), median(dtmf)};
}

struct load_figures
{
    double cpu_pct = 0;       ///< one side's share of a core
    double delivered_pct = 0; ///< of the 50 packets/s per call the caller should receive
};

/// Each call's packets received so far, and when it was read (reading 1,000 calls takes a
/// while on a busy client thread, so each call's window is its own).
std::vector<std::pair<std::uint64_t, clock_type::time_point>> received(client& c, std::vector<call_id> const& ids)
{
    std::vector<std::pair<std::uint64_t, clock_type::time_point>> out;
    for (auto id : ids) {
        auto m = c.get_media_statistics(id);
        out.emplace_back(m ? m->packets_received : 0, clock_type::now());
    }
    return out;
}

load_figures concurrent_load(std::size_t n, double seconds)
{
    auto callee = make_client("callee", true, n + 10);
    auto caller = make_client("caller", false, n + 10);
    auto const to = uri_of(*callee, "callee");
    std::vector<call_id> ids;
    for (std::size_t i = 0; i < n; ++i) {
        // Silence both ways (no audio ports), as bench-session-core: the media path itself.
        ids.push_back(caller->make_call(to).value());
    }
    wait_until([&] { return caller->get_active_calls().size() == n; }, 20s);
    auto const connected = caller->get_active_calls().size();
    std::this_thread::sleep_for(300ms);
    auto const packets0 = received(*caller, ids);
    auto const cpu0 = cpu_seconds();
    auto const t0 = clock_type::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    auto const cpu = cpu_seconds() - cpu0;
    auto const wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    auto const packets1 = received(*caller, ids);
    double packets = 0, due = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        packets += static_cast<double>(packets1[i].first - packets0[i].first);
        due += 50.0 * std::chrono::duration<double>(packets1[i].second - packets0[i].second).count();
    }
    if (connected != n)
        std::fprintf(stderr, "bench-client-core: only %zu of %zu calls connected\n", connected, n);
    for (auto id : ids)
        (void)caller->hangup_call(id).get();
    return {100.0 * cpu / wall / 2.0, due > 0 ? 100.0 * packets / due : 0.0};
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t calls = 0;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
            calls = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
            if (calls < 1 || calls > 5000) {
                std::fprintf(stderr, "bench-client-core: --calls wants a count from 1 to 5000, got '%s'\n", argv[i]);
                return 2;
            }
        } else {
            rest.push_back(argv[i]);
        }
    }
    auto const smoke = rvoip::bench::init_benchmark(rest);
    if (!smoke)
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    try {
    auto const create = create_ms(*smoke ? 5 : 20);
    auto const events = events_per_second(*smoke ? 0.3 : 2.0);
    auto const bytes = bytes_per_call(*smoke ? 50 : 200);
    auto const api = latencies();
    auto const n = calls ? calls : *smoke ? 10 : 1000;
    auto const ten = concurrent_load(10, *smoke ? 1.0 : 5.0);
    std::printf("client create_ms=%.3f\n", create);
    std::printf("client events_per_s=%.0f\n", events);
    std::printf("client bytes_per_call=%.0f\n", bytes);
    std::printf("client make_call_ms=%.3f dtmf_to_rtp_ms=%.1f\n", api.make_call_ms, api.dtmf_ms);
    std::printf("client concurrent_calls=10 cpu_pct=%.2f delivered_pct=%.1f\n", ten.cpu_pct, ten.delivered_pct);
    if (n != 10) {
        auto const many = concurrent_load(n, *smoke ? 1.0 : 5.0);
        std::printf("client concurrent_calls=%zu cpu_pct=%.2f delivered_pct=%.1f\n", n, many.cpu_pct, many.delivered_pct);
    }
    } catch (error const& e) {
        std::fprintf(stderr, "bench-client-core: %s\n", e.what());
        return 1;
    }
    return 0;
}
