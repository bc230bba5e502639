// bench-transaction-core: server transactions through the RFC 3261 §17 state machines, in
// process (no sockets): an INVITE is parsed, matched by its key, answered 200, its ACK taken,
// Timer L fired; a BYE is parsed, matched, answered 200, Timer J fired. Prints
//   transactions_per_s=N       (INVITE and BYE transactions, one core)
//   bytes_per_transaction=N    (heap bytes a live server transaction holds beyond its message)
//   send text_per_s=N message_per_s=N message_vs_text=R  (client requests handed down as text,
//                               parsed again, or as a built sip::message)
// `--uas IP:PORT [--seconds N]` runs the UAS of ../shared/CONTRACT.md instead (see uas.hpp).
#include "alloc_counter.hpp"
#include "bench_init.hpp"
#include "median_rate.hpp"
#include "memory_bench.hpp"
#include "uas.hpp"
#include "uas_support.hpp"

#include <rvoip/transaction/server_transaction.hpp>
#include <rvoip/transaction/transaction_key.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using rvoip::bench::read_corpus;

struct live_transaction
{
    tx::server_transaction machine;
};

using table = std::unordered_map<tx::transaction_key, live_transaction>;

/// One INVITE transaction and one BYE transaction, start to end. Returns 2.
int run_call(table& live, std::string const& invite, std::string const& ack, std::string const& bye)
{
    tx::timer_settings const timers{};
    auto const handle = [&](std::string const& bytes, int status) {
        auto msg = sip::parse_message(bytes, [] {
            sip::parse_options o;
            o.check = sip::validation::mandatory;
            return o;
        }());
        if (!msg)
            throw std::runtime_error("corpus message rejected");
        auto key = tx::server_key(*msg);
        if (!key)
            throw std::runtime_error("no key");
        bool const invite_tx = msg->method() == sip::method::invite;
        auto [it, fresh] = live.try_emplace(std::move(*key), live_transaction{tx::server_transaction(invite_tx, false, timers)});
        auto& m = it->second.machine;
        benchmark::DoNotOptimize(fresh ? m.start() : m.on_request_retransmission());
        auto s = m.send_response(status);
        benchmark::DoNotOptimize(s);
        return it;
    };
    auto invite_it = handle(invite, 200);
    {
        auto msg = sip::parse_message(ack);
        auto key = tx::server_key(*msg);
        // The ACK of a 2xx carries a new branch (§17.1.1.3): it is the TU's, not a match.
        benchmark::DoNotOptimize(live.find(*key) != live.end());
    }
    benchmark::DoNotOptimize(invite_it->second.machine.on_timer(tx::timer::l));
    live.erase(invite_it);
    auto bye_it = handle(bye, 200);
    benchmark::DoNotOptimize(bye_it->second.machine.on_timer(tx::timer::j));
    live.erase(bye_it);
    return 2;
}

struct corpus
{
    std::string invite = read_corpus("01_invite_sdp_auth.sip");
    std::string ack = read_corpus("05_ack.sip");
    std::string bye = read_corpus("06_bye.sip");
};

void server_transactions(benchmark::State& state)
{
    corpus const c;
    table live;
    std::int64_t n = 0;
    for (auto _ : state)
        n += run_call(live, c.invite, c.ack, c.bye);
    state.counters["transactions/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(server_transactions);

double measure_rate(double seconds)
{
    corpus const c;
    table live;
    return rvoip::bench::median_rate(seconds, [&] {
        std::uint64_t n = 0;
        for (int i = 0; i < 16; ++i)
            n += static_cast<std::uint64_t>(run_call(live, c.invite, c.ack, c.bye));
        return n;
    });
}

/// Heap bytes per live server transaction: 1000 transactions held at once, the parsed
/// requests kept aside (their buffers are the message, not the transaction).
double bytes_per_transaction()
{
    corpus const c;
    std::vector<sip::message> requests;
    requests.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
        std::string bytes = c.invite;
        auto const at = bytes.find("z9hG4bK");
        bytes.replace(at, 7, "z9hG4bK" + std::to_string(i) + "x");
        requests.push_back(std::move(*sip::parse_message(bytes)));
    }
    table live;
    live.reserve(1000);
    auto const before = rvoip::bench::allocated_bytes();
    for (auto const& r : requests)
        live.try_emplace(*tx::server_key(r), live_transaction{tx::server_transaction(true, false, {})});
    benchmark::DoNotOptimize(live.size());
    return static_cast<double>(rvoip::bench::allocated_bytes() - before) / 1000.0;
}

} // namespace

int main(int argc, char** argv)
{
    bool smoke = false;
    std::string smoke_flag = "--smoke";
    std::string uas;
    double seconds = 0;
    int tcp_idle = 300;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
        } else if (std::strcmp(argv[i], "--uas") == 0 && i + 1 < argc) {
            uas = argv[++i];
        } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--tcp-idle") == 0 && i + 1 < argc) {
            tcp_idle = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--uas") == 0 || std::strcmp(argv[i], "--seconds") == 0) {
            std::fprintf(stderr, "usage: bench-transaction-core [--smoke] | --uas IP:PORT [--seconds N] [--tcp-idle S]\n");
            return 2;
        } else {
            args.push_back(argv[i]);
        }
    }
    if (!uas.empty()) {
        std::string ip;
        std::uint16_t port = 0;
        if (!rvoip::bench::split_endpoint(uas, ip, port)) {
            std::fprintf(stderr, "bench-transaction-core: --uas wants IP:PORT, got '%s'\n", uas.c_str());
            return 2;
        }
        return rvoip::bench::run_uas(ip, port, seconds, tcp_idle);
    }
    if (smoke)
        args.push_back(smoke_flag.data());
    auto const init = rvoip::bench::init_benchmark(args);
    if (!init)
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    std::printf("\nstate_machine transactions_per_s=%.0f bytes_per_transaction=%.0f\n",
                measure_rate(smoke ? 0.3 : 2.0), bytes_per_transaction());
    // The headline figures: whole layer (parse, match, state machine, timers, response) over
    // the in-memory network.
    std::printf("transactions_per_s=%.0f\n", rvoip::bench::layer_transactions_per_s(smoke ? 0.5 : 3.0));
    std::printf("bytes_per_transaction=%.0f\n", rvoip::bench::layer_bytes_per_transaction());
    // A client core's request handed down built (no second parse) against as text.
    auto const send = rvoip::bench::layer_send_rates(smoke ? 0.6 : 3.0);
    std::printf("send text_per_s=%.0f message_per_s=%.0f message_vs_text=%.2f\n", send.text_per_s,
                send.message_per_s, send.message_per_s / send.text_per_s);
    return 0;
}
