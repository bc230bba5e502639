// The offer/answer engine: offers, the rendering of our descriptions and the state kept
// between negotiations. Reading the peer's offers and answers is in sdp_read.cpp.
#include <rvoip/session/offer_answer.hpp>

#include "sdp_formats.hpp"

#include <rvoip/media/make_codec.hpp>

#include <algorithm>
#include <string>

namespace rvoip::session {

namespace sdp = sip::sdp;
using detail::iequals;

bool negotiated_audio::may_send() const noexcept
{
    return direction == sdp::direction::sendrecv || direction == sdp::direction::sendonly;
}

bool negotiated_audio::may_receive() const noexcept
{
    return direction == sdp::direction::sendrecv || direction == sdp::direction::recvonly;
}

refusal refusal_for(boost::system::error_code const& error, std::string_view host)
{
    auto warning = [&](int code, std::string_view text) {
        return std::to_string(code) + " " + std::string{host.empty() ? "-" : host} + " \"" +
               std::string{text} + "\"";
    };
    if (error == errc::bad_sdp)
        return {400, warning(399, "SDP does not parse")};
    if (error == errc::no_common_codec)
        return {488, warning(305, "No common codec")};
    if (error == errc::srtp_required)
        return {488, warning(399, "SRTP required")};
    if (error == errc::srtp_refused)
        return {488, warning(399, "SRTP not enabled")};
    return {488, warning(304, "No usable audio stream")};
}

offer_answer::offer_answer(media_options options, rtp::random_source& random)
    : options_(std::move(options)), random_(random)
{
    (void)set_codecs(options_.codecs);
}

boost::system::error_code offer_answer::set_codecs(std::vector<std::string> const& names)
{
    std::vector<std::string> runnable_codecs;
    for (auto const& name : names) {
        auto const* known = detail::find_codec(name);
        bool const runnable = std::any_of(std::begin(media::supported_codecs), std::end(media::supported_codecs),
                                          [&](std::string_view s) { return iequals(s, name); });
        if (known && runnable &&
            std::none_of(runnable_codecs.begin(), runnable_codecs.end(), [&](auto const& c) { return iequals(c, name); }))
            runnable_codecs.emplace_back(known->name);
    }
    if (runnable_codecs.empty())
        return errc::bad_argument;
    codecs_ = std::move(runnable_codecs);
    options_.codecs = codecs_;
    return {};
}

std::uint8_t offer_answer::number_for(std::string_view name, std::uint32_t clock, std::optional<std::uint8_t> fixed)
{
    for (auto const& n : numbers_)
        if (iequals(n.name, name) && n.clock == clock)
            return n.pt;
    auto taken = [&](int pt) {
        return std::any_of(numbers_.begin(), numbers_.end(), [&](auto const& n) { return n.pt == pt; });
    };
    std::uint8_t pt = 0;
    if (fixed && !taken(*fixed)) {
        pt = *fixed;
    } else {
        // Dynamic numbers (RFC 3551 §3: 96-127); 101 is the customary telephone-event/8000.
        int const preferred = iequals(name, detail::telephone_event_name) && clock == 8000 ? 101 : 96;
        int candidate = preferred;
        while (taken(candidate) && candidate < 127)
            ++candidate;
        for (int c = 96; taken(candidate) && c <= 127; ++c)
            candidate = c;
        pt = static_cast<std::uint8_t>(candidate);
    }
    numbers_.push_back({std::string{name}, clock, pt});
    return pt;
}

result<rtp::srtp_key> offer_answer::our_key(rtp::crypto_suite suite)
{
    for (auto const& k : keys_)
        if (k.suite() == suite)
            return k;
    auto key = rtp::generate_srtp_key(suite, random_);
    if (!key)
        return errc::media_failure;
    keys_.push_back(*key);
    return *key;
}

result<void> offer_answer::ensure_origin()
{
    if (!session_id_.empty())
        return {};
    auto id = rtp::random_u32(random_);
    if (!id)
        return errc::media_failure;
    // RFC 8866 §5.2: a numeric session id, suggested from an NTP-format timestamp; any value
    // unique to this host works. The version starts at the same number.
    session_id_ = std::to_string(*id & 0x7fffffffu);
    version_ = *id & 0x7fffffffu;
    return {};
}

std::string offer_answer::render(sdp::session_description& d)
{
    d.origin.session_id = session_id_;
    d.origin.session_version = "0";
    auto body = sdp::to_string(d);
    // RFC 3264 §8: the version goes up with each change of the description, and only then.
    if (!last_body_.empty() && body != last_body_)
        ++version_;
    last_body_ = std::move(body);
    d.origin.session_version = std::to_string(version_);
    last_sent_ = sdp::to_string(d);
    return last_sent_;
}

void offer_answer::add_codec(sdp::media_description& m, std::string_view name, std::uint8_t pt,
                             std::uint32_t clock, std::uint32_t channels) const
{
    sdp::rtpmap r;
    r.payload_type = pt;
    r.encoding_name = std::string{name};
    r.clock_rate = clock;
    if (channels > 1)
        r.channels = channels;
    m.set_rtpmap(r);
    if (iequals(name, "opus")) {
        // RFC 7587 §6.1: what we want to receive. FEC lets the peer repair one loss for us.
        std::string params = "minptime=10;useinbandfec=1";
        if (options_.max_bandwidth_kbps > 0) {
            auto const rate = std::clamp<std::uint32_t>(options_.max_bandwidth_kbps * 1000, 6000, 510000);
            params += ";maxaveragebitrate=" + std::to_string(rate);
        }
        m.set_fmtp({std::to_string(pt), params});
    } else if (iequals(name, detail::telephone_event_name)) {
        m.set_fmtp({std::to_string(pt), "0-16"});
    }
}

void offer_answer::add_common(sdp::media_description& m, local_media const& local, sdp::direction dir) const
{
    if (options_.max_bandwidth_kbps > 0) {
        m.bandwidths.push_back({"AS", options_.max_bandwidth_kbps});
        m.bandwidths.push_back({"TIAS", std::uint64_t{options_.max_bandwidth_kbps} * 1000});
    }
    m.set_ptime(static_cast<std::uint32_t>(options_.ptime_ms));
    if (options_.maxptime_ms > 0)
        m.set_maxptime(static_cast<std::uint32_t>(options_.maxptime_ms));
    if (local.rtcp_port != 0 && local.rtcp_port != local.rtp_port + 1)
        m.set_rtcp({local.rtcp_port, "", "", ""});
    m.set_direction(dir);
    for (auto const& a : options_.custom_attributes) {
        if (a.value.empty())
            m.attributes.add(a.name);
        else
            m.attributes.add(a.name, a.value);
    }
}


sdp::media_description offer_answer::audio_line(local_media const& local) const
{
    sdp::media_description m;
    m.media = "audio";
    m.port = local.rtp_port;
    m.proto = options_.srtp == srtp_policy::mandatory ? "RTP/SAVP" : "RTP/AVP";
    return m;
}

result<std::string> offer_answer::create_offer(local_media const& local)
{
    if (codecs_.empty())
        return errc::bad_argument;
    if (auto r = ensure_origin(); !r)
        return r.error();
    auto d = detail::skeleton(local);
    auto const dir = local_hold_ ? sdp::direction::sendonly : sdp::direction::sendrecv;
    auto m = audio_line(local);
    std::vector<std::uint32_t> clocks;
    for (auto const& name : codecs_) {
        auto const* c = detail::find_codec(name);
        auto const fixed = c->static_pt >= 0 ? std::optional<std::uint8_t>{static_cast<std::uint8_t>(c->static_pt)}
                                             : std::nullopt;
        add_codec(m, c->name, number_for(c->name, c->clock, fixed), c->clock, c->channels);
        if (std::find(clocks.begin(), clocks.end(), c->clock) == clocks.end())
            clocks.push_back(c->clock);
    }
    if (options_.telephone_event)
        for (auto const clock : clocks)
            add_codec(m, detail::telephone_event_name, number_for(detail::telephone_event_name, clock, {}), clock, 1);
    if (options_.rtcp_mux)
        m.set_rtcp_mux(true);
    add_common(m, local, dir);
    if (options_.srtp != srtp_policy::off) {
        std::uint32_t tag = 1;
        for (auto const suite : options_.srtp_suites) {
            auto key = our_key(suite);
            if (!key)
                return key.error();
            sdp::crypto c;
            c.tag = tag++;
            c.suite = std::string{rtp::to_string(suite)};
            c.keys.push_back({"inline", key->to_inline(), {}, {}, {}});
            m.add_crypto(c);
        }
    }
    d.media.push_back(std::move(m));
    auto text = render(d);
    outstanding_ = std::move(d);
    return text;
}

void offer_answer::offer_rejected() noexcept
{
    outstanding_.reset();
}

} // namespace rvoip::session
