#include "phone.hpp"

#include <rvoip/media/null_device.hpp>
#include <rvoip/media/tone_source.hpp>
#include <rvoip/media/wav_file_port.hpp>
#include <rvoip/sip/uri.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace rvoip::softphone {

namespace json = boost::json;
using client::call_id;
using client::call_state;

namespace {

// RFC 3550 §6.4.1 lets the cumulative count go negative when a peer sends duplicates; what a
// user reads as "lost" is never below zero.
std::uint64_t lost(std::int64_t cumulative) noexcept
{
    return cumulative > 0 ? static_cast<std::uint64_t>(cumulative) : 0u;
}

constexpr int audio_rate = 16000;

std::string fixed(double v, int digits = 1)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

/// Rounded for JSON, so that lines stay short and stable.
double round_to(double v, int digits)
{
    double const f = std::pow(10.0, digits);
    return std::round(v * f) / f;
}

/// The contract's error categories.
std::string_view category(client::error const& e)
{
    using client::errc;
    switch (e.code()) {
    case errc::invalid_uri: return "invalid_uri";
    case errc::call_not_found: return "call_not_found";
    case errc::media_failure:
    case errc::no_common_codec:
    case errc::srtp_failure:
    case errc::device_failure:
    case errc::recording_failure: return "media";
    case errc::bad_configuration:
    case errc::bad_dtmf: return "configuration";
    default: break;
    }
    switch (e.category()) {
    case client::error_category::network:
    case client::error_category::transport: return "network";
    case client::error_category::configuration: return "configuration";
    case client::error_category::media:
    case client::error_category::codec: return "media";
    default: return "protocol";
    }
}

std::vector<std::string> words(std::string const& line)
{
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::optional<std::uint64_t> number(std::string const& s)
{
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

std::string host_of(std::string const& address)
{
    auto const colon = address.rfind(':');
    return colon == std::string::npos ? address : address.substr(0, colon);
}

/// The host of the registrar URI: the domain of our address of record.
std::string registrar_domain(std::string const& registrar)
{
    auto const uri = sip::parse_uri(registrar);
    return uri ? std::string(uri->host) : std::string{};
}

/// The registration --registrar and its companions ask for (at start-up and on `register`).
client::registration_config registration(options const& o)
{
    client::registration_config rc;
    rc.server = o.registrar;
    rc.from_uri = "sip:" + o.user + "@" + registrar_domain(o.registrar);
    rc.username = o.auth_user.empty() ? o.user : o.auth_user;
    rc.password = o.password;
    rc.expires = std::chrono::seconds{o.expires};
    return rc;
}

} // namespace

phone::phone(boost::asio::io_context& io, options opts, output& out) : io_(io), opts_(std::move(opts)), out_(out) {}

phone::~phone()
{
    stop();
}

template<class T> bool phone::check(client::result<T> const& r)
{
    if (r)
        return true;
    fail(r.error());
    return false;
}

void phone::fail(client::error const& e)
{
    out_.error(category(e), e.what());
}

std::string phone::start()
{
    client::client_builder b;
    b.local_address(opts_.bind).user(opts_.user).display_name(opts_.display).user_agent("rvoip-softphone/0.1");
    std::vector<client::transport> transports;
    for (auto const& t : opts_.transports)
        transports.push_back(t == "tcp"   ? client::transport::tcp
                             : t == "tls" ? client::transport::tls
                             : t == "ws"  ? client::transport::ws
                                          : client::transport::udp);
    b.transports(transports);
    if (!opts_.registrar.empty()) {
        auto const r = registration(opts_);
        b.domain(registrar_domain(opts_.registrar));
        b.registrar(r.server, r.from_uri, r.username, r.password, r.expires);
    }
    if (!opts_.outbound_proxy.empty())
        b.outbound_proxy(opts_.outbound_proxy);
    if (!opts_.codecs.empty())
        b.codecs(opts_.codecs);
    b.srtp(opts_.srtp == "mandatory"  ? client::srtp_mode::mandatory
           : opts_.srtp == "optional" ? client::srtp_mode::optional
                                      : client::srtp_mode::off);
    b.rtp_ports(opts_.rtp_low, opts_.rtp_high);
    if (!opts_.media_public_address.empty())
        b.media_public_address(opts_.media_public_address);
    b.symmetric_rtp(opts_.symmetric_rtp);
    b.media_timeout(std::chrono::seconds{opts_.media_timeout_s});
    if (!opts_.tls_cert.empty() || !opts_.tls_key.empty())
        b.tls_certificate(opts_.tls_cert, opts_.tls_key.empty() ? opts_.tls_cert : opts_.tls_key);
    if (!opts_.tls_ca.empty())
        b.tls_ca(opts_.tls_ca);
    b.audio_devices(opts_.audio_in.what == audio_spec::kind::device ||
                    opts_.audio_out.what == audio_spec::kind::device);
    b.audio_rate(audio_rate);
    b.quality_interval(std::chrono::seconds{2});
    // Events come to the phone's thread, which may then wait for the client's answers.
    b.event_executor([this](std::function<void()> f) { boost::asio::post(io_, std::move(f)); });
    auto built = b.try_build();
    if (!built)
        return built.error().what();
    client_ = std::move(*built);
    subscription_ = client_->subscribe([this](client::client_event const& e) { on_event(e); });
    if (auto started = client_->start().get(); !started)
        return started.error().what();
    out_.log(log_level::info, "listening on " + client_->local_address() + " as " + client_->local_uri());
    if (opts_.events == event_format::text)
        out_.say("softphone " + client_->local_uri() + " ready ('help' lists the commands)");
    if (auto regs = client_->list_registrations(); !regs.empty())
        registration_ = regs.front().id;
    if (!opts_.call.empty())
        place_call(opts_.call);
    return {};
}

void phone::stop()
{
    if (done_ || !client_) {
        done_ = true;
        return;
    }
    done_ = true;
    subscription_ = {};
    (void)client_->stop().get();
    client_.reset();
}

client::call_audio phone::make_audio(call_id id)
{
    client::call_audio a;
    switch (opts_.audio_in.what) {
    case audio_spec::kind::null: a.source = std::make_unique<media::null_source>(audio_rate); break;
    case audio_spec::kind::tone: a.source = std::make_unique<media::tone_source>(opts_.audio_in.tone_hz, audio_rate); break;
    case audio_spec::kind::file:
        if (auto f = media::wav_file_source::open(opts_.audio_in.path, audio_rate, true))
            a.source = std::make_unique<media::wav_file_source>(std::move(*f));
        else {
            out_.error("media", "--audio-in " + opts_.audio_in.path + ": " + f.error().message() + "; sending silence");
            a.source = std::make_unique<media::null_source>(audio_rate);
        }
        break;
    case audio_spec::kind::device: a.input_device = opts_.audio_in.device; break;
    }
    switch (opts_.audio_out.what) {
    case audio_spec::kind::null:
    case audio_spec::kind::tone: a.sink = std::make_unique<media::null_sink>(audio_rate); break;
    case audio_spec::kind::file: {
        auto const path = file_for(opts_.audio_out.path, id);
        if (auto f = media::wav_file_sink::open(path, audio_rate))
            a.sink = std::make_unique<media::wav_file_sink>(std::move(*f));
        else {
            out_.error("media", "--audio-out " + path + ": " + f.error().message() + "; playing to nothing");
            a.sink = std::make_unique<media::null_sink>(audio_rate);
        }
        break;
    }
    case audio_spec::kind::device: a.output_device = opts_.audio_out.device; break;
    }
    // A device on one side only: the other side is null rather than a device too.
    if (opts_.audio_in.what == audio_spec::kind::device && opts_.audio_out.what != audio_spec::kind::device && !a.sink)
        a.sink = std::make_unique<media::null_sink>(audio_rate);
    return a;
}

/// The first call writes PATH itself; later ones PATH with "-ID" before the extension, so that
/// no call overwrites another's file.
std::string phone::file_for(std::string const& path, call_id id) const
{
    if (ended_calls_ == 0 && calls_.size() <= 1)
        return path;
    auto const dot = path.rfind('.');
    auto const slash = path.rfind('/');
    auto const at = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? path.size() : dot;
    return path.substr(0, at) + "-" + std::to_string(id) + path.substr(at);
}

void phone::place_call(std::string const& uri)
{
    client::call_request r;
    r.to = uri;
    // The id is known once the client took the call: the audio is made for the next id the
    // phone will see, so the file name is decided here with a provisional id.
    auto const next = calls_.empty() ? 1 : calls_.rbegin()->first + 1;
    r.audio = make_audio(next);
    auto made = client_->make_call(std::move(r)).get();
    if (!check(made))
        return;
    auto& c = calls_[*made];
    c.remote = uri;
    json::object f{{"event", "call_state"}, {"call_id", std::to_string(*made)}, {"state", "calling"}, {"reason", ""}};
    out_.event(std::move(f), "call " + std::to_string(*made) + ": calling " + uri);
}

void phone::answer(call_id id)
{
    auto it = calls_.find(id);
    if (it == calls_.end())
        return;
    check(client_->answer_call(id, make_audio(id)).get());
}

void phone::on_event(client::client_event const& e)
{
    if (done_)
        return;
    if (auto const* in = e.as<client::incoming_call_event>()) {
        auto& c = calls_[in->call];
        c.state = call_state::incoming_pending;
        c.remote = in->caller;
        auto const id = std::to_string(in->call);
        json::object f{{"event", "incoming_call"}, {"call_id", id}, {"from", in->caller}, {"to", in->callee}};
        if (!in->display_name.empty())
            f["display"] = in->display_name;
        if (!in->subject.empty())
            f["subject"] = in->subject;
        if (in->replaces) {
            // the end of an attended transfer: answered already, in place of the replaced call
            f["replaces"] = std::to_string(*in->replaces);
            out_.event(std::move(f), "call " + id + ": " + in->caller + " replaces call " +
                                         std::to_string(*in->replaces) + " (attended transfer)");
            return;
        }
        out_.event(std::move(f), "call " + id + ": incoming from " +
                                     (in->display_name.empty() ? "" : "\"" + in->display_name + "\" ") + in->caller +
                                     (opts_.auto_answer_ms ? "" : " ('answer " + id + "' or 'reject " + id + "')"));
        if (opts_.auto_answer_ms) {
            if (*opts_.auto_answer_ms == 0) {
                answer(in->call);
            } else {
                c.timer = std::make_unique<boost::asio::steady_timer>(io_, std::chrono::milliseconds{*opts_.auto_answer_ms});
                c.timer->async_wait([this, call = in->call](boost::system::error_code ec) {
                    if (!ec && !done_ && calls_.contains(call) && calls_[call].state == call_state::incoming_pending)
                        answer(call);
                });
            }
        }
    } else if (auto const* s = e.as<client::call_state_changed_event>()) {
        on_state(*s);
    } else if (auto const* m = e.as<client::media_event>()) {
        on_media(*m);
    } else if (auto const* q = e.as<client::media_quality_changed_event>()) {
        on_quality(*q);
    } else if (auto const* d = e.as<client::dtmf_received_event>()) {
        auto const id = std::to_string(d->call);
        out_.event({{"event", "dtmf"}, {"call_id", id}, {"digit", std::string(1, d->digit)}},
                   "call " + id + ": DTMF " + std::string(1, d->digit) + " received");
    } else if (auto const* r = e.as<client::registration_status_changed_event>()) {
        registration_ = r->registration;
        std::string_view state;
        switch (r->state) {
        case client::registration_state::registered: state = "registered"; break;
        case client::registration_state::failed: state = "failed"; break;
        case client::registration_state::unregistered: state = "unregistered"; break;
        default: return;
        }
        json::object f{{"event", "registration"}, {"state", state}, {"code", r->status}, {"expires", r->expires}};
        if (!r->reason.empty())
            f["reason"] = r->reason;
        out_.event(std::move(f), "registration at " + r->server + ": " + std::string(state) +
                                     (r->status ? " (" + std::to_string(r->status) + ")" : "") +
                                     (r->state == client::registration_state::registered
                                          ? ", expires in " + std::to_string(r->expires) + " s"
                                          : "") +
                                     (r->reason.empty() ? "" : ": " + r->reason));
    } else if (auto const* t = e.as<client::incoming_transfer_request_event>()) {
        auto const id = std::to_string(t->call);
        out_.event({{"event", "transfer"}, {"call_id", id}, {"state", "accepted"}, {"target", t->target},
                    {"new_call_id", std::to_string(t->new_call)}},
                   "call " + id + ": transferred by the peer to " + t->target + " (new call " +
                       std::to_string(t->new_call) + ")");
        calls_[t->new_call].remote = t->target;
    } else if (auto const* p = e.as<client::transfer_progress_event>()) {
        auto const id = std::to_string(p->call);
        std::string_view const state = !p->final ? "accepted" : p->status >= 200 && p->status < 300 ? "succeeded" : "failed";
        auto const it = calls_.find(p->call);
        std::string const target = it == calls_.end() ? "" : it->second.transfer_target;
        out_.event({{"event", "transfer"}, {"call_id", id}, {"state", state}, {"target", target}, {"status", p->status}},
                   "call " + id + ": transfer to " + target + " " + std::string(state) + " (" +
                       std::to_string(p->status) + ")");
    } else if (auto const* msg = e.as<client::message_received_event>()) {
        out_.event({{"event", "message"}, {"from", msg->from}, {"text", msg->body}},
                   "message from " + msg->from + ": " + msg->body);
    } else if (auto const* n = e.as<client::network_event>()) {
        out_.log(n->connected ? log_level::info : log_level::warn, "network: " + n->detail);
    } else if (auto const* err = e.as<client::client_error_event>()) {
        if (err->code == client::errc::device_failure) {
            // No sound card: the call goes on with null audio; said once.
            if (!device_warned_)
                out_.log(log_level::warn, err->message);
            device_warned_ = true;
            return;
        }
        client::error const as_error(err->code, err->message);
        json::object f{{"event", "error"}, {"category", category(as_error)}, {"message", err->message}};
        if (err->call)
            f["call_id"] = std::to_string(*err->call);
        out_.event(std::move(f), "error (" + std::string(category(as_error)) + "): " + err->message);
    }
}

void phone::on_state(client::call_state_changed_event const& e)
{
    auto& c = calls_[e.call];
    auto const previous = c.state;
    c.state = e.new_state;
    auto const id = std::to_string(e.call);
    std::string_view state;
    switch (e.new_state) {
    case call_state::initiating:
    case call_state::proceeding:
    case call_state::incoming_pending:
    case call_state::terminating: return; // "calling" was printed when it was made
    case call_state::ringing: state = "ringing"; break;
    case call_state::early_media: state = "early_media"; break;
    case call_state::connected: state = previous == call_state::held || c.held ? "resumed" : "connected"; break;
    case call_state::held: state = "held"; break;
    case call_state::transferring: state = "transferring"; break;
    case call_state::terminated:
    case call_state::failed:
    case call_state::cancelled: on_ended(e.call, c, e.reason); return;
    }
    c.held = e.new_state == call_state::held;
    std::string text = "call " + id + ": " + std::string(state);
    if (e.new_state == call_state::connected && !c.was_connected)
        text += " with " + c.remote;
    out_.event({{"event", "call_state"}, {"call_id", id}, {"state", state}, {"reason", e.reason}}, text);
    if (e.new_state == call_state::connected && !c.was_connected)
        on_connected(e.call, c);
}

void phone::on_connected(call_id id, call_entry& c)
{
    c.was_connected = true;
    c.connected_at = std::chrono::steady_clock::now();
    if (!opts_.record.empty()) {
        auto const path = file_for(opts_.record, id);
        if (check(client_->start_recording(id, path).get()))
            out_.log(log_level::info, "call " + std::to_string(id) + ": recording to " + path);
    }
    if (!opts_.dtmf.empty())
        check(client_->send_dtmf(id, opts_.dtmf).get());
    if (opts_.hangup_after_s) {
        c.timer = std::make_unique<boost::asio::steady_timer>(
            io_, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                     std::chrono::duration<double>(*opts_.hangup_after_s)));
        c.timer->async_wait([this, id](boost::system::error_code ec) {
            if (!ec && !done_ && calls_.contains(id))
                check(client_->hangup_call(id).get());
        });
    }
}

void phone::on_ended(call_id id, call_entry& c, std::string const& reason)
{
    auto const text = "call " + std::to_string(id) + ": terminated" + (reason.empty() ? "" : " (" + reason + ")");
    out_.event({{"event", "call_state"}, {"call_id", std::to_string(id)}, {"state", "terminated"}, {"reason", reason}},
               text);
    if (auto s = client_->get_media_statistics(id)) // the last counters, not the last quality sample's
        c.stats = *s;
    summary(id, c, reason);
    if (c.timer)
        c.timer->cancel();
    calls_.erase(id);
    ++ended_calls_;
    if (opts_.exit_after_call && ended_calls_ == 1 && on_exit)
        on_exit();
}

void phone::on_media(client::media_event const& e)
{
    using client::media_event_kind;
    auto& c = calls_[e.call];
    auto const id = std::to_string(e.call);
    if (e.kind == media_event_kind::audio_started || e.kind == media_event_kind::codec_changed) {
        auto const info = client_->get_call(e.call);
        c.codec = e.detail;
        std::string remote, local;
        if (info) {
            c.srtp = info->srtp;
            remote = info->remote_media_address;
            local = host_of(client_->local_address()) + ":" + std::to_string(info->local_rtp_port);
        }
        out_.event({{"event", "media"}, {"call_id", id}, {"codec", c.codec}, {"srtp", c.srtp}, {"local", local},
                    {"remote", remote}},
                   "call " + id + ": audio " + c.codec + (c.srtp ? ", SRTP on" : ", SRTP off") + ", " + local +
                       " <-> " + remote);
        return;
    }
    out_.log(log_level::debug, "call " + id + ": " + std::string(to_string(e.kind)) +
                                   (e.detail.empty() ? "" : " " + e.detail));
}

void phone::on_quality(client::media_quality_changed_event const& e)
{
    auto it = calls_.find(e.call);
    if (it == calls_.end())
        return;
    auto& c = it->second;
    auto const& q = e.quality;
    c.quality = q;
    c.mos.push_back(q.mos);
    if (auto s = client_->get_media_statistics(e.call))
        c.stats = *s;
    auto const id = std::to_string(e.call);
    out_.event({{"event", "quality"},
                {"call_id", id},
                {"mos", round_to(q.mos, 2)},
                {"jitter_ms", round_to(q.jitter_ms, 2)},
                {"loss_pct", round_to(q.loss_pct, 2)},
                {"rtt_ms", round_to(q.rtt_ms, 2)}},
               "call " + id + ": MOS " + fixed(q.mos, 2) + "  loss " + fixed(q.loss_pct) + "%  jitter " +
                   fixed(q.jitter_ms) + " ms  RTT " + fixed(q.rtt_ms) + " ms" + (e.degraded ? "  (poor)" : ""));
}

void phone::summary(call_id id, call_entry const& c, std::string const& reason)
{
    auto const sid = std::to_string(id);
    double const seconds = c.was_connected
                               ? std::chrono::duration<double>(std::chrono::steady_clock::now() - c.connected_at).count()
                               : 0.0;
    double mean = 0, low = 0;
    if (!c.mos.empty()) {
        for (double m : c.mos)
            mean += m;
        mean /= static_cast<double>(c.mos.size());
        low = *std::ranges::min_element(c.mos);
    }
    json::array history;
    for (double m : c.mos)
        history.push_back(round_to(m, 2));
    out_.event({{"event", "summary"},
                {"call_id", sid},
                {"remote", c.remote},
                {"reason", reason},
                {"duration_s", round_to(seconds, 1)},
                {"codec", c.codec},
                {"srtp", c.srtp},
                {"packets_sent", c.stats.packets_sent},
                {"packets_received", c.stats.packets_received},
                {"lost", lost(c.stats.packets_lost)},
                {"jitter_ms", round_to(c.quality.jitter_ms, 2)},
                {"rtt_ms", round_to(c.quality.rtt_ms, 2)},
                {"mos_mean", round_to(mean, 2)},
                {"mos_min", round_to(low, 2)},
                {"mos_history", std::move(history)}},
               "call " + sid + " summary: " + c.remote + ", " + fixed(seconds) + " s connected" +
                   (c.codec.empty() ? "" : ", " + c.codec + (c.srtp ? " SRTP" : "")) + ", " +
                   std::to_string(c.stats.packets_sent) + " packets sent, " +
                   std::to_string(c.stats.packets_received) + " received, " + std::to_string(lost(c.stats.packets_lost)) +
                   " lost" + (c.mos.empty() ? "" : ", MOS mean " + fixed(mean, 2) + " min " + fixed(low, 2)));
}

std::optional<call_id> phone::resolve(std::string const& token, bool prefer_incoming)
{
    if (!token.empty()) {
        auto const n = number(token);
        if (!n || !calls_.contains(*n)) {
            out_.error("call_not_found", "no call " + token + " ('calls' lists them)");
            return std::nullopt;
        }
        return *n;
    }
    if (prefer_incoming) {
        std::vector<call_id> incoming;
        for (auto const& [id, c] : calls_)
            if (c.state == call_state::incoming_pending)
                incoming.push_back(id);
        if (incoming.size() == 1)
            return incoming.front();
    }
    if (calls_.size() == 1)
        return calls_.begin()->first;
    out_.error("call_not_found", calls_.empty() ? "no call in progress" : "several calls: name one ('calls' lists them)");
    return std::nullopt;
}

void phone::register_now()
{
    if (registration_) {
        check(client_->refresh_registration(*registration_).get());
        return;
    }
    if (opts_.registrar.empty()) {
        out_.error("configuration", "no registrar: start with --registrar URI");
        return;
    }
    if (auto r = client_->register_account(registration(opts_)).get(); check(r))
        registration_ = *r;
}

void phone::unregister_now()
{
    if (!registration_) {
        out_.error("configuration", "not registered");
        return;
    }
    check(client_->unregister(*registration_).get());
    registration_.reset();
}

void phone::print_stats(call_id id)
{
    auto const s = client_->get_media_statistics(id);
    if (!check(s))
        return;
    auto const q = client_->get_call_quality(id);
    double const mos = q ? q->mos : 0.0;
    auto const sid = std::to_string(id);
    out_.event({{"event", "stats"},
                {"call_id", sid},
                {"packets_sent", s->packets_sent},
                {"packets_received", s->packets_received},
                {"lost", lost(s->packets_lost)},
                {"jitter_ms", round_to(s->jitter_ms, 2)},
                {"mos", round_to(mos, 2)},
                {"codec", s->codec},
                {"rtt_ms", round_to(s->rtt_ms.value_or(0.0), 2)},
                {"dtmf_sent", s->dtmf_sent},
                {"dtmf_received", s->dtmf_received}},
               "call " + sid + " stats: " + s->codec + ", " + std::to_string(s->packets_sent) + " packets sent, " +
                   std::to_string(s->packets_received) + " received, " + std::to_string(lost(s->packets_lost)) +
                   " lost, jitter " + fixed(s->jitter_ms) + " ms, MOS " + fixed(mos, 2));
}

void phone::list_calls()
{
    json::array list;
    std::string text = calls_.empty() ? "no calls" : "calls:";
    for (auto const& [id, c] : calls_) {
        auto const state = std::string(to_string(c.state));
        list.push_back(json::object{{"call_id", std::to_string(id)}, {"state", state}, {"remote", c.remote},
                                    {"codec", c.codec}, {"srtp", c.srtp}});
        text += "\n  " + std::to_string(id) + "  " + state + "  " + c.remote + (c.codec.empty() ? "" : "  " + c.codec);
    }
    out_.event({{"event", "calls"}, {"calls", std::move(list)}}, text);
}

void phone::help()
{
    out_.say("commands (ID is the call id the events print; with one call it may be left out):\n"
             "  call URI              place a call\n"
             "  answer [ID]           answer an incoming call\n"
             "  reject [ID] [CODE]    reject it (default 486)\n"
             "  hangup [ID]           end a call\n"
             "  hold [ID] / resume [ID]\n"
             "  mute [ID] / unmute [ID]   the microphone\n"
             "  dtmf [ID] DIGITS      send 0-9 A-D * #\n"
             "  transfer [ID] URI     blind transfer\n"
             "  attended ID OTHER_ID  transfer call ID to the party of OTHER_ID\n"
             "  stats [ID]            packets, loss, jitter, MOS\n"
             "  calls                 list the calls\n"
             "  register / unregister\n"
             "  message URI TEXT      send a SIP MESSAGE\n"
             "  quit");
}

void phone::command(std::string const& line)
{
    if (done_)
        return;
    auto const w = words(line);
    if (w.empty())
        return;
    auto const& cmd = w[0];
    auto const arg = [&](std::size_t i) { return i < w.size() ? w[i] : std::string{}; };
    auto const too_many = [&](std::size_t n) {
        if (w.size() <= n)
            return false;
        out_.error("configuration", "'" + cmd + "': too many arguments ('help' lists the commands)");
        return true;
    };
    if (cmd == "quit" || cmd == "exit") {
        if (on_exit)
            on_exit();
    } else if (cmd == "help" || cmd == "?") {
        help();
    } else if (cmd == "call") {
        if (w.size() != 2 || !is_call_target(w[1])) {
            out_.error("invalid_uri", w.size() < 2 ? "call: give a SIP URI, e.g. call sip:bob@127.0.0.1:5062"
                                                   : "call: '" + line.substr(line.find(w[1])) + "' is not a SIP URI");
            return;
        }
        place_call(w[1]);
    } else if (cmd == "answer") {
        if (too_many(2))
            return;
        if (auto id = resolve(arg(1), true)) {
            if (calls_[*id].state != call_state::incoming_pending)
                out_.error("call_not_found", "call " + std::to_string(*id) + " is not waiting for an answer");
            else
                answer(*id);
        }
    } else if (cmd == "reject") {
        if (too_many(3))
            return;
        std::string id_token = arg(1), code_token = arg(2);
        // "reject 603" with one call: a status, not a call id
        if (w.size() == 2 && !calls_.contains(number(w[1]).value_or(0)) && number(w[1]).value_or(0) >= 300) {
            code_token = w[1];
            id_token.clear();
        }
        int code = 486;
        if (!code_token.empty()) {
            auto const n = number(code_token);
            if (!n || *n < 300 || *n > 699) {
                out_.error("configuration", "reject: '" + code_token + "' is not a final status (300-699)");
                return;
            }
            code = static_cast<int>(*n);
        }
        if (auto id = resolve(id_token, true))
            check(client_->reject_call(*id, code).get());
    } else if (cmd == "hangup" || cmd == "hold" || cmd == "resume" || cmd == "mute" || cmd == "unmute" ||
               cmd == "stats") {
        if (too_many(2))
            return;
        auto id = resolve(arg(1));
        if (!id)
            return;
        if (cmd == "hangup")
            check(client_->hangup_call(*id).get());
        else if (cmd == "hold")
            check(client_->hold_call(*id).get());
        else if (cmd == "resume")
            check(client_->resume_call(*id).get());
        else if (cmd == "mute" || cmd == "unmute") {
            if (check(client_->set_microphone_mute(*id, cmd == "mute").get()))
                out_.event({{"event", "mute"}, {"call_id", std::to_string(*id)}, {"muted", cmd == "mute"}},
                           "call " + std::to_string(*id) + ": microphone " + (cmd == "mute" ? "muted" : "on"));
        } else
            print_stats(*id);
    } else if (cmd == "dtmf") {
        if (too_many(3))
            return;
        auto const digits = w.size() == 3 ? w[2] : arg(1);
        if (!is_dtmf(digits)) {
            out_.error("configuration", digits.empty() ? "dtmf: give the digits, e.g. dtmf 123#"
                                                       : "dtmf: '" + digits + "' has characters that are not DTMF keys (0-9 A-D * #)");
            return;
        }
        if (auto id = resolve(w.size() == 3 ? w[1] : std::string{}))
            if (check(client_->send_dtmf(*id, digits).get()))
                out_.log(log_level::info, "call " + std::to_string(*id) + ": DTMF " + digits + " sent");
    } else if (cmd == "transfer") {
        if (too_many(3))
            return;
        auto const target = w.size() == 3 ? w[2] : arg(1);
        if (!is_call_target(target)) {
            out_.error("invalid_uri", target.empty() ? "transfer: give the target URI" : "transfer: '" + target + "' is not a SIP URI");
            return;
        }
        if (auto id = resolve(w.size() == 3 ? w[1] : std::string{})) {
            calls_[*id].transfer_target = target;
            check(client_->transfer_call(*id, target).get());
        }
    } else if (cmd == "attended") {
        if (w.size() != 3) {
            out_.error("call_not_found", "attended: give both calls, attended ID OTHER_ID");
            return;
        }
        auto a = resolve(w[1]);
        auto b = a ? resolve(w[2]) : std::nullopt;
        if (!a || !b)
            return;
        if (*a == *b) {
            out_.error("call_not_found", "attended: the two calls must differ");
            return;
        }
        calls_[*a].transfer_target = calls_[*b].remote;
        check(client_->attended_transfer(*a, *b).get());
    } else if (cmd == "calls") {
        if (!too_many(1))
            list_calls();
    } else if (cmd == "register") {
        if (!too_many(1))
            register_now();
    } else if (cmd == "unregister") {
        if (!too_many(1))
            unregister_now();
    } else if (cmd == "message") {
        if (w.size() < 3) {
            out_.error("configuration", "message: give a URI and the text, e.g. message sip:bob@127.0.0.1 hello");
            return;
        }
        if (!is_call_target(w[1])) {
            out_.error("invalid_uri", "message: '" + w[1] + "' is not a SIP URI");
            return;
        }
        auto const after_uri = line.find(w[1]) + w[1].size();
        auto text = line.substr(line.find_first_not_of(" \t", after_uri));
        if (check(client_->send_message(w[1], text).get()))
            out_.log(log_level::info, "message to " + w[1] + " delivered");
    } else {
        out_.error("configuration", "unknown command '" + cmd + "' ('help' lists the commands)");
    }
}

} // namespace rvoip::softphone
