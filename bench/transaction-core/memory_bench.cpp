// Calls through a whole transaction layer over the in-memory network: the driver injects
// INVITEs, ACKs and BYEs made unique by a counter written into their branch and Call-ID, the
// layer's UAS answers them, the driver counts the answers.
#include "memory_bench.hpp"

#include "alloc_counter.hpp"
#include "median_rate.hpp"
#include "uas.hpp"

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include <rvoip/sip/message_builder.hpp>

#include <boost/asio/io_context.hpp>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace rvoip::bench {

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

namespace {

constexpr std::size_t id_width = 8;

/// A corpus message with 8 placeholder characters after its top branch's magic cookie and at
/// the start of its Call-ID, where a counter goes.
struct message_template
{
    std::string bytes;
    std::size_t branch_at = 0;
    std::size_t call_id_at = 0;

    explicit message_template(char const* name) : bytes(read_corpus(name))
    {
        branch_at = bytes.find("branch=z9hG4bK") + 14;
        bytes.insert(branch_at, id_width, '0');
        call_id_at = bytes.find("Call-ID: ") + 9;
        bytes.insert(call_id_at, id_width, '0');
    }

    std::string with(std::uint32_t id, char kind) const
    {
        std::string out = bytes;
        char digits[id_width + 1];
        std::snprintf(digits, sizeof digits, "%c%07x", kind, id & 0xfffffffu);
        out.replace(branch_at, id_width, digits, id_width);
        out.replace(call_id_at, id_width, digits, id_width); // distinct, or §8.2.2.2 merges them
        return out;
    }
};

/// The UAS of run_uas() on a memory network, and a driver endpoint in front of it.
struct rig
{
    explicit rig(tx::timer_settings timers)
        : network(io),
          layer(io, [this](tx::event const& e) { on_event(e); }, options(timers))
    {
        if (!layer.listen(network, "10.0.0.2", 5060))
            throw std::runtime_error("cannot attach the UAS");
        tx::memory_address at{"10.0.0.1", 5060};
        if (network.attach(at, [this](tx::memory_address const&, std::string_view bytes) {
                if (bytes.size() > 12 && bytes.compare(8, 3, "200") == 0)
                    ++answers;
            }))
            throw std::runtime_error("cannot attach the driver");
    }

    static tx::layer_options options(tx::timer_settings timers)
    {
        tx::layer_options o;
        o.timers = timers;
        o.max_transactions = 1000000;
        return o;
    }

    void on_event(tx::event const& e)
    {
        if (auto const* r = std::get_if<tx::request_received>(&e))
            layer.respond(r->key, ok_for(r->request, "sip:uas@10.0.0.2:5060"));
    }

    void send(std::string bytes) { network.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060}, std::move(bytes)); }

    /// Runs until `n` more 200s have come back.
    void await_answers(std::uint64_t n)
    {
        auto const want = answers + n;
        while (answers < want) {
            io.restart();
            if (io.poll() == 0)
                io.run_one_for(std::chrono::milliseconds(1));
        }
    }

    boost::asio::io_context io{1};
    tx::memory_network network;
    tx::layer layer;
    std::uint64_t answers = 0;
    message_template invite{"01_invite_sdp_auth.sip"};
    message_template ack{"05_ack.sip"};
    message_template bye{"06_bye.sip"};
};

} // namespace

std::string read_corpus(char const* name)
{
    std::ifstream in(std::string(RVOIP_CORPUS_DIR) + "/" + name, std::ios::binary);
    if (!in)
        throw std::runtime_error(std::string("cannot read ") + name);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

double layer_transactions_per_s(double seconds)
{
    tx::timer_settings timers;
    timers.t1 = std::chrono::milliseconds(1); // Timers L and J (64*T1) fire within the run
    rig r(timers);
    constexpr std::uint32_t batch = 64;
    std::uint32_t id = 0;
    return median_rate(seconds, [&] {
        for (std::uint32_t i = 0; i < batch; ++i)
            r.send(r.invite.with(id + i, 'i'));
        r.await_answers(batch);
        for (std::uint32_t i = 0; i < batch; ++i) {
            r.send(r.ack.with(id + i, 'a'));
            r.send(r.bye.with(id + i, 'b'));
        }
        r.await_answers(batch);
        id += batch;
        return std::uint64_t{2 * batch};
    });
}

double layer_bytes_per_transaction()
{
    rig r(tx::timer_settings{}); // default T1: the transactions stay (Timer L is 32 s away)
    constexpr std::uint32_t n = 2000;
    // Warm up the tables so that their growth is not charged to the measured transactions.
    for (std::uint32_t i = 0; i < n; ++i)
        r.send(r.invite.with(i, 'w'));
    r.await_answers(n);
    auto const before = live_bytes();
    for (std::uint32_t i = 0; i < n; ++i)
        r.send(r.invite.with(i, 'x'));
    r.await_answers(n);
    // Everything, the layer's tables included: once answered, a transaction has let its
    // request go, so nothing of the message buffer is left to subtract.
    return static_cast<double>(live_bytes() - before) / n;
}

namespace {

/// A MESSAGE as a client core builds it, unique by `id`.
sip::message build_message(std::uint32_t id)
{
    char branch[24];
    std::snprintf(branch, sizeof branch, "z9hG4bKs%08x", id);
    char call_id[32];
    std::snprintf(call_id, sizeof call_id, "%08x@10.0.0.1", id);
    auto m = sip::message_builder::request(sip::method::message, "sip:bob@10.0.0.2")
                 .via("UDP", "10.0.0.1", 5060, branch)
                 .max_forwards(70)
                 .from({.display = "Alice", .uri = "sip:alice@10.0.0.1", .tag = "a73kszlfl", .params = {}})
                 .to({.display = "Bob", .uri = "sip:bob@10.0.0.2", .tag = {}, .params = {}})
                 .call_id(call_id)
                 .cseq(1, "MESSAGE")
                 .header("User-Agent", "rvoip bench")
                 .body("text/plain", "Watson, come here.")
                 .build();
    if (!m)
        throw std::runtime_error("cannot build the MESSAGE");
    return std::move(*m);
}

/// Sends a batch at a time on a manual clock; between batches time moves past Timer F so the
/// transactions end (that part is not timed: it is the same for both ways).
double send_rate(double seconds, bool as_text)
{
    boost::asio::io_context io{1};
    tx::manual_clock clock(io);
    tx::memory_network network(io);
    tx::layer_options o;
    o.clock = &clock;
    o.max_transactions = 1000000;
    tx::layer layer(io, [](tx::event const&) {}, o);
    if (!layer.listen(network, "10.0.0.1", 5060))
        throw std::runtime_error("cannot attach the client");
    tx::memory_address sink{"10.0.0.2", 5060};
    if (network.attach(sink, [](tx::memory_address const&, std::string_view) {}))
        throw std::runtime_error("cannot attach the sink");
    tx::target const to{tx::transport_kind::udp, "10.0.0.2", 5060, {}};
    constexpr std::uint32_t batch = 256;
    std::uint32_t id = as_text ? 0 : 0x80000000u;
    std::uint64_t sent = 0;
    std::chrono::nanoseconds spent{0};
    auto const budget = std::chrono::duration<double>(seconds);
    while (spent < budget || sent == 0) {
        auto const start = std::chrono::steady_clock::now();
        for (std::uint32_t i = 0; i < batch; ++i) {
            auto m = build_message(id++);
            auto key = as_text ? layer.send_request(std::string(m.bytes()), to) : layer.send_request(std::move(m), to);
            benchmark::DoNotOptimize(key);
        }
        clock.settle();
        spent += std::chrono::steady_clock::now() - start;
        sent += batch;
        clock.advance(std::chrono::seconds(33)); // Timer F (64*T1) of the batch
    }
    return static_cast<double>(sent) / std::chrono::duration<double>(spent).count();
}

} // namespace

send_rates layer_send_rates(double seconds)
{
    send_rates r;
    // Alternate so that a noisy neighbour hurts both ways alike; keep the best of each.
    for (int round = 0; round < 3; ++round) {
        r.text_per_s = std::max(r.text_per_s, send_rate(seconds / 6, true));
        r.message_per_s = std::max(r.message_per_s, send_rate(seconds / 6, false));
    }
    return r;
}

} // namespace rvoip::bench
