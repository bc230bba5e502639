// One audio stream of a call: RTP session + media pipeline + jitter buffer + RFC 4733 + quality.
#include "audio_stream.hpp"

#include "sdp_formats.hpp"

#include <rvoip/media/e_model.hpp>
#include <rvoip/media/make_codec.hpp>
#include <rvoip/media/opus_codec.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace rvoip::session::detail {

namespace {

// RFC 4733 §2.5.1.2: a key press of about 100 ms, then a pause before the next digit.
constexpr int dtmf_tone_ms = 100;
constexpr int dtmf_pause_ms = 60;
// A media clock that fell this far behind (a stalled process) restarts instead of bursting.
constexpr auto max_lag = std::chrono::milliseconds{200};

bool same_keys(std::optional<rtp::srtp_key> const& a, std::optional<rtp::srtp_key> const& b)
{
    return a.has_value() == b.has_value() && (!a || *a == *b);
}

} // namespace

audio_stream::audio_stream(boost::asio::io_context& io, rtp::random_source& random, stream_config config,
                           stream_events events)
    : io_(io), random_(random), config_(std::move(config)), events_(std::move(events))
{
}

audio_stream::~audio_stream()
{
    close();
}

boost::system::error_code audio_stream::set_audio(std::unique_ptr<media::audio_source> source,
                                                  std::unique_ptr<media::audio_sink> sink)
{
    if ((source && source->sample_rate() != config_.audio_rate) || (sink && sink->sample_rate() != config_.audio_rate))
        return errc::bad_argument;
    source_ = std::move(source);
    sink_ = std::move(sink);
    return {};
}

void audio_stream::take_audio(std::unique_ptr<media::audio_source>& source, std::unique_ptr<media::audio_sink>& sink)
{
    source = std::move(source_);
    sink = std::move(sink_);
}

std::optional<std::uint32_t> audio_stream::ssrc() const noexcept
{
    if (!session_)
        return std::nullopt;
    return session_->ssrc();
}

std::optional<rtp::udp_endpoint> audio_stream::remote_endpoint() const
{
    if (!session_)
        return std::nullopt;
    return session_->remote_endpoint();
}

boost::system::error_code audio_stream::open()
{
    return open_session(false, std::nullopt, std::nullopt);
}

boost::system::error_code audio_stream::open_session(bool rtcp_mux, std::optional<rtp::srtp_key> const& send,
                                                     std::optional<rtp::srtp_key> const& receive)
{
    if (session_) {
        // The port stays ours: closing and binding again would let another program take it.
        if (auto ec = session_->reconfigure(rtcp_mux, send, receive))
            return ec;
        open_mux_ = rtcp_mux;
        open_send_key_ = send;
        open_receive_key_ = receive;
        return {};
    }
    rtp::udp_session_options o;
    o.local = {config_.address, config_.rtp_port};
    o.rtcp_mux = rtcp_mux;
    o.latch = config_.latch;
    o.rtcp.minimum = std::chrono::duration<double>(config_.rtcp_interval);
    o.send_key = send;
    o.receive_key = receive;
    if (negotiated_) {
        o.payload_type = negotiated_->codec.send_payload_type;
        o.clock_rate = negotiated_->codec.clock_rate;
    }
    auto s = rtp::udp_session::open(io_, std::move(o), random_, [this](rtp::session_event const& e) { on_event(e); });
    if (!s)
        return errc::media_failure;
    session_ = std::move(*s);
    session_->start();
    open_mux_ = rtcp_mux;
    open_send_key_ = send;
    open_receive_key_ = receive;
    have_seq_ = false;
    return {};
}

boost::system::error_code audio_stream::make_pipeline(negotiated_audio const& n)
{
    media::opus_options opus;
    if (iequals(n.codec.encoding_name, "opus") && !n.codec.remote_fmtp.empty())
        if (auto o = media::apply_opus_fmtp(opus, n.codec.remote_fmtp))
            opus = *o;
    auto c = media::make_codec(n.codec.encoding_name, opus);
    if (!c)
        return errc::media_failure;
    auto const codec_samples = (*c)->frame_samples(n.ptime_ms);
    if (!codec_samples)
        return errc::media_failure;
    step_ = (*c)->rtp_timestamp_step(*codec_samples);
    media::media_stream_options o;
    o.pipeline_rate = config_.audio_rate;
    o.ptime_ms = n.ptime_ms;
    o.detect_inband_dtmf = config_.detect_inband_dtmf;
    o.processing = config_.processing;
    media::media_stream_events ev;
    ev.packet_ready = [this](std::span<std::uint8_t const> payload, std::uint32_t, bool marker) {
        if (!session_ || !negotiated_)
            return;
        (void)session_->send(negotiated_->codec.send_payload_type, payload, timestamp_, marker || marker_next_);
        marker_next_ = false;
    };
    ev.dtmf_detected = [this](char digit) {
        ++dtmf_received_;
        if (events_.dtmf)
            events_.dtmf(digit, dtmf_path::inband);
    };
    auto m = media::media_stream::create(std::move(*c), o, std::move(ev));
    if (!m)
        return errc::media_failure;
    if (media_)
        (void)media_->stop_recording();
    media_.emplace(std::move(*m));
    media_->set_microphone_muted(mic_muted_);
    media_->set_speaker_muted(speaker_muted_);
    silence_.assign(media_->frame_samples(), 0);
    if (jitter_)
        late_base_ += jitter_->stats().late;
    rtp::jitter_buffer_options jo;
    jo.clock_rate = n.codec.clock_rate;
    jo.frame_duration = std::chrono::milliseconds{n.ptime_ms};
    // Room for 32 packets (over half a second at 20 ms, beyond the 300 ms the delay may grow
    // to) of the largest payload the codec makes: G.711 and G.722 at 60 ms are 480 bytes, an
    // Opus packet stays under an MTU. Reserved per call, so it is kept to what is needed.
    jo.capacity = 32;
    jo.max_payload = iequals(n.codec.encoding_name, "opus") ? 1500 : 480;
    jitter_.emplace(jo);
    marker_next_ = true;
    return {};
}

boost::system::error_code audio_stream::apply(negotiated_audio const& n, bool local_hold)
{
    bool const reopen = !session_ || open_mux_ != n.rtcp_mux || !same_keys(open_send_key_, n.send_key) ||
                        !same_keys(open_receive_key_, n.receive_key);
    bool const new_codec = !media_ || !negotiated_ || negotiated_->codec != n.codec || negotiated_->ptime_ms != n.ptime_ms;
    bool const moved = !negotiated_ || reopen || negotiated_->remote != n.remote ||
                       negotiated_->remote_rtcp_port != n.remote_rtcp_port;
    negotiated_ = n;
    local_hold_ = local_hold;
    if (reopen)
        if (auto ec = open_session(n.rtcp_mux, n.send_key, n.receive_key))
            return ec;
    // The session was opened before the codec was known (the offer) or for another one: its
    // jitter and RTCP timestamps count in this codec's clock.
    session_->set_payload_format(n.codec.send_payload_type, n.codec.clock_rate);
    if (new_codec)
        if (auto ec = make_pipeline(n))
            return ec;
    // RFC 3264 §8.4: a zero address (legacy hold) gets nothing; a new address or port moves
    // the stream there (and latching starts over).
    if (moved && n.remote.address != "0.0.0.0" && n.remote.address != "::" && n.remote.port != 0)
        session_->set_remote({n.remote.address, n.remote.port}, n.rtcp_mux ? 0 : n.remote_rtcp_port);
    return {};
}

void audio_stream::tick(clock::time_point now)
{
    if (!media_ || !session_)
        return;
    auto const ptime = std::chrono::milliseconds{negotiated_->ptime_ms};
    if (!started_) {
        started_ = true;
        began_ = due_ = last_heard_ = now;
        next_sample_ = now + config_.quality_interval;
    }
    watch_peer(now);
    if (now - due_ > max_lag)
        due_ = now;
    while (due_ <= now) {
        send_frame();
        receive_frame(now);
        due_ += ptime;
    }
    if (now >= next_sample_) {
        sample_quality(now);
        next_sample_ = now + config_.quality_interval;
    }
}

void audio_stream::watch_peer(clock::time_point now)
{
    if (config_.media_timeout.count() <= 0 || silence_reported_)
        return;
    // Watched while both sides should send; on hold either way many peers send nothing at
    // all. RTCP counts too: a peer with nothing to say still reports (RFC 3550 §6).
    auto const& s = session_->stats();
    auto const heard = s.packets_received + s.rtcp_received;
    bool const expected = negotiated_->may_receive() && negotiated_->may_send() && !negotiated_->remote_hold &&
                          !local_hold_;
    if (heard != heard_ || !expected) {
        heard_ = heard;
        last_heard_ = now;
    } else if (now - last_heard_ >= config_.media_timeout) {
        silence_reported_ = true;
        if (events_.silent)
            events_.silent();
    }
}

void audio_stream::send_frame()
{
    bool const sending = negotiated_->may_send() && !local_hold_ && session_->remote_endpoint().has_value();
    if (!sending) {
        marker_next_ = true;
    } else if (negotiated_->send_telephone_event && (!digits_.empty() || te_sender_)) {
        send_telephone_event();
    } else if (conference_) {
        (void)media_->send(conference_in_.size() == silence_.size() ? conference_in_ : silence_);
    } else if (source_) {
        (void)media_->send_from(*source_);
    } else {
        (void)media_->send(silence_);
    }
    timestamp_ += step_;
}

void audio_stream::send_telephone_event()
{
    auto send = [&](rtp::telephone_event_packet const& p) {
        auto const bytes = rtp::to_bytes(p.payload);
        (void)session_->send(*negotiated_->send_telephone_event, bytes, p.timestamp, p.marker);
    };
    int const ptime = negotiated_->ptime_ms;
    if (te_gap_) {
        // The pause between digits carries audio again.
        if (++te_frames_ * ptime >= dtmf_pause_ms) {
            te_gap_ = false;
            te_sender_.reset();
        }
        if (source_)
            (void)media_->send_from(*source_);
        marker_next_ = true;
        return;
    }
    if (!te_sender_) {
        auto const code = rtp::dtmf_event(digits_.front());
        digits_.erase(0, 1);
        if (!code)
            return;
        te_sender_.emplace(static_cast<std::uint16_t>(step_));
        if (auto p = te_sender_->start(*code, timestamp_))
            send(*p);
        te_frames_ = 1;
        ++dtmf_sent_;
        return;
    }
    if (te_early_) {
        te_early_ = false;
        return;
    }
    if (++te_frames_ * ptime < dtmf_tone_ms) {
        if (auto p = te_sender_->update())
            send(*p);
        return;
    }
    // RFC 4733 §2.5.1.4: the end packet three times.
    if (auto end = te_sender_->stop())
        for (auto const& p : *end)
            send(p);
    te_gap_ = true;
    te_frames_ = 0;
}

void audio_stream::receive_frame(clock::time_point now)
{
    auto const f = jitter_->get(now);
    std::span<std::int16_t const> out = silence_;
    switch (f.kind) {
    case rtp::frame_kind::frame:
        if (auto r = media_->receive(f.payload))
            out = *r;
        else
            out = media_->receive_lost();
        break;
    case rtp::frame_kind::gap: out = media_->receive_lost(); break;
    case rtp::frame_kind::empty: break;
    }
    if (conference_) {
        last_played_.assign(silence_.size(), 0);
        std::copy_n(out.begin(), std::min(out.size(), last_played_.size()), last_played_.begin());
        (void)media_->played(out, nullptr);
        return;
    }
    (void)media_->played(out, sink_.get());
}

void audio_stream::set_conference(bool on)
{
    conference_ = on;
    last_played_.clear();
    conference_in_.clear();
}

void audio_stream::set_conference_input(std::span<std::int16_t const> frame)
{
    conference_in_.assign(frame.begin(), frame.end());
}

void audio_stream::on_event(rtp::session_event const& e)
{
    if (auto const* p = std::get_if<rtp::rtp_packet_received>(&e))
        on_rtp(*p);
    else if (auto const* c = std::get_if<rtp::rtcp_packet_received>(&e))
        on_rtcp(*c);
}

void audio_stream::on_rtp(rtp::rtp_packet_received const& p)
{
    if (!negotiated_ || !jitter_)
        return;
    auto const& n = *negotiated_;
    if (n.receive_telephone_event && p.payload_type == *n.receive_telephone_event) {
        auto const e = rtp::parse_telephone_event(p.payload);
        if (!e)
            return;
        auto const ev = te_receiver_.on_packet(p.timestamp, *e);
        if (ev && ev->began) {
            auto const digit = rtp::dtmf_digit(ev->event);
            if (digit != '\0') {
                ++dtmf_received_;
                if (events_.dtmf)
                    events_.dtmf(digit, dtmf_path::rfc4733);
            }
        }
        return;
    }
    // Our number for the codec; a peer that sends with its own (asymmetric) number is taken too.
    if (p.payload_type != n.codec.receive_payload_type && p.payload_type != n.codec.send_payload_type) {
        if (p.payload_type != 13) // RFC 3389 comfort noise: silence, not loss
            ++unknown_payload_;
        return;
    }
    if (have_seq_) {
        auto const delta = static_cast<std::uint16_t>(p.sequence_number - last_seq_);
        if (delta == 0 || delta >= 0x8000)
            ; // a duplicate or a late one: no new gap
        else {
            if (delta > 1) {
                ++bursts_;
                burst_lost_ += delta - 1u;
            }
            last_seq_ = p.sequence_number;
        }
    } else {
        have_seq_ = true;
        last_seq_ = p.sequence_number;
    }
    jitter_->put(p.ssrc, p.sequence_number, p.timestamp, p.marker, p.payload, clock::now());
}

void audio_stream::on_rtcp(rtp::rtcp_packet_received const& p)
{
    auto compound = rtp::parse_compound(p.bytes, {.report_first = false});
    if (!compound)
        return;
    for (auto const packet : *compound) {
        if (packet.type() != rtp::rtcp_type::xr)
            continue;
        auto xr = rtp::parse_xr(packet);
        if (!xr)
            continue;
        std::array<rtp::xr_block, 8> blocks;
        auto const count = xr->blocks(blocks);
        for (std::size_t i = 0; i < count; ++i)
            if (blocks[i].type == rtp::xr_voip_metrics_block)
                if (auto m = rtp::parse_voip_metrics(blocks[i]); m && m->mos_lq != 127)
                    remote_mos_ = m->mos_lq / 10.0;
    }
}

quality_sample audio_stream::rate(double loss_pct, double mean_burst, clock::time_point now) const
{
    quality_sample s;
    s.at = std::chrono::duration_cast<std::chrono::milliseconds>(now - began_);
    s.loss_pct = loss_pct;
    s.burst_ratio = media::burst_ratio(loss_pct / 100.0, mean_burst);
    s.jitter_ms = session_->reception().jitter_ms();
    s.jitter_buffer_ms = std::chrono::duration<double, std::milli>(jitter_->current_delay()).count();
    if (auto rtt = session_->round_trip_time())
        s.rtt_ms = std::chrono::duration<double, std::milli>(*rtt).count();
    media::call_measurements m;
    m.codec = media::g113_impairment(negotiated_->codec.encoding_name);
    m.loss_pct = loss_pct;
    m.burst_ratio = s.burst_ratio;
    m.rtt_ms = s.rtt_ms;
    m.jitter_buffer_ms = s.jitter_buffer_ms;
    m.packetization_ms = negotiated_->ptime_ms;
    auto const r = media::rate_call(m);
    s.r_factor = r.r;
    s.mos = r.mos;
    s.remote_mos = remote_mos_;
    return s;
}

void audio_stream::sample_quality(clock::time_point now)
{
    auto const& rs = session_->reception();
    auto const expected = rs.expected();
    auto const received = rs.received();
    auto const late = late_base_ + jitter_->stats().late;
    auto const d_expected = expected - std::min(expected, prev_expected_);
    auto const d_received = received - std::min(received, prev_received_);
    auto const d_late = late - std::min(late, prev_late_);
    auto const d_bursts = bursts_ - prev_bursts_;
    auto const d_burst_lost = burst_lost_ - prev_burst_lost_;
    prev_expected_ = expected;
    prev_received_ = received;
    prev_late_ = late;
    prev_bursts_ = bursts_;
    prev_burst_lost_ = burst_lost_;
    if (d_expected == 0)
        return; // nothing arrived or was due (hold): no estimate for this interval
    auto const lost = std::min<std::uint64_t>(d_expected, (d_expected > d_received ? d_expected - d_received : 0) + d_late);
    double const loss_pct = 100.0 * static_cast<double>(lost) / static_cast<double>(d_expected);
    double const mean_burst = d_bursts ? static_cast<double>(d_burst_lost) / static_cast<double>(d_bursts) : 1.0;
    auto s = rate(loss_pct, mean_burst, now);
    s.packets_expected = d_expected;
    s.packets_lost = lost;
    samples_.push_back(s);

    // RFC 3611 §4.7: what we measured goes back to the peer in our reports.
    rtp::voip_metrics vm;
    auto fraction = [&](std::uint64_t part) {
        return static_cast<std::uint8_t>(std::min<std::uint64_t>(255, part * 256 / d_expected));
    };
    vm.loss_rate = fraction(lost - std::min(lost, d_late));
    vm.discard_rate = fraction(d_late);
    vm.end_system_delay = static_cast<std::uint16_t>(s.jitter_buffer_ms + negotiated_->ptime_ms);
    vm.r_factor = static_cast<std::uint8_t>(std::clamp(s.r_factor, 0.0, 100.0));
    vm.mos_lq = static_cast<std::uint8_t>(std::lround(s.mos * 10));
    vm.mos_cq = vm.mos_lq;
    session_->set_voip_metrics(vm);
    if (events_.quality)
        events_.quality(s);
}

std::size_t audio_stream::send_dtmf(std::string_view digits, bool inband)
{
    std::string valid;
    for (char c : digits)
        if (rtp::dtmf_event(c))
            valid.push_back(c >= 'a' && c <= 'd' ? static_cast<char>(c - 'a' + 'A') : c);
    if (valid.empty() || !media_)
        return 0;
    if (telephone_event() && !inband) {
        digits_ += valid;
        // The first event packet goes at once rather than at the next frame time (up to a
        // packet time later); that frame's slot then carries no update (te_early_).
        bool const idle = !te_sender_ && !te_gap_;
        if (idle && negotiated_->may_send() && !local_hold_ && session_->remote_endpoint()) {
            send_telephone_event();
            te_early_ = true;
        }
        return valid.size();
    }
    dtmf_sent_ += valid.size();
    return media_->send_inband_dtmf(valid);
}

boost::system::error_code audio_stream::start_recording(std::string const& path)
{
    if (!media_)
        return errc::wrong_state;
    return media_->start_recording(path) ? boost::system::error_code{} : make_error_code(errc::bad_argument);
}

boost::system::error_code audio_stream::stop_recording()
{
    if (!media_)
        return errc::wrong_state;
    (void)media_->stop_recording();
    return {};
}

void audio_stream::set_microphone_muted(bool muted)
{
    mic_muted_ = muted;
    if (media_)
        media_->set_microphone_muted(muted);
}

void audio_stream::set_speaker_muted(bool muted)
{
    speaker_muted_ = muted;
    if (media_)
        media_->set_speaker_muted(muted);
}

media_statistics audio_stream::statistics() const
{
    media_statistics m;
    m.dtmf_sent = dtmf_sent_;
    m.dtmf_received = dtmf_received_;
    m.unknown_payload = unknown_payload_;
    if (jitter_)
        m.late_discarded = late_base_ + jitter_->stats().late;
    if (media_)
        m.frames_concealed = media_->frames_concealed();
    if (!session_)
        return m;
    auto const& s = session_->stats();
    m.packets_sent = s.packets_sent;
    m.bytes_sent = s.bytes_sent;
    m.packets_received = s.packets_received;
    m.bytes_received = s.bytes_received;
    m.rtcp_sent = s.rtcp_sent;
    m.rtcp_received = s.rtcp_received;
    m.wrong_source = s.wrong_source;
    m.srtp_auth_failures = s.srtp_auth_failures;
    m.malformed = s.malformed;
    m.packets_lost = session_->reception().cumulative_lost();
    m.jitter_ms = session_->reception().jitter_ms();
    if (auto rtt = session_->round_trip_time())
        m.rtt_ms = std::chrono::duration<double, std::milli>(*rtt).count();
    return m;
}

call_report audio_stream::report() const
{
    call_report r;
    r.samples = samples_;
    r.media = statistics();
    // Nothing received, nothing to rate: the overall sample stays empty (MOS 0).
    if (session_ && negotiated_ && jitter_ && session_->reception().expected() > 0) {
        auto const expected = session_->reception().expected();
        auto const lost = std::max<std::int64_t>(0, session_->reception().cumulative_lost()) +
                          static_cast<std::int64_t>(r.media.late_discarded);
        double const loss_pct =
            expected ? std::min(100.0, 100.0 * static_cast<double>(lost) / static_cast<double>(expected)) : 0.0;
        double const mean_burst = bursts_ ? static_cast<double>(burst_lost_) / static_cast<double>(bursts_) : 1.0;
        r.overall = rate(loss_pct, mean_burst, clock::now());
        r.overall.packets_expected = expected;
        r.overall.packets_lost = static_cast<std::uint64_t>(lost);
    }
    return r;
}

void audio_stream::close() noexcept
{
    if (media_)
        (void)media_->stop_recording();
    if (session_)
        session_->close();
}

} // namespace rvoip::session::detail
