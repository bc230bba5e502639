// Calls and registrations between whole dialog layers over the in-memory network on a manual
// clock: every message is built, serialized, parsed and matched as it would be on a socket,
// and the timers the RFC starts are fired by moving the clock (inside the timed part).
#include "memory_calls.hpp"

#include "alloc_counter.hpp"
#include "median_rate.hpp"

#include <rvoip/dialog/layer.hpp>

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include <boost/asio/io_context.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace rvoip::bench {

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

namespace {

// What a softphone offers and answers (the layer carries it, the peer's layer parses it).
constexpr char const* offer = "v=0\r\no=alice 2890844526 2890844526 IN IP4 10.0.0.1\r\ns=-\r\n"
                              "c=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\n"
                              "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";
constexpr char const* answer = "v=0\r\no=bob 2808844564 2808844564 IN IP4 10.0.0.2\r\ns=-\r\n"
                               "c=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0 101\r\n"
                               "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

dlg::layer_options on_clock(tx::manual_clock& clock, std::string user)
{
    dlg::layer_options o;
    o.transaction.clock = &clock;
    o.transaction.max_transactions = 1'000'000;
    o.contact_user = std::move(user);
    return o;
}

/// Alice's layer calls Bob's: Bob rings and answers each INVITE at once, Alice hangs up at
/// once when `hang_up` (else the dialogs stay).
struct call_rig
{
    call_rig()
        : alice(io, [this](dlg::event const& e) { on_alice(e); }, on_clock(clock, "alice")),
          bob(io, [this](dlg::event const& e) { on_bob(e); }, on_clock(clock, "bob"))
    {
        if (!alice.listen(network, "10.0.0.1", 5060) || !bob.listen(network, "10.0.0.2", 5060))
            throw std::runtime_error("cannot attach the layers");
        call.to = "sip:bob@10.0.0.2";
        call.from = "Alice <sip:alice@10.0.0.1>";
        call.parts.content_type = "application/sdp";
        call.parts.body = offer;
        answer_parts.content_type = "application/sdp";
        answer_parts.body = answer;
    }

    void on_alice(dlg::event const& e)
    {
        if (auto const* a = std::get_if<dlg::invite_answered>(&e)) {
            ++answered;
            if (hang_up && alice.bye(a->dialog))
                throw std::runtime_error("BYE refused");
        } else if (std::get_if<dlg::invite_failed>(&e)) {
            throw std::runtime_error("a call failed");
        }
    }

    void on_bob(dlg::event const& e)
    {
        if (auto const* r = std::get_if<dlg::request_received>(&e)) {
            if (r->request.method() == sip::method::invite) {
                if (bob.respond(r->id, 180) || bob.respond(r->id, 200, answer_parts))
                    throw std::runtime_error("cannot answer");
            } else {
                bob.respond(r->id, 200);
            }
        } else if (auto const* t = std::get_if<dlg::dialog_terminated>(&e)) {
            if (t->reason == dlg::end_reason::bye_received)
                ++hung_up;
        }
    }

    /// `n` calls, each answered (and hung up when `hang_up`), their transactions ended.
    void calls(std::uint32_t n)
    {
        auto const want = answered + n;
        for (std::uint32_t i = 0; i < n; ++i)
            if (!alice.invite(call))
                throw std::runtime_error("INVITE refused");
        clock.settle();
        clock.advance(std::chrono::seconds(40)); // past 64*T1: Timers B, D, J, K, L, M
        if (answered != want)
            throw std::runtime_error("calls went unanswered");
    }

    boost::asio::io_context io{1};
    tx::manual_clock clock{io};
    tx::memory_network network{io};
    dlg::layer alice;
    dlg::layer bob;
    dlg::request_options call;
    dlg::message_parts answer_parts;
    bool hang_up = true;
    std::uint64_t answered = 0;
    std::uint64_t hung_up = 0;
};

/// Google Benchmark's view of the same work: one iteration is a batch of 64 whole calls.
void call_batches(benchmark::State& state)
{
    call_rig r;
    r.calls(256);
    for (auto _ : state)
        r.calls(64);
    state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(call_batches)->Unit(benchmark::kMicrosecond);

} // namespace

double calls_per_s(double seconds)
{
    call_rig r;
    r.calls(256); // warm the tables
    auto const before = r.hung_up;
    auto const rate = median_rate(seconds, [&] {
        r.calls(64);
        return std::uint64_t{64};
    });
    if (r.hung_up == before || r.alice.counters().live_dialogs != 0 || r.bob.counters().live_dialogs != 0)
        throw std::runtime_error("calls did not end");
    return rate;
}

double bytes_per_dialog()
{
    call_rig r;
    r.hang_up = false;
    constexpr std::uint32_t n = 2000;
    r.calls(n); // the tables grown once
    auto const before = live_bytes();
    r.calls(n);
    auto const after = live_bytes();
    if (r.alice.counters().live_dialogs != 2 * n || r.bob.counters().live_dialogs != 2 * n)
        throw std::runtime_error("dialogs missing");
    // One call is a dialog in each layer.
    return static_cast<double>(after - before) / (2.0 * n);
}

register_figures registration(std::uint32_t bindings, std::uint32_t expires)
{
    boost::asio::io_context io{1};
    tx::manual_clock clock{io};
    tx::memory_network network{io};
    dlg::digest_server auth({.realm = "bench.example", .algorithm = dlg::digest_algorithm::md5, .qop_auth = true,
                             .nonce_lifetime = std::chrono::seconds(300)},
                            [&clock] { return clock.now(); });
    auto const password = [](std::string_view user) -> std::optional<std::string> {
        if (user.size() < 2 || user.front() != 'u')
            return std::nullopt;
        return "pw" + std::string(user.substr(1));
    };
    dlg::layer* registrar_layer = nullptr;
    std::uint64_t granted = 0;
    std::string const grant = ";expires=" + std::to_string(expires);
    dlg::layer registrar(io, [&](dlg::event const& e) {
        auto const* r = std::get_if<dlg::request_received>(&e);
        if (!r)
            return;
        auto const verdict = auth.verify(r->request, password);
        if (verdict != dlg::digest_server::verdict::ok) {
            dlg::message_parts challenge;
            challenge.headers.push_back({"WWW-Authenticate", auth.challenge(verdict == dlg::digest_server::verdict::stale)});
            registrar_layer->respond(r->id, 401, challenge);
            return;
        }
        dlg::message_parts ok;
        if (auto contacts = r->request.contacts(); contacts && !contacts->empty())
            ok.headers.push_back({"Contact", "<" + std::string(contacts->front().address.uri.text) + ">" + grant});
        registrar_layer->respond(r->id, 200, ok);
        ++granted;
    }, on_clock(clock, "registrar"));
    registrar_layer = &registrar;

    std::uint64_t registered = 0;
    dlg::layer phones(io, [&](dlg::event const& e) {
        if (auto const* c = std::get_if<dlg::registration_changed>(&e)) {
            if (c->now != dlg::registration_changed::state::registered)
                throw std::runtime_error("a registration failed");
            ++registered;
        }
    }, on_clock(clock, "phones"));
    if (!registrar.listen(network, "10.0.0.3", 5060) || !phones.listen(network, "10.0.0.1", 5060))
        throw std::runtime_error("cannot attach the layers");

    using wall = std::chrono::steady_clock;
    auto const t0 = wall::now();
    for (std::uint32_t i = 0; i < bindings; ++i) {
        dlg::registration_options o;
        auto const user = "u" + std::to_string(i);
        o.registrar = "sip:10.0.0.3";
        o.aor = "sip:" + user + "@bench.example";
        o.contact = "sip:" + user + "@10.0.0.1:5060";
        o.expires = std::chrono::seconds(expires);
        o.credentials = {{.realm = "bench.example", .username = user, .password = "pw" + std::to_string(i)}};
        if (!phones.start_registration(o))
            throw std::runtime_error("registration refused");
    }
    clock.settle();
    auto const first = std::chrono::duration<double>(wall::now() - t0).count();
    if (registered != bindings)
        throw std::runtime_error("not every binding registered");

    // Time passes until the refreshes are due (the ended transactions go on the way), then one
    // whole refresh round, each REGISTER challenged again and answered, is timed.
    auto const refresh_at = std::chrono::seconds(expires > 120 ? expires - 60 : expires / 2);
    clock.advance(refresh_at - std::chrono::seconds(1));
    auto const t1 = wall::now();
    clock.advance(std::chrono::seconds(40)); // the round and its transactions' Timers K
    auto const round = std::chrono::duration<double>(wall::now() - t1).count();
    if (registered != 2 * bindings || phones.counters().registrations_refreshed != bindings)
        throw std::runtime_error("not every binding refreshed");

    register_figures f;
    f.per_s = bindings / first;
    f.refresh_core_pct = 100.0 * round / std::chrono::duration<double>(refresh_at).count();
    f.bindings = bindings;
    f.expires = expires;
    return f;
}

} // namespace rvoip::bench
