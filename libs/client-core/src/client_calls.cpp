// The client's call operations and call queries.
#include <rvoip/client/client.hpp>

#include "client_impl.hpp"
#include "config_check.hpp"

#include <rvoip/dialog/error.hpp>
#include <rvoip/media/make_codec.hpp>
#include <rvoip/rtp/telephone_event.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/session/error.hpp>
#include <rvoip/transaction/error.hpp>

#include <algorithm>

namespace rvoip::client {

namespace detail {

error from_layer(boost::system::error_code ec, std::string_view what)
{
    std::string const w{what};
    if (ec.category() == session::category()) {
        switch (static_cast<session::errc>(ec.value())) {
        case session::errc::no_such_call: return error(errc::call_not_found, w + ": no such call", ec);
        case session::errc::wrong_state:
            return error(errc::wrong_call_state, w + ": the call's state does not allow it now "
                                                     "(not connected yet, or a re-offer is under way)", ec);
        case session::errc::ports_exhausted:
            return error(errc::media_failure, w + ": no free RTP port pair; widen media rtp_ports", ec);
        case session::errc::no_common_codec:
            return error(errc::no_common_codec, w + ": no codec in common with the peer", ec);
        case session::errc::srtp_required:
        case session::errc::srtp_refused: return error(errc::srtp_failure, w + ": SRTP could not be agreed", ec);
        case session::errc::bad_argument: return error(errc::call_failed, w + ": an unusable argument", ec);
        default: return error(errc::media_failure, w + ": " + ec.message(), ec);
        }
    }
    if (ec.category() == dialog::category()) {
        switch (static_cast<dialog::errc>(ec.value())) {
        case dialog::errc::bad_request:
            return error(errc::invalid_uri, w + ": the target is not a usable SIP URI", ec);
        case dialog::errc::no_route:
            return error(errc::transport_failure, w + ": the target's host cannot be resolved or reached "
                                                      "(use a numeric address, or a proxy)", ec);
        case dialog::errc::timed_out: return error(errc::timed_out, w + ": no answer in time", ec);
        case dialog::errc::transport_failed:
            return error(errc::transport_failure, w + ": the request could not be sent", ec);
        case dialog::errc::limit_reached:
            return error(errc::call_limit_reached, w + ": a configured limit (calls, registrations, subscriptions) "
                                                       "was reached", ec);
        case dialog::errc::no_such_request:
            return error(errc::request_failed, w + ": that request or registration is no longer in progress", ec);
        case dialog::errc::request_pending:
            return error(errc::request_failed, w + ": an earlier request of the same kind is still in progress; "
                                                   "wait for it", ec);
        case dialog::errc::auth_no_credentials:
        case dialog::errc::auth_rejected:
        case dialog::errc::auth_unsupported:
            return error(errc::authentication_failed, w + ": " + ec.message() + " (check the user name and password)", ec);
        case dialog::errc::request_failed: return error(errc::request_failed, w + ": refused", ec);
        default: return error(errc::wrong_call_state, w + ": " + ec.message(), ec);
        }
    }
    if (ec.category() == transaction::category()) {
        if (ec == transaction::errc::timed_out)
            return error(errc::timed_out, w + ": no answer in time (is the peer up and reachable?)", ec);
        return error(errc::transport_failure, w + ": " + ec.message(), ec);
    }
    if (ec.category() == media::category())
        return error(errc::media_failure, w + ": " + ec.message(), ec);
    return error(errc::transport_failure, w + ": " + ec.message(), ec);
}

void split_name_addr(std::string_view text, std::string& display, std::string& uri)
{
    // A bare URI stays whole (as an addr-spec its ";params" would be cut off as the header's).
    if (text.find('<') == std::string_view::npos) {
        display.clear();
        uri = std::string{text};
        return;
    }
    if (auto na = sip::parse_name_addr(text)) {
        display = na->display_decoded();
        uri = std::string{na->uri.text};
        return;
    }
    display.clear();
    uri = std::string{text};
}

call_quality to_quality(session::quality_sample const& s)
{
    call_quality q;
    q.mos = s.mos;
    q.r_factor = s.r_factor;
    q.loss_pct = s.loss_pct;
    q.burst_ratio = s.burst_ratio;
    q.jitter_ms = s.jitter_ms;
    q.jitter_buffer_ms = s.jitter_buffer_ms;
    q.rtt_ms = s.rtt_ms;
    q.remote_mos = s.remote_mos;
    return q;
}

} // namespace detail

namespace {

bool valid_dtmf(std::string_view digits)
{
    return !digits.empty() &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return rtp::dtmf_event(c).has_value(); });
}

error unusable_uri(std::string_view field, std::string_view uri)
{
    return error(errc::invalid_uri, std::string{field} + ": '" + std::string{uri} +
                                        "' is not a SIP URI; write it as sip:user@host[:port]");
}

} // namespace

using detail::call_record;

call_record* client::impl::find(call_id id)
{
    auto it = calls.find(id);
    return it == calls.end() ? nullptr : &it->second;
}

call_record const* client::impl::find(call_id id) const
{
    auto it = calls.find(id);
    return it == calls.end() ? nullptr : &it->second;
}

result<call_record*> client::impl::live_call(call_id id)
{
    if (auto* r = find(id))
        return r;
    return error(errc::call_not_found, "call " + std::to_string(id) +
                                           (id != 0 && id <= last_issued ? " has ended" : " does not exist"));
}

call_record& client::impl::add_call(call_id id, call_direction direction, std::shared_ptr<detail::audio_tap> tap)
{
    auto& r = calls[id];
    r.info.id = id;
    r.info.direction = direction;
    r.info.created_at = std::chrono::system_clock::now();
    r.tap = std::move(tap);
    last_issued = std::max(last_issued, id);
    ++stats.total_calls;
    std::lock_guard lock(taps_mutex);
    taps[id] = r.tap;
    return r;
}

void client::impl::prepare_audio(call_audio& audio, std::shared_ptr<detail::audio_tap> const& tap,
                                 std::optional<call_id> call)
{
    auto const frame = static_cast<std::size_t>(config.audio_rate / 50);
    if (config.use_audio_devices && (!audio.source || !audio.sink)) {
        if (!backend)
            backend = media::make_rtaudio_backend();
        if (!audio.source) {
            auto opened = media::open_capture_device(
                *backend, audio.input_device.empty() ? config.input_device : audio.input_device, config.audio_rate, frame);
            if (opened.fell_back())
                error_event(call, error(errc::device_failure, opened.warning));
            audio.source = std::move(opened.port);
        }
        if (!audio.sink) {
            auto opened = media::open_playback_device(
                *backend, audio.output_device.empty() ? config.output_device : audio.output_device, config.audio_rate,
                frame);
            if (opened.fell_back())
                error_event(call, error(errc::device_failure, opened.warning));
            audio.sink = std::move(opened.port);
        }
    }
    audio.source = std::make_unique<detail::fed_source>(std::move(audio.source), tap);
    audio.sink = std::make_unique<detail::tapped_sink>(std::move(audio.sink), tap);
}

result<call_id> client::impl::make_call(call_request request)
{
    if (calls.size() >= config.max_concurrent_calls)
        return error(errc::call_limit_reached, std::to_string(calls.size()) +
                                                   " calls are in progress (max_concurrent_calls); end one first");
    if (!detail::is_sip_uri(request.to))
        return unusable_uri("to", request.to);
    if (!request.from.empty() && !detail::is_sip_uri(request.from))
        return unusable_uri("from", request.from);
    for (auto const& [name, value] : request.headers)
        if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
            value.find_first_of("\r\n") != std::string::npos)
            return error(errc::call_failed, "headers: '" + name + "' is not a usable header (no ':' or line breaks)");
    if (request.audio.source && request.audio.source->sample_rate() != config.audio_rate)
        return error(errc::media_failure, "the call's audio source runs at " +
                                              std::to_string(request.audio.source->sample_rate()) +
                                              " Hz; give one at audio_rate (" + std::to_string(config.audio_rate) + ")");
    auto tap = std::make_shared<detail::audio_tap>(config.audio_rate);
    prepare_audio(request.audio, tap, std::nullopt);
    session::call_options o;
    o.to = request.to;
    o.from = request.from;
    o.subject = request.subject;
    o.source = std::move(request.audio.source);
    o.sink = std::move(request.audio.sink);
    o.late_offer = request.late_offer;
    for (auto& [name, value] : request.headers)
        o.headers.push_back({std::move(name), std::move(value)});
    auto id = layer->call(std::move(o));
    if (!id)
        return detail::from_layer(id.error(), "make_call to " + request.to);
    auto& r = add_call(*id, call_direction::outgoing, std::move(tap));
    detail::split_name_addr(request.to, r.info.remote_display_name, r.info.remote_uri);
    std::string from_uri = request.from.empty() ? local_uri : request.from;
    detail::split_name_addr(from_uri, r.info.local_display_name, r.info.local_uri);
    if (request.from.empty())
        r.info.local_display_name = config.display_name;
    r.info.subject = request.subject;
    if (config.session_timeout.count() > 0) {
        r.no_answer = std::make_unique<boost::asio::steady_timer>(*io, config.session_timeout);
        r.no_answer->async_wait([weak = weak_from_this(), call = *id](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self)
                return;
            auto* c = self->find(call);
            if (!c || !self->layer || c->info.connected_at)
                return;
            c->info.end_reason = "no answer in " + std::to_string(self->config.session_timeout.count()) + " s";
            ++self->busy;
            (void)self->layer->hangup(call);
            self->idle();
        });
    }
    call_state_changed_event ev{*id, call_state::initiating, call_state::initiating, {}};
    emit({ev, event_priority::normal});
    return *id;
}

result<void> client::impl::answer(call_id id, call_audio audio)
{
    auto r = live_call(id);
    if (!r)
        return r.error();
    if ((*r)->info.state != call_state::incoming_pending)
        return error(errc::wrong_call_state, "call " + std::to_string(id) + " is " +
                                                 std::string{to_string((*r)->info.state)} +
                                                 ": only an incoming call waiting for an answer can be answered");
    if (audio.source && audio.source->sample_rate() != config.audio_rate)
        return error(errc::media_failure, "the call's audio source must run at audio_rate (" +
                                              std::to_string(config.audio_rate) + " Hz)");
    prepare_audio(audio, (*r)->tap, id);
    session::answer_options o{std::move(audio.source), std::move(audio.sink)};
    if (auto ec = layer->answer(id, std::move(o)))
        return detail::from_layer(ec, "answer_call");
    return {};
}

void client::impl::refresh_info(call_record& r)
{
    auto i = layer ? layer->info(r.info.id) : std::nullopt;
    if (!i)
        return;
    r.info.codec = i->codec;
    r.info.clock_rate = i->clock_rate;
    r.info.ptime_ms = i->ptime_ms;
    r.info.srtp = i->srtp;
    r.info.local_hold = i->local_hold;
    r.info.remote_hold = i->remote_hold;
    r.info.microphone_muted = i->microphone_muted;
    r.info.speaker_muted = i->speaker_muted;
    r.info.local_rtp_port = i->local_rtp_port;
    if (i->remote_media.port != 0)
        r.info.remote_media_address = i->remote_media.address + ":" + std::to_string(i->remote_media.port);
    if (i->dialog)
        r.info.sip_call_id = i->dialog->call_id;
}

// --- operations ----------------------------------------------------------------------------

operation<call_id> client::make_call(std::string to)
{
    call_request r;
    r.to = std::move(to);
    return make_call(std::move(r));
}

operation<call_id> client::make_call(std::string from, std::string to, std::string subject)
{
    call_request r;
    r.from = std::move(from);
    r.to = std::move(to);
    r.subject = std::move(subject);
    return make_call(std::move(r));
}

operation<call_id> client::make_call(call_request request)
{
    return impl_->run<call_id>([request = std::move(request)](impl& m) mutable { return m.make_call(std::move(request)); });
}

operation<void> client::answer_call(call_id id)
{
    return answer_call(id, call_audio{});
}

operation<void> client::answer_call(call_id id, call_audio audio)
{
    return impl_->run<void>([id, audio = std::move(audio)](impl& m) mutable { return m.answer(id, std::move(audio)); });
}

operation<void> client::reject_call(call_id id, int status)
{
    return impl_->run<void>([id, status](impl& m) -> result<void> {
        if (status < 400 || status > 699)
            return error(errc::call_failed, "reject_call: status " + std::to_string(status) +
                                                " is not a failure; use 400-699 (486 Busy Here, 603 Decline)");
        auto r = m.live_call(id);
        if (!r)
            return r.error();
        if ((*r)->info.state != call_state::incoming_pending)
            return error(errc::wrong_call_state, "reject_call: call " + std::to_string(id) +
                                                     " is not an incoming call waiting for an answer");
        if (auto ec = m.layer->reject(id, status))
            return detail::from_layer(ec, "reject_call");
        return {};
    });
}

operation<void> client::hangup_call(call_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        auto* r = m.find(id);
        if (!r) {
            if (id != 0 && id <= m.last_issued)
                return {}; // already over: hanging up again is no error
            return error(errc::call_not_found, "hangup_call: call " + std::to_string(id) + " does not exist");
        }
        m.set_state(*r, call_state::terminating);
        if (auto ec = m.layer->hangup(id))
            return detail::from_layer(ec, "hangup_call");
        return {};
    });
}

operation<void> client::hold_call(call_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        if (auto ec = m.layer->hold(id))
            return detail::from_layer(ec, "hold_call");
        return {};
    });
}

operation<void> client::resume_call(call_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        if (auto ec = m.layer->resume(id))
            return detail::from_layer(ec, "resume_call");
        return {};
    });
}

result<bool> client::is_call_on_hold(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<bool> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        m->refresh_info(**r);
        return (*r)->info.local_hold;
    });
}

operation<void> client::send_dtmf(call_id id, std::string digits)
{
    return impl_->run<void>([id, digits = std::move(digits)](impl& m) -> result<void> {
        if (!valid_dtmf(digits))
            return error(errc::bad_dtmf, "send_dtmf: '" + digits + "' is not DTMF; use the digits 0-9, A-D, * and #");
        if (!m.find(id))
            return m.live_call(id).error();
        if (auto ec = m.layer->send_dtmf(id, digits))
            return detail::from_layer(ec, "send_dtmf");
        m.emit({media_event{id, media_event_kind::dtmf_sent, digits}, event_priority::normal});
        return {};
    });
}

operation<void> client::transfer_call(call_id id, std::string target)
{
    return impl_->run<void>([id, target = std::move(target)](impl& m) -> result<void> {
        if (!detail::is_sip_uri(target))
            return unusable_uri("transfer target", target);
        if (auto ec = m.layer->transfer(id, target))
            return detail::from_layer(ec, "transfer_call");
        return {};
    });
}

operation<void> client::attended_transfer(call_id id, call_id consultation)
{
    return impl_->run<void>([id, consultation](impl& m) -> result<void> {
        for (auto c : {id, consultation})
            if (!m.find(c))
                return m.live_call(c).error();
        if (auto ec = m.layer->attended_transfer(id, consultation))
            return detail::from_layer(ec, "attended_transfer");
        return {};
    });
}

operation<void> client::set_microphone_mute(call_id id, bool muted)
{
    return impl_->run<void>([id, muted](impl& m) -> result<void> {
        if (auto ec = m.layer->set_microphone_muted(id, muted))
            return detail::from_layer(ec, "set_microphone_mute");
        m.calls[id].info.microphone_muted = muted;
        m.emit({media_event{id, muted ? media_event_kind::microphone_muted : media_event_kind::microphone_unmuted, {}},
                event_priority::low});
        return {};
    });
}

operation<void> client::set_speaker_mute(call_id id, bool muted)
{
    return impl_->run<void>([id, muted](impl& m) -> result<void> {
        if (auto ec = m.layer->set_speaker_muted(id, muted))
            return detail::from_layer(ec, "set_speaker_mute");
        m.calls[id].info.speaker_muted = muted;
        m.emit({media_event{id, muted ? media_event_kind::speaker_muted : media_event_kind::speaker_unmuted, {}},
                event_priority::low});
        return {};
    });
}

result<bool> client::is_microphone_muted(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<bool> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        return (*r)->info.microphone_muted;
    });
}

result<bool> client::is_speaker_muted(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<bool> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        return (*r)->info.speaker_muted;
    });
}

operation<void> client::start_recording(call_id id, std::string path)
{
    return impl_->run<void>([id, path = std::move(path)](impl& m) -> result<void> {
        if (!m.find(id))
            return m.live_call(id).error();
        if (auto ec = m.layer->start_recording(id, path))
            return error(errc::recording_failure, "start_recording: cannot record to '" + path + "': " + ec.message() +
                                                      " (is the directory writable? is the call's media up?)", ec);
        return {};
    });
}

operation<void> client::stop_recording(call_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        if (!m.find(id))
            return m.live_call(id).error();
        if (auto ec = m.layer->stop_recording(id))
            return error(errc::recording_failure, "stop_recording: " + ec.message(), ec);
        return {};
    });
}

operation<conference_id> client::conference(std::vector<call_id> ids)
{
    return impl_->run<conference_id>([ids = std::move(ids)](impl& m) -> result<conference_id> {
        for (auto c : ids)
            if (!m.find(c))
                return m.live_call(c).error();
        auto conf = m.layer->conference(ids);
        if (!conf)
            return detail::from_layer(conf.error(), "conference");
        return *conf;
    });
}

operation<void> client::end_conference(conference_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        if (auto ec = m.layer->end_conference(id))
            return detail::from_layer(ec, "end_conference");
        return {};
    });
}

result<void> client::subscribe_audio_frames(call_id id, audio_frame_callback callback)
{
    return impl_->query([m = impl_.get(), id, cb = std::move(callback)]() mutable -> result<void> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        // Set from the client's queue, never while the callback it replaces runs (a callback
        // that unsubscribes itself).
        boost::asio::post(*m->io, [tap = (*r)->tap, cb = std::move(cb)]() mutable { tap->on_frame = std::move(cb); });
        return {};
    });
}

result<std::size_t> client::send_audio_frame(call_id id, std::span<std::int16_t const> samples)
{
    std::shared_ptr<detail::audio_tap> tap;
    {
        std::lock_guard lock(impl_->taps_mutex);
        auto it = impl_->taps.find(id);
        if (it != impl_->taps.end())
            tap = it->second;
    }
    if (!tap)
        return error(errc::call_not_found, "send_audio_frame: call " + std::to_string(id) + " is not in progress");
    auto const taken = tap->producer_ring().push(samples);
    if (taken < samples.size())
        tap->dropped.fetch_add(samples.size() - taken, std::memory_order_relaxed);
    return taken;
}

// --- queries -------------------------------------------------------------------------------

result<call_info> client::get_call(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<call_info> {
        if (auto* r = m->find(id)) {
            m->refresh_info(*r);
            return r->info;
        }
        for (auto it = m->history.rbegin(); it != m->history.rend(); ++it)
            if (it->id == id)
                return *it;
        return error(errc::call_not_found, "get_call: call " + std::to_string(id) + " does not exist");
    });
}

namespace {

template<class Pred> std::vector<call_info> live_calls(client::impl& m, Pred pred)
{
    std::vector<call_info> out;
    for (auto& [id, r] : m.calls) {
        m.refresh_info(r);
        if (pred(r.info))
            out.push_back(r.info);
    }
    std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) { return a.id < b.id; });
    return out;
}

} // namespace

std::vector<call_info> client::list_calls() const
{
    return impl_->query([m = impl_.get()] { return live_calls(*m, [](call_info const&) { return true; }); });
}

std::vector<call_info> client::get_calls_by_state(call_state state) const
{
    return impl_->query([m = impl_.get(), state] {
        auto out = live_calls(*m, [state](call_info const& i) { return i.state == state; });
        for (auto const& h : m->history)
            if (h.state == state)
                out.push_back(h);
        return out;
    });
}

std::vector<call_info> client::get_calls_by_direction(call_direction direction) const
{
    return impl_->query([m = impl_.get(), direction] {
        return live_calls(*m, [direction](call_info const& i) { return i.direction == direction; });
    });
}

std::vector<call_info> client::get_call_history() const
{
    return impl_->query([m = impl_.get()] { return std::vector<call_info>(m->history.begin(), m->history.end()); });
}

std::vector<call_info> client::get_active_calls() const
{
    return impl_->query([m = impl_.get()] {
        return live_calls(*m, [](call_info const& i) {
            return i.state == call_state::connected || i.state == call_state::held ||
                   i.state == call_state::transferring;
        });
    });
}

client_stats client::get_client_stats() const
{
    return impl_->query([m = impl_.get()] {
        auto s = m->stats;
        s.active_calls = m->calls.size();
        s.registrations = static_cast<std::size_t>(
            std::count_if(m->registrations.begin(), m->registrations.end(),
                          [](auto const& r) { return r.second.info.state == registration_state::registered; }));
        s.events_published = m->hub->published();
        return s;
    });
}

result<media_statistics> client::get_media_statistics(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<media_statistics> {
        auto r = m->live_call(id);
        if (!r) {
            for (auto const& [ended, st] : m->ended_media)
                if (ended == id)
                    return st; // its last counters
            return r.error();
        }
        auto st = m->layer->statistics(id);
        if (!st)
            return error(errc::call_not_found, "get_media_statistics: call " + std::to_string(id) + " has ended");
        m->refresh_info(**r);
        return detail::to_statistics(*st, (*r)->info.codec);
    });
}

media_statistics detail::to_statistics(session::media_statistics const& st, std::string codec)
{
    media_statistics out;
    out.codec = std::move(codec);
    out.packets_sent = st.packets_sent;
    out.bytes_sent = st.bytes_sent;
    out.packets_received = st.packets_received;
    out.bytes_received = st.bytes_received;
    out.packets_lost = st.packets_lost;
    out.late_discarded = st.late_discarded;
    out.frames_concealed = st.frames_concealed;
    out.dtmf_sent = st.dtmf_sent;
    out.dtmf_received = st.dtmf_received;
    out.rtcp_sent = st.rtcp_sent;
    out.rtcp_received = st.rtcp_received;
    out.jitter_ms = st.jitter_ms;
    out.rtt_ms = st.rtt_ms;
    return out;
}

call_quality client::impl::quality_of(session::call_report const& report)
{
    auto q = detail::to_quality(report.samples.empty() ? report.overall : report.samples.back());
    q.samples = report.samples.size();
    for (auto const& x : report.samples)
        q.history.emplace_back(x.at, x.mos);
    return q;
}

result<call_quality> client::get_call_quality(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<call_quality> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        auto report = m->layer->report(id);
        if (!report)
            return error(errc::call_not_found, "get_call_quality: call " + std::to_string(id) + " has ended");
        return impl::quality_of(*report);
    });
}

result<call_codec_info> client::get_call_codec_info(call_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<call_codec_info> {
        auto r = m->live_call(id);
        if (!r)
            return r.error();
        auto i = m->layer->info(id);
        if (!i || i->codec.empty())
            return error(errc::wrong_call_state, "get_call_codec_info: call " + std::to_string(id) +
                                                     " has no media yet (it is negotiated at the answer)");
        call_codec_info out;
        for (auto const& c : client::get_available_codecs())
            if (detail::iequals(c.name, i->codec))
                out.codec = c;
        out.ptime_ms = i->ptime_ms;
        out.telephone_event = i->telephone_event;
        out.srtp = i->srtp;
        return out;
    });
}

std::vector<codec_info> client::get_available_codecs()
{
    std::vector<codec_info> out;
    for (auto name : media::supported_codecs) {
        // Listed because media-core really builds an encoder and decoder for it.
        if (!media::make_codec(name))
            continue;
        codec_info c;
        c.name = std::string{name};
        if (name == "opus") {
            c.clock_rate = 48000;
            c.channels = 2;
            c.description = "Opus (RFC 6716, RFC 7587), 8-48 kHz, 6-510 kbit/s";
        } else if (name == "G722") {
            c.payload_type = 9;
            c.clock_rate = 8000;
            c.description = "G.722 wideband, 16 kHz audio at 64 kbit/s (RTP clock 8000, RFC 3551)";
        } else if (name == "PCMU") {
            c.payload_type = 0;
            c.clock_rate = 8000;
            c.description = "G.711 mu-law, 8 kHz at 64 kbit/s";
        } else if (name == "PCMA") {
            c.payload_type = 8;
            c.clock_rate = 8000;
            c.description = "G.711 A-law, 8 kHz at 64 kbit/s";
        }
        out.push_back(std::move(c));
    }
    return out;
}

operation<void> client::set_preferred_codecs(std::vector<std::string> codecs)
{
    return impl_->post_op<void>([codecs = std::move(codecs)](impl& m, auto const& state) {
        auto next = m.config.media;
        next.preferred_codecs = codecs;
        if (auto v = next.validate(); !v) {
            state->complete(error(errc::no_common_codec, v.error().what()));
            return;
        }
        if (m.layer) {
            auto options = m.layer->current_media_options();
            options.codecs = codecs;
            if (auto ec = m.layer->set_media_options(options)) {
                state->complete(detail::from_layer(ec, "set_preferred_codecs"));
                return;
            }
        }
        m.config.media = std::move(next);
        state->complete(result<void>{});
    });
}

media_config client::get_media_config() const
{
    return impl_->query([m = impl_.get()] { return m->config.media; });
}

std::vector<audio_device> client::list_audio_devices() const
{
    return impl_->query([m = impl_.get()] {
        if (!m->backend)
            m->backend = media::make_rtaudio_backend();
        std::vector<audio_device> out;
        for (auto const& d : m->backend->devices())
            out.push_back({d.id, d.name, d.input_channels, d.output_channels, d.default_input, d.default_output});
        return out;
    });
}

} // namespace rvoip::client
