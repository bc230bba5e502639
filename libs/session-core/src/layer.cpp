// The session layer's API: making, answering and ending calls, hold, DTMF, transfer, media
// controls, and the media clock that drives every call's audio.
#include <rvoip/session/layer.hpp>

#include "layer_impl.hpp"
#include "sdp_formats.hpp"

#include <rvoip/media/make_codec.hpp>

#include <rvoip/rtp/telephone_event.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>

namespace rvoip::session {

namespace {
// The media clock's period: each stream sends and plays the frames due by each tick (packet
// times are multiples of 10 ms).
constexpr auto tick_period = std::chrono::milliseconds{10};
} // namespace

std::string_view to_string(call_state s) noexcept
{
    switch (s) {
    case call_state::calling: return "calling";
    case call_state::incoming: return "incoming";
    case call_state::ringing: return "ringing";
    case call_state::early_media: return "early_media";
    case call_state::connected: return "connected";
    case call_state::on_hold: return "on_hold";
    case call_state::held: return "held";
    case call_state::transferring: return "transferring";
    case call_state::terminated: return "terminated";
    }
    return "unknown";
}

std::string_view to_string(end_reason r) noexcept
{
    switch (r) {
    case end_reason::local_hangup: return "local_hangup";
    case end_reason::remote_hangup: return "remote_hangup";
    case end_reason::rejected: return "rejected";
    case end_reason::cancelled: return "cancelled";
    case end_reason::timeout: return "timeout";
    case end_reason::network_failure: return "network_failure";
    case end_reason::media_failure: return "media_failure";
    case end_reason::no_common_codec: return "no_common_codec";
    case end_reason::srtp_required: return "srtp_required";
    case end_reason::transferred: return "transferred";
    }
    return "unknown";
}

boost::system::error_code buffered_random::fill(std::span<std::uint8_t> out) noexcept
{
    if (out.size() > block_.size())
        return os_.fill(out);
    if (block_.size() - used_ < out.size()) {
        if (auto ec = os_.fill(block_))
            return ec;
        used_ = 0;
    }
    std::copy_n(block_.begin() + static_cast<std::ptrdiff_t>(used_), out.size(), out.begin());
    // Handed-out bytes are not kept.
    std::fill_n(block_.begin() + static_cast<std::ptrdiff_t>(used_), out.size(), std::uint8_t{0});
    used_ += out.size();
    return {};
}

std::string dialog_key(dialog::dialog_id const& d)
{
    std::string k;
    k.reserve(d.call_id.size() + d.local_tag.size() + d.remote_tag.size() + 2);
    k.append(d.call_id).push_back('\n');
    k.append(d.local_tag).push_back('\n');
    k.append(d.remote_tag);
    return k;
}

std::string uri_of(std::string_view text)
{
    if (auto na = sip::parse_name_addr(text))
        return std::string{na->uri.text};
    return std::string{text};
}

layer::impl::impl(boost::asio::io_context& io, event_sink up, layer_options options)
    : io_(io), up_(std::move(up)), options_(std::move(options)),
      random_(options_.random ? *options_.random : static_cast<rtp::random_source&>(system_random_)),
      ports_(options_.rtp_port_min, options_.rtp_port_max),
      dialogs_(io, [this](dialog::event const& e) { on_dialog_event(e); }, options_.dialog), clock_(io)
{
    next_id_ = std::max<call_id>(1, options_.first_call_id);
    // Stacks on one host share the default range: each starts at its own random place in it,
    // so that they seldom try the ports another one holds.
    if (auto r = rtp::random_u32(random_); r && options_.rtp_port_max > options_.rtp_port_min)
        ports_.start_from(static_cast<std::uint16_t>(
            options_.rtp_port_min + *r % (options_.rtp_port_max - options_.rtp_port_min + 1u)));
}

result<session_call*> layer::impl::make_call(bool outgoing)
{
    if (calls_.size() >= options_.max_calls)
        return errc::bad_argument;
    auto const id = next_id_++;
    detail::stream_events ev;
    ev.dtmf = [this, id](char digit, dtmf_path via) {
        if (find(id))
            up_(dtmf_received{id, digit, via});
    };
    ev.quality = [this, id](quality_sample const& s) {
        if (find(id))
            up_(quality_measured{id, s});
    };
    ev.silent = [this, id] {
        // Out of the stream's tick: ending the call closes the stream.
        boost::asio::post(io_, [this, id, alive = alive_] {
            if (!*alive)
                return;
            auto* c = find(id);
            if (!c || !c->dialog)
                return;
            auto const dialog = *c->dialog;
            auto const ms = options_.media_timeout.count();
            auto const seconds = std::to_string(ms / 1000) + (ms % 1000 ? "." + std::to_string(ms % 1000 / 100) : "");
            end(*c, end_reason::timeout, 0, "no RTP or RTCP from the peer for " + seconds + " s");
            (void)dialogs_.bye(dialog); // after: the BYE's own events find no call to end again
        });
    };
    // A pair something else holds (another stack, another program) fails to bind: it is given
    // back and the next one tried, each pair of the range at most once (binding is the check;
    // a separate probe would cost two more sockets per call).
    for (std::size_t attempt = 0; attempt < ports_.capacity(); ++attempt) {
        auto ports = ports_.allocate(false);
        if (!ports)
            return errc::ports_exhausted;
        detail::stream_config sc;
        sc.address = options_.media_address;
        sc.rtp_port = ports->rtp;
        sc.audio_rate = options_.audio_rate;
        sc.detect_inband_dtmf = options_.detect_inband_dtmf;
        sc.processing = options_.media.processing;
        sc.latch = options_.symmetric_rtp;
        sc.quality_interval = options_.quality_interval;
        sc.rtcp_interval = options_.rtcp_interval;
        sc.media_timeout = options_.media_timeout;
        auto c = std::make_unique<session_call>(id, outgoing, options_.media, random_, std::move(sc), io_, ev);
        c->local = {options_.media_advertised_address.empty() ? options_.media_address
                                                              : options_.media_advertised_address,
                    ports->rtp, ports->rtcp};
        if (c->stream.open()) {
            (void)ports_.release(ports->rtp);
            continue;
        }
        auto* p = c.get();
        calls_.emplace(id, std::move(c));
        arm_clock();
        return p;
    }
    return errc::media_failure;
}

session_call* layer::impl::find(call_id id) noexcept
{
    auto it = calls_.find(id);
    return it == calls_.end() ? nullptr : it->second.get();
}

session_call* layer::impl::by_dialog(dialog::dialog_id const& d) noexcept
{
    auto it = dialog_calls_.find(dialog_key(d));
    return it == dialog_calls_.end() ? nullptr : find(it->second);
}

session_call* layer::impl::by_invite(dialog::invite_id i) noexcept
{
    auto it = invite_calls_.find(i);
    return it == invite_calls_.end() ? nullptr : find(it->second);
}

session_call* layer::impl::by_request(dialog::request_id r) noexcept
{
    auto it = request_calls_.find(r);
    return it == request_calls_.end() ? nullptr : find(it->second);
}

void layer::impl::set_invite(session_call& c, dialog::invite_id i)
{
    c.invite = i;
    invite_calls_[i] = c.id;
}

void layer::impl::clear_invite(session_call& c)
{
    if (c.invite)
        invite_calls_.erase(*c.invite);
    c.invite.reset();
}

void layer::impl::set_request(session_call& c, dialog::request_id r)
{
    c.request = r;
    request_calls_[r] = c.id;
}

void layer::impl::clear_request(session_call& c)
{
    if (c.request)
        request_calls_.erase(*c.request);
    c.request.reset();
}

void layer::impl::bind(session_call& c, dialog::dialog_id const& d)
{
    dialog_calls_[dialog_key(d)] = c.id;
}

void layer::impl::set_state(session_call& c, call_state s)
{
    if (c.state == s || c.state == call_state::terminated)
        return;
    c.state = s;
    up_(call_state_changed{c.id, s});
}

bool layer::impl::start_media(session_call& c, negotiated_audio const& n)
{
    if (auto ec = c.stream.apply(n, c.sdp.local_hold())) {
        fail_media(c, ec);
        return false;
    }
    auto const id = c.id;
    up_(media_updated{id, n.codec.encoding_name, n.ptime_ms, n.direction, n.send_key.has_value(), n.remote_hold,
                      n.remote});
    return find(id) != nullptr; // the sink may have ended the call

}

void layer::impl::fail_media(session_call& c, boost::system::error_code why)
{
    end_reason reason = end_reason::media_failure;
    if (why == errc::no_common_codec)
        reason = end_reason::no_common_codec;
    else if (why == errc::srtp_required || why == errc::srtp_refused)
        reason = end_reason::srtp_required;
    if (c.dialog)
        (void)dialogs_.bye(*c.dialog);
    else if (c.invite)
        (void)dialogs_.cancel(*c.invite);
    end(c, reason, 0, why.message());
}

void layer::impl::end(session_call& c, end_reason why, int status, std::string_view detail)
{
    if (c.state == call_state::terminated)
        return;
    c.state = call_state::terminated;
    auto const report = c.stream.report();
    // A transferee's new call that ends before it connected reports the failure to the
    // transferor (RFC 3515 §2.4.5).
    if (c.refer_dialog && c.referred_by_call)
        (void)dialogs_.notify_refer(*c.refer_dialog, c.refer_cseq, status >= 300 ? status : 503);
    auto const id = c.id;
    forget(c);
    up_(call_ended{id, why, status, detail, report});
}

void layer::impl::forget(session_call& c)
{
    clear_invite(c);
    clear_request(c);
    leave_conference(c.id);
    c.stream.close();
    (void)ports_.release(c.local.rtp_port);
    if (c.dialog)
        dialog_calls_.erase(dialog_key(*c.dialog));
    for (auto const& d : c.early)
        dialog_calls_.erase(dialog_key(d));
    auto it = calls_.find(c.id);
    // The call may be ended from inside one of its own stream's callbacks: free it later.
    ended_.push_back(std::move(it->second));
    calls_.erase(it);
    boost::asio::post(io_, [this, alive = alive_] {
        if (*alive)
            ended_.clear();
    });
}

boost::system::error_code layer::impl::reoffer(session_call& c, bool hold)
{
    c.sdp.set_local_hold(hold);
    auto offer = c.sdp.create_offer(c.local);
    if (!offer)
        return offer.error();
    auto const id = c.id;
    auto ec = dialogs_.request(*c.dialog, "INVITE", {"application/sdp", std::move(*offer), {}, {}},
                               [this, id, hold](boost::system::error_code error, sip::message const* response) {
                                   auto* cc = find(id);
                                   if (!cc)
                                       return;
                                   if (error || !response || response->status_code() >= 300) {
                                       cc->sdp.offer_rejected();
                                       cc->sdp.set_local_hold(!hold);
                                       return;
                                   }
                                   auto got = cc->sdp.receive_answer(response->body());
                                   if (!got) {
                                       fail_media(*cc, got.error());
                                       return;
                                   }
                                   if (!start_media(*cc, *got))
                                       return;
                                   cc->stream.set_local_hold(hold);
                                   set_state(*cc, hold ? call_state::on_hold
                                                       : got->remote_hold ? call_state::held : call_state::connected);
                               });
    if (ec) {
        c.sdp.offer_rejected();
        c.sdp.set_local_hold(!hold);
    } else if (hold) {
        c.stream.set_local_hold(true); // the holding side stops sending at once
    }
    return ec;
}

bool layer::impl::take_later_answer(session_call& c, std::string_view sdp)
{
    if (sdp == c.remote_answer)
        return true;
    auto got = c.sdp.receive_answer_again(sdp);
    if (!got) {
        fail_media(c, got.error());
        return false;
    }
    c.remote_answer = std::string{sdp};
    return start_media(c, *got);
}

namespace {
void add_saturated(std::span<std::int16_t> to, std::span<std::int16_t const> from)
{
    for (std::size_t i = 0; i < to.size() && i < from.size(); ++i)
        to[i] = static_cast<std::int16_t>(std::clamp(to[i] + from[i], -32768, 32767));
}
} // namespace

void layer::impl::mix(local_conference& conf)
{
    // One frame of the host and of what each call last played: each call is sent the host and
    // the others; the host hears every call.
    conf.host.assign(conf.frame, 0);
    if (conf.source)
        conf.source->read(conf.host);
    conf.all.assign(conf.frame, 0);
    for (auto const id : conf.members)
        if (auto* c = find(id))
            add_saturated(conf.all, c->stream.last_played());
    for (auto const id : conf.members) {
        auto* c = find(id);
        if (!c)
            continue;
        conf.mix = conf.host;
        add_saturated(conf.mix, conf.all);
        // ... less its own voice.
        auto const own = c->stream.last_played();
        for (std::size_t i = 0; i < conf.mix.size() && i < own.size(); ++i)
            conf.mix[i] = static_cast<std::int16_t>(std::clamp(conf.mix[i] - own[i], -32768, 32767));
        c->stream.set_conference_input(conf.mix);
    }
    if (conf.sink)
        (void)conf.sink->write(conf.all);
}

void layer::impl::leave_conference(call_id id)
{
    for (auto it = conferences_.begin(); it != conferences_.end(); ++it) {
        auto& m = it->second.members;
        if (std::erase(m, id) && m.empty()) {
            conferences_.erase(it);
            return;
        }
    }
}

void layer::impl::arm_clock()
{
    if (clock_running_)
        return;
    next_tick_ = std::chrono::steady_clock::now() + tick_period;
    wait_for_tick();
}

void layer::impl::wait_for_tick()
{
    clock_running_ = true;
    clock_.expires_at(next_tick_);
    clock_.async_wait([this, alive = alive_](boost::system::error_code ec) {
        if (!*alive)
            return;
        clock_running_ = false;
        if (!ec)
            tick();
    });
}

void layer::impl::tick()
{
    auto const now = std::chrono::steady_clock::now();
    for (auto& [id, conf] : conferences_)
        while (conf.due <= now) {
            mix(conf);
            conf.due += conf.ptime;
        }
    // Streams may end calls from their callbacks: walk the ids, not the map.
    tick_ids_.clear();
    for (auto const& [id, c] : calls_)
        tick_ids_.push_back(id);
    for (std::size_t i = 0; i < tick_ids_.size(); ++i)
        if (auto* c = find(tick_ids_[i]))
            c->stream.tick(now);
    if (calls_.empty())
        return;
    next_tick_ += tick_period;
    if (next_tick_ < now)
        next_tick_ = now + tick_period;
    wait_for_tick();
}

result<call_id> layer::impl::place_call(call_options options)
{
    if (options.to.empty())
        return errc::bad_argument;
    auto made = make_call(true);
    if (!made)
        return made.error();
    auto& c = **made;
    auto const id = c.id;
    auto fail = [&](boost::system::error_code ec) {
        forget(c);
        return ec;
    };
    if (auto ec = c.stream.set_audio(std::move(options.source), std::move(options.sink)))
        return fail(ec);
    dialog::request_options r;
    r.to = options.to;
    r.from = options.from.empty() ? options_.from : options.from;
    r.parts.headers = std::move(options.headers);
    if (!options.subject.empty())
        r.parts.headers.push_back({"Subject", options.subject});
    if (!options.late_offer) {
        auto offer = c.sdp.create_offer(c.local);
        if (!offer)
            return fail(offer.error());
        r.parts.content_type = "application/sdp";
        r.parts.body = std::move(*offer);
    } else {
        r.auto_ack = false; // the 2xx carries the offer; the ACK carries our answer
    }
    c.local_uri = uri_of(r.from);
    c.remote_uri = uri_of(options.to);
    c.subject = options.subject;
    auto invite = dialogs_.invite(r);
    if (!invite)
        return fail(invite.error());
    set_invite(c, *invite);
    return id;
}

boost::system::error_code layer::impl::answer_call(session_call& c, std::unique_ptr<media::audio_source> source,
                                                   std::unique_ptr<media::audio_sink> sink)
{
    if (c.state != call_state::incoming || !c.request)
        return errc::wrong_state;
    if (!c.early_media_sent || source || sink)
        if (auto ec = c.stream.set_audio(std::move(source), std::move(sink)))
            return ec;
    dialog::message_parts parts;
    parts.content_type = "application/sdp";
    if (c.prepared) {
        if (!start_media(c, c.prepared->audio))
            return errc::media_failure;
        parts.body = c.prepared->sdp;
    } else {
        auto offer = c.sdp.create_offer(c.local); // late offer: the answer comes in the ACK
        if (!offer)
            return offer.error();
        parts.body = std::move(*offer);
    }
    auto const request = *c.request;
    clear_request(c);
    if (auto ec = dialogs_.respond(request, 200, parts))
        return ec;
    set_state(c, c.prepared && c.prepared->audio.remote_hold ? call_state::held : call_state::connected);
    c.prepared.reset();
    return {};
}

// --- the public API ---------------------------------------------------------------------------

layer::layer(boost::asio::io_context& io, event_sink up, layer_options options)
    : impl_(std::make_unique<impl>(io, std::move(up), std::move(options)))
{
}

layer::~layer()
{
    *impl_->alive_ = false;
    impl_->clock_.cancel();
}

boost::system::result<std::uint16_t> layer::listen(transaction::transport_kind transport, std::string const& ip,
                                                   std::uint16_t port)
{
    return impl_->dialogs_.listen(transport, ip, port);
}

dialog::layer& layer::dialogs() noexcept
{
    return impl_->dialogs_;
}

boost::system::result<call_id> layer::call(call_options options)
{
    return impl_->place_call(std::move(options));
}

boost::system::error_code layer::answer(call_id id, answer_options options)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    return impl_->answer_call(*c, std::move(options.source), std::move(options.sink));
}

boost::system::error_code layer::reject(call_id id, int status)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    if (!c)
        return errc::no_such_call;
    if (!c->request || status < 300 || status > 699)
        return errc::wrong_state;
    (void)m.dialogs_.respond(*c->request, status);
    m.clear_request(*c);
    m.end(*c, end_reason::rejected, status);
    return {};
}

boost::system::error_code layer::hangup(call_id id)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    if (!c)
        return errc::no_such_call;
    if (c->request) {
        (void)m.dialogs_.respond(*c->request, 486);
        m.clear_request(*c);
        m.end(*c, end_reason::rejected, 486);
    } else if (c->dialog) {
        (void)m.dialogs_.bye(*c->dialog);
        m.end(*c, end_reason::local_hangup);
    } else if (c->invite) {
        // CANCEL goes once a provisional response has come (§9.1); the call is over for us now.
        (void)m.dialogs_.cancel(*c->invite);
        m.end(*c, end_reason::cancelled);
    } else {
        m.end(*c, end_reason::local_hangup);
    }
    return {};
}

boost::system::error_code layer::hold(call_id id)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    if (!c->dialog || c->request || c->sdp.offer_outstanding() || c->sdp.local_hold() ||
        (c->state != call_state::connected && c->state != call_state::held))
        return errc::wrong_state;
    return impl_->reoffer(*c, true);
}

boost::system::error_code layer::resume(call_id id)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    if (!c->dialog || c->sdp.offer_outstanding() || !c->sdp.local_hold())
        return errc::wrong_state;
    return impl_->reoffer(*c, false);
}

boost::system::error_code layer::renegotiate(call_id id, std::vector<std::string> const& codecs)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    if (!c->dialog || c->request || c->sdp.offer_outstanding() || !c->stream.negotiated())
        return errc::wrong_state;
    if (!codecs.empty())
        if (auto ec = c->sdp.set_codecs(codecs))
            return ec;
    return impl_->reoffer(*c, c->sdp.local_hold());
}

boost::system::error_code layer::early_media(call_id id, answer_options options)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    if (!c)
        return errc::no_such_call;
    if (c->state != call_state::incoming || !c->request || !c->prepared)
        return errc::wrong_state;
    if (options.source || options.sink)
        if (auto ec = c->stream.set_audio(std::move(options.source), std::move(options.sink)))
            return ec;
    if (!m.start_media(*c, c->prepared->audio))
        return errc::media_failure;
    c->early_media_sent = true;
    return m.dialogs_.respond(*c->request, 183, {"application/sdp", c->prepared->sdp, {}, {}});
}

boost::system::error_code layer::send_dtmf(call_id id, std::string_view digits, bool inband)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    if (!c)
        return errc::no_such_call;
    for (char d : digits)
        if (!rtp::dtmf_event(d))
            return errc::bad_argument;
    if (!c->dialog || !c->stream.negotiated())
        return errc::wrong_state;
    if (inband || c->stream.telephone_event()) {
        c->stream.send_dtmf(digits, inband);
        return {};
    }
    // No telephone-event: SIP INFO, the de facto application/dtmf-relay body.
    for (char d : digits) {
        std::string body = "Signal=";
        body.push_back(d);
        body += "\r\nDuration=160\r\n";
        if (auto ec = m.dialogs_.request(*c->dialog, "INFO", {"application/dtmf-relay", std::move(body), {}, {}}))
            return ec;
    }
    return {};
}

boost::system::error_code layer::transfer(call_id id, std::string const& target)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    if (!c)
        return errc::no_such_call;
    if (!c->dialog || c->request || target.empty())
        return errc::wrong_state;
    dialog::refer_options r;
    r.refer_to = target;
    r.referred_by = c->local_uri;
    auto ec = m.dialogs_.refer(*c->dialog, r, [this, id](boost::system::error_code error, sip::message const* response) {
        auto* cc = impl_->find(id);
        if (cc && (error || !response || response->status_code() >= 300)) {
            auto const status = response ? response->status_code() : 503;
            impl_->up_(transfer_progress{id, status, true});
            if ((cc = impl_->find(id)))
                impl_->transfer_settled(*cc, status);
        }
    });
    if (ec)
        return ec;
    c->before_transfer = c->state;
    m.set_state(*c, call_state::transferring);
    return {};
}

boost::system::error_code layer::attended_transfer(call_id id, call_id consultation)
{
    auto& m = *impl_;
    auto* c = m.find(id);
    auto* other = m.find(consultation);
    if (!c || !other)
        return errc::no_such_call;
    if (!other->dialog || id == consultation)
        return errc::wrong_state;
    // RFC 3891 §5 / RFC 5589 §7: the transferee calls the target with Replaces naming our
    // consultation dialog as the target sees it.
    return transfer(id, dialog::refer_to_replacing(other->remote_uri, *other->dialog));
}

boost::system::result<conference_id> layer::conference(std::vector<call_id> const& calls, answer_options audio)
{
    auto& m = *impl_;
    if (calls.empty())
        return errc::bad_argument;
    local_conference conf;
    for (auto const id : calls) {
        auto* c = m.find(id);
        if (!c)
            return errc::no_such_call;
        auto const& n = c->stream.negotiated();
        if (!n || c->stream.in_conference() || c->stream.frame_samples() == 0)
            return errc::wrong_state;
        if (conf.frame == 0) {
            conf.frame = c->stream.frame_samples();
            conf.ptime = std::chrono::milliseconds{n->ptime_ms};
        } else if (conf.frame != c->stream.frame_samples()) {
            return errc::wrong_state;
        }
    }
    if ((audio.source && audio.source->sample_rate() != m.options_.audio_rate) ||
        (audio.sink && audio.sink->sample_rate() != m.options_.audio_rate))
        return errc::bad_argument;
    conf.members = calls;
    conf.source = std::move(audio.source);
    conf.sink = std::move(audio.sink);
    conf.due = std::chrono::steady_clock::now();
    for (auto const id : calls)
        m.find(id)->stream.set_conference(true);
    auto const cid = m.next_conference_++;
    m.conferences_.emplace(cid, std::move(conf));
    return cid;
}

boost::system::error_code layer::end_conference(conference_id id)
{
    auto& m = *impl_;
    auto it = m.conferences_.find(id);
    if (it == m.conferences_.end())
        return errc::no_such_call;
    for (auto const call : it->second.members)
        if (auto* c = m.find(call))
            c->stream.set_conference(false);
    m.conferences_.erase(it);
    return {};
}

boost::system::error_code layer::start_recording(call_id id, std::string const& path)
{
    auto* c = impl_->find(id);
    return c ? c->stream.start_recording(path) : make_error_code(errc::no_such_call);
}

boost::system::error_code layer::stop_recording(call_id id)
{
    auto* c = impl_->find(id);
    return c ? c->stream.stop_recording() : make_error_code(errc::no_such_call);
}

boost::system::error_code layer::set_microphone_muted(call_id id, bool muted)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    c->stream.set_microphone_muted(muted);
    return {};
}

boost::system::error_code layer::set_speaker_muted(call_id id, bool muted)
{
    auto* c = impl_->find(id);
    if (!c)
        return errc::no_such_call;
    c->stream.set_speaker_muted(muted);
    return {};
}

std::optional<call_info> layer::info(call_id id) const
{
    auto* c = impl_->find(id);
    if (!c)
        return std::nullopt;
    call_info i;
    i.id = id;
    i.state = c->state;
    i.outgoing = c->outgoing;
    i.local_uri = c->local_uri;
    i.remote_uri = c->remote_uri;
    i.local_hold = c->sdp.local_hold();
    i.microphone_muted = c->stream.microphone_muted();
    i.speaker_muted = c->stream.speaker_muted();
    i.dialog = c->dialog;
    i.local_rtp_port = c->local.rtp_port;
    i.ssrc = c->stream.ssrc();
    if (auto r = c->stream.remote_endpoint())
        i.remote_media = *r;
    if (auto const& n = c->stream.negotiated()) {
        i.codec = n->codec.encoding_name;
        i.clock_rate = n->codec.clock_rate;
        i.ptime_ms = n->ptime_ms;
        i.srtp = n->send_key.has_value();
        i.remote_hold = n->remote_hold;
        i.telephone_event = n->send_telephone_event.has_value();
    }
    return i;
}

std::optional<call_report> layer::report(call_id id) const
{
    auto* c = impl_->find(id);
    if (!c)
        return std::nullopt;
    return c->stream.report();
}

std::optional<media_statistics> layer::statistics(call_id id) const
{
    auto* c = impl_->find(id);
    if (!c)
        return std::nullopt;
    return c->stream.statistics();
}

std::vector<call_id> layer::calls() const
{
    std::vector<call_id> out;
    for (auto const& [id, c] : impl_->calls_)
        out.push_back(id);
    return out;
}

boost::system::error_code layer::set_media_options(media_options media)
{
    // At least one codec the engine knows and media-core runs (offer_answer::set_codecs's rule).
    bool const runnable = std::any_of(media.codecs.begin(), media.codecs.end(), [](std::string const& name) {
        return detail::find_codec(name) &&
               std::any_of(std::begin(media::supported_codecs), std::end(media::supported_codecs),
                           [&](std::string_view s) { return detail::iequals(s, name); });
    });
    if (!runnable)
        return errc::bad_argument;
    impl_->options_.media = std::move(media);
    return {};
}

media_options const& layer::current_media_options() const noexcept
{
    return impl_->options_.media;
}

} // namespace rvoip::session
