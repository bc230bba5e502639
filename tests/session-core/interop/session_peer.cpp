// session-core-peer: a user agent on the session layer for interop scripts (baresip, SIPp).
//
//   session-core-peer --listen IP:PORT [--call URI] [--codecs a,b] [--srtp off|optional|mandatory]
//                     [--tone HZ] [--record FILE.wav] [--seconds N] [--hangup-after S] [--dtmf DIGITS]
//                     [--late-offer] [--rtp-ports LOW-HIGH]
//       answers every call (or places one), plays a tone, records what it hears, and prints one
//       line per event ("incoming", "state", "codec", "dtmf", "quality", "ended") on stdout;
//       exits 0 after N seconds, or when the call ended, with the last call's outcome.
//   session-core-peer --write-tone FILE.wav HZ SECONDS [RATE [CHANNELS]]   a WAV with a sine
//   session-core-peer --detect FILE.wav HZ                       exit 0 when the tone is in it
#include <rvoip/session/layer.hpp>

#include <rvoip/media/tone_source.hpp>
#include <rvoip/media/wav.hpp>
#include <rvoip/media/wav_file_port.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace session = rvoip::session;
namespace media = rvoip::media;

namespace {

constexpr int rate = 16000;

double tone_power(std::vector<std::int16_t> const& x, std::size_t from, double hz, int sample_rate)
{
    double const w = 2 * std::numbers::pi * hz / sample_rate;
    double const c = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (std::size_t i = from; i < x.size(); ++i) {
        double const s0 = x[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double const n = static_cast<double>(x.size() - from);
    return (s1 * s1 + s2 * s2 - c * s1 * s2) / (n * n);
}

// The tone is there when it carries clearly more power than the frequencies beside it, over the
// second half of the file (the first may be ringing, silence or jitter-buffer start).
int detect(char const* path, double hz)
{
    auto audio = media::read_wav_file(path);
    if (!audio) {
        std::fprintf(stderr, "session-core-peer: cannot read %s\n", path);
        return 2;
    }
    auto const mono = media::downmix_to_mono(*audio);
    if (mono.size() < static_cast<std::size_t>(audio->sample_rate / 5)) {
        std::printf("detect %s samples=%zu: too short\n", path, mono.size());
        return 1;
    }
    auto const from = mono.size() / 2;
    double const p = tone_power(mono, from, hz, audio->sample_rate);
    double const lo = tone_power(mono, from, hz * 0.7, audio->sample_rate);
    double const hi = tone_power(mono, from, hz * 1.3, audio->sample_rate);
    bool const present = p > 1e4 && p > 20 * lo && p > 20 * hi;
    std::printf("detect %s rate=%d seconds=%.2f hz=%g power=%.0f beside=%.0f/%.0f present=%d\n", path,
                audio->sample_rate, static_cast<double>(mono.size()) / audio->sample_rate, hz, p, lo, hi, present);
    return present ? 0 : 1;
}

int write_tone(char const* path, double hz, double seconds, int sample_rate, int channels)
{
    media::wav_audio a;
    a.sample_rate = sample_rate;
    a.channels = channels;
    media::tone_source t(hz, sample_rate);
    std::vector<std::int16_t> mono(static_cast<std::size_t>(seconds * sample_rate));
    t.read(mono);
    for (auto s : mono)
        for (int c = 0; c < channels; ++c)
            a.samples.push_back(s);
    return media::write_wav_file(path, a) ? 0 : 1;
}

bool endpoint(std::string const& text, std::string& ip, std::uint16_t& port)
{
    auto const colon = text.rfind(':');
    if (colon == std::string::npos)
        return false;
    ip = text.substr(0, colon);
    auto const p = std::strtoul(text.c_str() + colon + 1, nullptr, 10);
    if (p > 65535)
        return false;
    port = static_cast<std::uint16_t>(p);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 4 && std::strcmp(argv[1], "--detect") == 0)
        return detect(argv[2], std::atof(argv[3]));
    if (argc >= 5 && std::strcmp(argv[1], "--write-tone") == 0)
        return write_tone(argv[2], std::atof(argv[3]), std::atof(argv[4]), argc >= 6 ? std::atoi(argv[5]) : 8000,
                          argc >= 7 ? std::atoi(argv[6]) : 1);

    session::layer_options o;
    std::string listen, call_to, record, dtmf;
    double tone = 0, seconds = 10, hangup_after = 0;
    bool late = false;
    for (int i = 1; i < argc; ++i) {
        std::string const a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "session-core-peer: %s wants a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--listen") {
            listen = next();
        } else if (a == "--call") {
            call_to = next();
        } else if (a == "--codecs") {
            std::stringstream ss(next());
            o.media.codecs.clear();
            for (std::string c; std::getline(ss, c, ',');)
                o.media.codecs.push_back(c);
        } else if (a == "--srtp") {
            auto const p = next();
            o.media.srtp = p == "mandatory" ? session::srtp_policy::mandatory
                           : p == "optional" ? session::srtp_policy::optional
                                             : session::srtp_policy::off;
        } else if (a == "--tone") {
            tone = std::atof(next().c_str());
        } else if (a == "--record") {
            record = next();
        } else if (a == "--seconds") {
            seconds = std::atof(next().c_str());
        } else if (a == "--hangup-after") {
            hangup_after = std::atof(next().c_str());
        } else if (a == "--dtmf") {
            dtmf = next();
        } else if (a == "--late-offer") {
            late = true;
        } else if (a == "--rtp-ports") {
            auto const r = next();
            o.rtp_port_min = static_cast<std::uint16_t>(std::atoi(r.c_str()));
            o.rtp_port_max = static_cast<std::uint16_t>(std::atoi(r.c_str() + r.find('-') + 1));
        } else {
            std::fprintf(stderr, "session-core-peer: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    std::string ip;
    std::uint16_t port = 0;
    if (!endpoint(listen, ip, port)) {
        std::fprintf(stderr, "session-core-peer: --listen IP:PORT is required\n");
        return 2;
    }
    o.media_address = ip;
    o.audio_rate = rate;
    o.quality_interval = std::chrono::seconds{1};
    o.from = "sip:peer@" + ip;
    o.dialog.contact_user = "peer";

    boost::asio::io_context io(1);
    session::layer* self = nullptr;
    int outcome = 1;
    bool ended = false;
    auto audio = [&](std::unique_ptr<media::audio_source>& src, std::unique_ptr<media::audio_sink>& sink) {
        if (tone > 0)
            src = std::make_unique<media::tone_source>(tone, rate);
        if (!record.empty()) {
            auto w = media::wav_file_sink::open(record, rate);
            if (w)
                sink = std::make_unique<media::wav_file_sink>(std::move(*w));
        }
    };
    boost::asio::steady_timer hangup(io), dtmf_timer(io);
    auto connected = [&](session::call_id id) {
        if (auto info = self->info(id))
            std::printf("codec %s ptime=%d srtp=%d telephone_event=%d\n", info->codec.c_str(), info->ptime_ms,
                        info->srtp, info->telephone_event);
        if (!dtmf.empty()) {
            dtmf_timer.expires_after(std::chrono::milliseconds{500});
            dtmf_timer.async_wait([&, id](boost::system::error_code ec) {
                if (!ec)
                    (void)self->send_dtmf(id, dtmf);
            });
        }
        if (hangup_after > 0) {
            hangup.expires_after(std::chrono::milliseconds{static_cast<long>(hangup_after * 1000)});
            hangup.async_wait([&, id](boost::system::error_code ec) {
                if (!ec)
                    (void)self->hangup(id);
            });
        }
    };
    session::layer ua(io, [&](session::event const& e) {
        if (auto const* in = std::get_if<session::incoming_call>(&e)) {
            std::printf("incoming %llu from %.*s\n", static_cast<unsigned long long>(in->call),
                        static_cast<int>(in->from.size()), in->from.data());
            session::answer_options a;
            audio(a.source, a.sink);
            if (auto ec = self->answer(in->call, std::move(a)))
                std::printf("answer failed: %s\n", ec.message().c_str());
        } else if (auto const* s = std::get_if<session::call_state_changed>(&e)) {
            auto const st = session::to_string(s->state);
            std::printf("state %.*s\n", static_cast<int>(st.size()), st.data());
            if (s->state == session::call_state::connected)
                connected(s->call);
        } else if (auto const* m = std::get_if<session::media_updated>(&e)) {
            auto const dir = rvoip::sip::sdp::to_string(m->direction);
            std::printf("media codec=%.*s ptime=%d direction=%.*s srtp=%d remote=%s:%u\n",
                        static_cast<int>(m->codec.size()), m->codec.data(), m->ptime_ms, static_cast<int>(dir.size()),
                        dir.data(), m->srtp, m->remote.address.c_str(), m->remote.port);
        } else if (auto const* d = std::get_if<session::dtmf_received>(&e)) {
            std::printf("dtmf %c via=%d\n", d->digit, static_cast<int>(d->via));
        } else if (auto const* q = std::get_if<session::quality_measured>(&e)) {
            std::printf("quality mos=%.2f loss_pct=%.1f jitter_ms=%.1f\n", q->sample.mos, q->sample.loss_pct,
                        q->sample.jitter_ms);
        } else if (auto const* end = std::get_if<session::call_ended>(&e)) {
            auto const r = session::to_string(end->reason);
            std::printf("ended reason=%.*s status=%d packets_received=%llu packets_sent=%llu mos=%.2f\n",
                        static_cast<int>(r.size()), r.data(), end->status,
                        static_cast<unsigned long long>(end->report.media.packets_received),
                        static_cast<unsigned long long>(end->report.media.packets_sent), end->report.overall.mos);
            outcome = end->reason == session::end_reason::local_hangup ||
                              end->reason == session::end_reason::remote_hangup
                          ? 0
                          : 1;
            ended = true;
            io.stop();
        }
        std::fflush(stdout);
    }, std::move(o));
    self = &ua;
    auto bound = ua.listen(rvoip::transaction::transport_kind::udp, ip, port);
    if (!bound) {
        std::fprintf(stderr, "session-core-peer: cannot listen on %s: %s\n", listen.c_str(), bound.error().message().c_str());
        return 2;
    }
    std::printf("listening %s:%u\n", ip.c_str(), *bound);
    std::fflush(stdout);
    if (!call_to.empty()) {
        session::call_options c;
        c.to = call_to;
        c.late_offer = late;
        audio(c.source, c.sink);
        auto id = ua.call(std::move(c));
        if (!id) {
            std::fprintf(stderr, "session-core-peer: call: %s\n", id.error().message().c_str());
            return 1;
        }
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
    boost::asio::steady_timer limit(io);
    limit.expires_after(std::chrono::milliseconds{static_cast<long>(seconds * 1000)});
    limit.async_wait([&](boost::system::error_code ec) {
        if (!ec)
            io.stop();
    });
    io.run();
    // Hang up whatever is left so the recording is finished and the peer sees a BYE.
    for (auto id : ua.calls())
        (void)ua.hangup(id);
    io.restart();
    io.run_for(std::chrono::milliseconds{200});
    if (!ended)
        std::printf("ended reason=none\n");
    return ended ? outcome : 1;
}
