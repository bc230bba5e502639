#pragma once
// Session layers that call each other over loopback in one io_context, with real RTP: a
// party records what it hears and logs every event.

#include <rvoip/session/layer.hpp>

#include "seeded_random.hpp"
#include "session_print.hpp"
#include "signals.hpp"

#include <rvoip/media/tone_source.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rvoip::session::test {

inline constexpr int rate = 16000;

/// Keeps what it is given (the received audio of a call).
class capture_sink final : public media::audio_sink
{
public:
    explicit capture_sink(std::shared_ptr<std::vector<std::int16_t>> out) : out_(std::move(out)) {}
    int sample_rate() const noexcept override { return rate; }
    media::result<void> write(std::span<std::int16_t const> s) override
    {
        out_->insert(out_->end(), s.begin(), s.end());
        return {};
    }

private:
    std::shared_ptr<std::vector<std::int16_t>> out_;
};

/// One user agent on a session layer.
struct party
{
    party(boost::asio::io_context& io, std::string user, std::uint64_t seed, layer_options o = {})
        : random(seed), name(std::move(user))
    {
        o.random = &random;
        o.audio_rate = rate;
        o.quality_interval = std::chrono::milliseconds{500};
        o.from = "sip:" + name + "@127.0.0.1";
        o.dialog.contact_user = name;
        ua = std::make_unique<session::layer>(io, [this](event const& e) { on_event(e); }, std::move(o));
        auto p = ua->listen(transaction::transport_kind::udp, "127.0.0.1", 0);
        BOOST_TEST_REQUIRE(p.has_value());
        port = *p;
    }

    std::string uri() const { return "sip:" + name + "@127.0.0.1:" + std::to_string(port); }

    /// Samples heard on the calls this party answers or makes with hear().
    std::shared_ptr<std::vector<std::int16_t>> heard = std::make_shared<std::vector<std::int16_t>>();
    std::unique_ptr<media::audio_sink> ear() { return std::make_unique<capture_sink>(heard); }
    std::unique_ptr<media::audio_source> tone(double hz) { return std::make_unique<media::tone_source>(hz, rate); }

    void on_event(event const& e)
    {
        if (std::getenv("RVOIP_TEST_TRACE"))
            trace(e);
        if (auto const* in = std::get_if<incoming_call>(&e)) {
            incoming.push_back(in->call);
            if (auto_answer && !in->replaces) {
                answer_options a;
                a.sink = ear();
                if (answer_tone > 0)
                    a.source = tone(answer_tone);
                BOOST_TEST(!ua->answer(in->call, std::move(a)));
            }
        } else if (auto const* s = std::get_if<call_state_changed>(&e)) {
            states.push_back(s->state);
            last_state = s->state;
        } else if (auto const* end = std::get_if<call_ended>(&e)) {
            ended.push_back({end->call, end->reason, end->status, end->report});
        } else if (auto const* d = std::get_if<dtmf_received>(&e)) {
            digits.push_back(d->digit);
            dtmf_paths.push_back(d->via);
        } else if (auto const* q = std::get_if<quality_measured>(&e)) {
            quality.push_back(q->sample);
        } else if (auto const* t = std::get_if<transfer_progress>(&e)) {
            transfer_statuses.push_back(t->status);
        } else if (auto const* r = std::get_if<transfer_requested>(&e)) {
            transferred_to.push_back(r->new_call);
        }
    }

    void trace(event const& e) const
    {
        std::visit(
            [&](auto const& ev) {
                using T = std::decay_t<decltype(ev)>;
                std::cerr << name << ": ";
                if constexpr (std::is_same_v<T, incoming_call>)
                    std::cerr << "incoming " << ev.call << " from " << ev.from;
                else if constexpr (std::is_same_v<T, call_state_changed>)
                    std::cerr << "call " << ev.call << " " << to_string(ev.state);
                else if constexpr (std::is_same_v<T, call_ended>)
                    std::cerr << "ended " << ev.call << " " << to_string(ev.reason) << " " << ev.status << " " << ev.detail;
                else if constexpr (std::is_same_v<T, dtmf_received>)
                    std::cerr << "dtmf " << ev.digit;
                else
                    std::cerr << "event " << e.index();
                std::cerr << "\n";
            },
            e);
    }

    struct end_record
    {
        call_id call;
        end_reason reason;
        int status;
        call_report report;
    };

    rtp::test::seeded_random random;
    std::string name;
    std::unique_ptr<session::layer> ua;
    std::uint16_t port = 0;
    bool auto_answer = true;
    double answer_tone = 0;
    std::vector<call_id> incoming;
    std::vector<call_state> states;
    call_state last_state = call_state::calling;
    std::vector<end_record> ended;
    std::string digits;
    std::vector<dtmf_path> dtmf_paths;
    std::vector<quality_sample> quality;
    std::vector<int> transfer_statuses;
    std::vector<call_id> transferred_to;
};

/// Runs `io` until `done()` or `limit` passes; true when done.
inline bool run_until(boost::asio::io_context& io, std::function<bool()> const& done,
                      std::chrono::milliseconds limit = std::chrono::seconds{5})
{
    auto const end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        io.run_one_for(std::chrono::milliseconds{5});
    }
    return true;
}

/// Runs `io` for `d`.
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds d)
{
    (void)run_until(io, [] { return false; }, d);
}

/// `from` calls `to` with a tone of `hz` (none for 0), hearing the answer when `hear`, and the
/// call is connected when this returns.
inline call_id call_and_connect(boost::asio::io_context& io, party& from, party& to, double hz, bool hear = false,
                                bool late_offer = false)
{
    call_options o;
    o.to = to.uri();
    if (hz > 0)
        o.source = from.tone(hz);
    if (hear)
        o.sink = from.ear();
    o.late_offer = late_offer;
    auto id = from.ua->call(std::move(o));
    BOOST_TEST_REQUIRE(id.has_value());
    BOOST_TEST_REQUIRE(run_until(io, [&] { return from.ua->info(*id) && from.ua->info(*id)->state == call_state::connected; }));
    return *id;
}

/// The power of `hz` in the last `ms` of `x`, against that of two frequencies beside it.
inline bool tone_present(std::vector<std::int16_t> const& x, double hz, std::size_t ms = 300)
{
    std::size_t const n = rate * ms / 1000;
    if (x.size() < n)
        return false;
    std::span<std::int16_t const> tail{x.data() + x.size() - n, n};
    double const p = rvoip::test::tone_power(tail, hz, rate);
    return p > 1e5 && p > 20 * rvoip::test::tone_power(tail, hz * 0.7, rate) &&
           p > 20 * rvoip::test::tone_power(tail, hz * 1.3, rate);
}

} // namespace rvoip::session::test
