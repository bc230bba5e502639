// rvoip-demo: two user agents on loopback, each a session layer with its own SIP socket and
// RTP ports, in one process. Alice calls Bob with a 440 Hz tone, Bob answers with 660 Hz; Alice
// sends DTMF, holds, resumes and hangs up; each side says what it heard (the frequency measured
// in the audio that arrived), and the call's quality report is printed. Exit status 0 when
// everything that should have happened did.
#include <rvoip/session/layer.hpp>

#include <rvoip/media/tone_source.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

namespace session = rvoip::session;
namespace media = rvoip::media;
using namespace std::chrono_literals;

namespace {

constexpr int rate = 16000;

/// Keeps the audio a call played.
class recorder final : public media::audio_sink
{
public:
    explicit recorder(std::vector<std::int16_t>& out) : out_(out) {}
    int sample_rate() const noexcept override { return rate; }
    media::result<void> write(std::span<std::int16_t const> s) override
    {
        out_.insert(out_.end(), s.begin(), s.end());
        return {};
    }

private:
    std::vector<std::int16_t>& out_;
};

/// The strongest frequency (Goertzel, 100-4000 Hz in 10 Hz steps) in the last `ms` of `x`, and
/// its share of the signal's power.
std::pair<double, double> dominant(std::vector<std::int16_t> const& x, int ms = 500)
{
    std::size_t const n = std::min(x.size(), static_cast<std::size_t>(rate * ms / 1000));
    if (n == 0)
        return {0, 0};
    std::span<std::int16_t const> tail{x.data() + x.size() - n, n};
    double energy = 0;
    for (auto s : tail)
        energy += static_cast<double>(s) * s;
    double best = 0, best_power = 0;
    for (double hz = 100; hz <= 4000; hz += 10) {
        double const c = 2 * std::cos(2 * std::numbers::pi * hz / rate);
        double s1 = 0, s2 = 0;
        for (auto v : tail) {
            double const s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double const p = s1 * s1 + s2 * s2 - c * s1 * s2;
        if (p > best_power) {
            best_power = p;
            best = hz;
        }
    }
    // A pure tone's Goertzel power at its bin is N/2 times its energy.
    double const share = energy > 0 ? std::min(1.0, best_power / (energy * static_cast<double>(n) / 2)) : 0;
    return {best, share};
}

struct agent
{
    agent(boost::asio::io_context& io, std::string user) : name(std::move(user))
    {
        session::layer_options o;
        o.audio_rate = rate;
        o.quality_interval = 1s;
        o.from = "sip:" + this->name + "@127.0.0.1";
        o.dialog.contact_user = this->name;
        ua = std::make_unique<session::layer>(io, [this](session::event const& e) { on(e); }, std::move(o));
        port = ua->listen(rvoip::transaction::transport_kind::udp, "127.0.0.1", 0).value();
    }

    void on(session::event const& e)
    {
        if (auto const* in = std::get_if<session::incoming_call>(&e)) {
            std::printf("%-5s incoming call from %.*s\n", name.c_str(), static_cast<int>(in->from.size()), in->from.data());
            call = in->call;
            if (on_incoming)
                on_incoming(in->call);
        } else if (auto const* s = std::get_if<session::call_state_changed>(&e)) {
            state = s->state;
            std::printf("%-5s call %s\n", name.c_str(), std::string{session::to_string(s->state)}.c_str());
        } else if (auto const* m = std::get_if<session::media_updated>(&e)) {
            std::printf("%-5s media: %.*s, %d ms, %s%s\n", name.c_str(), static_cast<int>(m->codec.size()),
                        m->codec.data(), m->ptime_ms, std::string{rvoip::sip::sdp::to_string(m->direction)}.c_str(),
                        m->srtp ? ", SRTP" : "");
        } else if (auto const* d = std::get_if<session::dtmf_received>(&e)) {
            digits.push_back(d->digit);
            std::printf("%-5s DTMF '%c' (RFC 4733)\n", name.c_str(), d->digit);
        } else if (auto const* q = std::get_if<session::quality_measured>(&e)) {
            mos.push_back(q->sample.mos);
        } else if (auto const* end = std::get_if<session::call_ended>(&e)) {
            ended = true;
            auto const& r = end->report;
            std::printf("%-5s call ended (%s): %llu packets sent, %llu received, %lld lost, jitter %.1f ms, "
                        "MOS %.2f (R %.0f) over %zu samples\n",
                        name.c_str(), std::string{session::to_string(end->reason)}.c_str(),
                        static_cast<unsigned long long>(r.media.packets_sent),
                        static_cast<unsigned long long>(r.media.packets_received),
                        static_cast<long long>(r.media.packets_lost), r.media.jitter_ms, r.overall.mos,
                        r.overall.r_factor, r.samples.size());
            final_mos = r.overall.mos;
        }
    }

    std::string uri() const { return "sip:" + name + "@127.0.0.1:" + std::to_string(port); }

    std::string name;
    std::unique_ptr<session::layer> ua;
    std::uint16_t port = 0;
    session::call_id call = 0;
    session::call_state state = session::call_state::calling;
    std::function<void(session::call_id)> on_incoming;
    std::vector<std::int16_t> heard;
    std::string digits;
    std::vector<double> mos;
    double final_mos = 0;
    bool ended = false;
};

void run_for(boost::asio::io_context& io, std::chrono::milliseconds d)
{
    io.run_for(d);
    io.restart();
}

bool run_until(boost::asio::io_context& io, std::function<bool()> const& done, std::chrono::milliseconds limit = 5s)
{
    auto const end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) {
        io.run_one_for(10ms);
        io.restart();
    }
    return done();
}

int failures = 0;
void check(bool ok, char const* what)
{
    std::printf("%s %s\n", ok ? "  ok  " : "  FAIL", what);
    failures += ok ? 0 : 1;
}

} // namespace

int main()
{
    boost::asio::io_context io(1);
    agent alice(io, "alice"), bob(io, "bob");
    bob.on_incoming = [&](session::call_id id) {
        session::answer_options a;
        a.source = std::make_unique<media::tone_source>(660.0, rate);
        a.sink = std::make_unique<recorder>(bob.heard);
        (void)bob.ua->answer(id, std::move(a));
    };
    std::printf("demo: alice (%s) calls bob (%s) on loopback\n", alice.uri().c_str(), bob.uri().c_str());

    session::call_options o;
    o.to = bob.uri();
    o.source = std::make_unique<media::tone_source>(440.0, rate);
    o.sink = std::make_unique<recorder>(alice.heard);
    auto const id = alice.ua->call(std::move(o)).value();
    check(run_until(io, [&] { return alice.state == session::call_state::connected; }), "the call is connected");
    run_for(io, 1500ms);

    auto const [bob_hz, bob_share] = dominant(bob.heard);
    auto const [alice_hz, alice_share] = dominant(alice.heard);
    std::printf("demo: bob hears %.0f Hz (%.0f%% of the power), alice hears %.0f Hz (%.0f%%)\n", bob_hz,
                bob_share * 100, alice_hz, alice_share * 100);
    check(std::abs(bob_hz - 440) <= 10 && bob_share > 0.8, "bob hears alice's 440 Hz");
    check(std::abs(alice_hz - 660) <= 10 && alice_share > 0.8, "alice hears bob's 660 Hz");

    (void)alice.ua->send_dtmf(id, "1234#");
    run_until(io, [&] { return bob.digits.size() >= 5; });
    run_for(io, 200ms);
    check(bob.digits == "1234#", "bob receives the digits 1234# once each");

    (void)alice.ua->hold(id);
    check(run_until(io, [&] { return alice.state == session::call_state::on_hold; }), "alice holds the call");
    run_for(io, 200ms);
    auto const before = alice.ua->statistics(id)->packets_received;
    run_for(io, 1000ms);
    auto const during = alice.ua->statistics(id)->packets_received - before;
    std::printf("demo: on hold, alice received %llu packets in a second\n", static_cast<unsigned long long>(during));
    check(during == 0, "no media flows while held");

    (void)alice.ua->resume(id);
    check(run_until(io, [&] { return alice.state == session::call_state::connected; }), "alice resumes the call");
    run_for(io, 1000ms);
    auto const after = alice.ua->statistics(id)->packets_received - before;
    check(after > 30, "media flows again after resume");
    check(std::abs(dominant(bob.heard).first - 440) <= 10, "bob hears alice again");

    (void)alice.ua->hangup(id);
    run_until(io, [&] { return bob.ended && alice.ended; });
    check(bob.ended, "bob sees the hang-up");
    check(alice.final_mos > 4.0, "the quality report rates the loopback call above MOS 4");
    if (failures == 0)
        std::printf("demo: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
