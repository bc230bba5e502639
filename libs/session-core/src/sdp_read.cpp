// The offer/answer engine reading the peer: answering its offers (RFC 3264 §6) and taking its
// answers to ours (§7), with SDES keys (RFC 4568) and the hold directions (RFC 6337).
#include <rvoip/session/offer_answer.hpp>

#include "sdp_formats.hpp"

#include <algorithm>

namespace rvoip::session {

namespace sdp = sip::sdp;
using detail::iequals;

namespace {

bool sends(sdp::direction d) noexcept { return d == sdp::direction::sendrecv || d == sdp::direction::sendonly; }
bool receives(sdp::direction d) noexcept { return d == sdp::direction::sendrecv || d == sdp::direction::recvonly; }

sdp::direction direction_of(bool send, bool receive) noexcept
{
    if (send && receive)
        return sdp::direction::sendrecv;
    if (send)
        return sdp::direction::sendonly;
    if (receive)
        return sdp::direction::recvonly;
    return sdp::direction::inactive;
}

/// RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF; `savp` for the secure ones.
bool rtp_proto(std::string_view proto, bool& savp) noexcept
{
    savp = iequals(proto, "RTP/SAVP") || iequals(proto, "RTP/SAVPF");
    return savp || iequals(proto, "RTP/AVP") || iequals(proto, "RTP/AVPF");
}

std::string bare_address(std::string_view a) { return std::string{a.substr(0, a.find('/'))}; }

// RFC 3264 §8.4: the legacy hold, a connection address of zero.
bool null_address(std::string_view a) noexcept { return a == "0.0.0.0" || a == "::"; }

int ptime_for(std::string_view codec, std::optional<std::uint32_t> asked, std::optional<std::uint32_t> max,
              int ours) noexcept
{
    auto fit = [&](long p) {
        p = std::clamp<long>(p, 10, 60) / 10 * 10;
        if (iequals(codec, "opus") && (p == 30 || p == 50))
            p -= 10; // Opus frames are 10, 20, 40 or 60 ms (RFC 6716 §2.1.4)
        return static_cast<int>(p);
    };
    int p = fit(asked ? static_cast<long>(*asked) : ours);
    if (max && static_cast<std::uint32_t>(p) > *max)
        p = fit(static_cast<long>(*max));
    return p;
}

result<rtp::srtp_key> key_of(sdp::crypto const& c, rtp::crypto_suite suite)
{
    if (c.keys.empty() || !iequals(c.keys.front().method, "inline"))
        return errc::bad_answer;
    auto const& k = c.keys.front();
    auto bytes = k.key_salt_bytes();
    if (!bytes)
        return errc::bad_answer;
    auto key = rtp::make_srtp_key(suite, *bytes);
    if (!key)
        return errc::bad_answer;
    if (k.lifetime && key->set_lifetime(*k.lifetime))
        return errc::bad_answer;
    if (k.mki && k.mki_length &&
        key->set_mki({*k.mki, static_cast<std::uint8_t>(std::min<std::uint16_t>(*k.mki_length, 128))}))
        return errc::bad_answer;
    return key;
}

struct usable_crypto
{
    sdp::crypto line;
    rtp::crypto_suite suite;
    rtp::srtp_key key;
};

// The offered a=crypto lines we can take, in our suite preference order. A line with session
// parameters is skipped: RFC 4568 §6.3 asks an answerer not to accept parameters it does not
// apply, and we apply none.
std::vector<usable_crypto> usable_cryptos(sdp::media_description const& m, std::vector<rtp::crypto_suite> const& ours)
{
    std::vector<usable_crypto> out;
    auto const offered = m.cryptos();
    for (auto const suite : ours)
        for (auto const& c : offered) {
            auto const s = rtp::parse_crypto_suite(c.suite);
            if (!s || *s != suite || !c.session_params.empty() || c.keys.size() != 1)
                continue;
            if (auto key = key_of(c, suite))
                out.push_back({c, suite, *key});
        }
    return out;
}

sdp::media_description refused(sdp::media_description const& m)
{
    sdp::media_description r;
    r.media = m.media;
    r.port = 0;
    r.proto = m.proto;
    r.formats = m.formats;
    if (r.formats.empty())
        r.formats.push_back("0"); // RFC 8866 §5.14: at least one format
    return r;
}

} // namespace

void offer_answer::remember_number(std::string_view name, std::uint32_t clock, std::uint8_t pt)
{
    std::erase_if(numbers_, [&](auto const& n) { return n.pt == pt || (iequals(n.name, name) && n.clock == clock); });
    numbers_.push_back({std::string{name}, clock, pt});
}

result<made_answer> offer_answer::receive_offer(std::string_view text, local_media const& local)
{
    auto offer = sip::parse_sdp(text);
    if (!offer)
        return errc::bad_sdp;
    // An offer of ours that crossed this one is void (the dialog layer settled the glare).
    outstanding_.reset();
    return answer_audio(*offer, local);
}

result<made_answer> offer_answer::answer_audio(sdp::session_description const& offer, local_media const& local)
{
    if (auto r = ensure_origin(); !r)
        return r.error();
    auto d = detail::skeleton(local);
    std::optional<negotiated_audio> taken;
    std::optional<std::string> remote_crypto;
    boost::system::error_code why = errc::no_audio;
    for (auto const& line : offer.media) {
        if (taken || !iequals(line.media, "audio")) {
            d.media.push_back(refused(line));
            continue;
        }
        sdp::media_description answer_line;
        auto got = accept_stream(offer, line, local, answer_line, remote_crypto);
        if (got) {
            taken = std::move(*got);
            d.media.push_back(std::move(answer_line));
        } else {
            if (why == errc::no_audio)
                why = got.error();
            d.media.push_back(refused(line));
        }
    }
    if (!taken)
        return why;
    remember_number(taken->codec.encoding_name, taken->codec.clock_rate, taken->codec.receive_payload_type);
    if (taken->receive_telephone_event)
        remember_number(detail::telephone_event_name, taken->codec.clock_rate, *taken->receive_telephone_event);
    last_remote_crypto_ = remote_crypto;
    current_ = *taken;
    return made_answer{render(d), std::move(*taken)};
}

result<negotiated_audio> offer_answer::accept_stream(sdp::session_description const& offer,
                                                     sdp::media_description const& line, local_media const& local,
                                                     sdp::media_description& a, std::optional<std::string>& remote_crypto)
{
    bool savp = false;
    if (line.port == 0 || !rtp_proto(line.proto, savp))
        return errc::no_audio;
    auto const cryptos = options_.srtp == srtp_policy::off ? std::vector<usable_crypto>{}
                                                           : usable_cryptos(line, options_.srtp_suites);
    if (savp && cryptos.empty())
        return errc::srtp_refused;
    if (!savp && cryptos.empty() && options_.srtp == srtp_policy::mandatory)
        return errc::srtp_required;

    detail::known_codec const* codec = nullptr;
    std::optional<detail::format_info> format;
    for (auto const& name : codecs_) {
        auto const* c = detail::find_codec(name);
        if ((format = detail::find_format(line, c->name, c->clock))) {
            codec = c;
            break;
        }
    }
    if (!codec)
        return errc::no_common_codec;
    auto const* conn = line.effective_connection(offer);
    if (!conn)
        return errc::bad_sdp;

    negotiated_audio n;
    auto const pt = static_cast<std::uint8_t>(format->pt);
    auto const fmtp = line.fmtp_for(pt);
    n.codec = {std::string{codec->name}, codec->clock, pt, pt, fmtp ? fmtp->parameters : std::string{}};
    if (options_.telephone_event)
        if (auto te = detail::find_format(line, detail::telephone_event_name, codec->clock)) {
            n.send_telephone_event = static_cast<std::uint8_t>(te->pt);
            n.receive_telephone_event = static_cast<std::uint8_t>(te->pt);
        }
    n.remote = {bare_address(conn->address), line.port};
    bool const null_remote = null_address(n.remote.address);
    n.rtcp_mux = options_.rtcp_mux && line.rtcp_mux();
    auto const rtcp = line.rtcp_attribute();
    n.remote_rtcp_port = n.rtcp_mux ? line.port : rtcp ? rtcp->port : static_cast<std::uint16_t>(line.port + 1);
    auto const theirs = line.effective_direction(offer);
    auto const wanted = local_hold_ ? sdp::direction::sendonly : sdp::direction::sendrecv;
    n.direction = direction_of(receives(theirs) && sends(wanted) && !null_remote, sends(theirs) && receives(wanted));
    n.remote_hold = theirs == sdp::direction::sendonly || theirs == sdp::direction::inactive || null_remote;
    n.ptime_ms = ptime_for(codec->name, line.ptime(), line.maxptime(), options_.ptime_ms);

    a.media = "audio";
    a.port = local.rtp_port;
    a.proto = line.proto;
    add_codec(a, codec->name, pt, codec->clock, codec->channels);
    if (n.receive_telephone_event)
        add_codec(a, detail::telephone_event_name, *n.receive_telephone_event, codec->clock, 1);
    if (n.rtcp_mux)
        a.set_rtcp_mux(true);
    add_common(a, local, n.direction);
    if (!cryptos.empty()) {
        auto const& chosen = cryptos.front();
        auto text = sdp::to_string(chosen.line);
        // RFC 4568 §7.1.4: a re-offer with a new key starts a new crypto context; so does ours.
        if (last_remote_crypto_ && *last_remote_crypto_ != text)
            std::erase_if(keys_, [&](auto const& k) { return k.suite() == chosen.suite; });
        auto ours = our_key(chosen.suite);
        if (!ours)
            return ours.error();
        sdp::crypto c;
        c.tag = chosen.line.tag;
        c.suite = chosen.line.suite;
        c.keys.push_back({"inline", ours->to_inline(), {}, {}, {}});
        a.add_crypto(c);
        n.send_key = *ours;
        n.receive_key = chosen.key;
        remote_crypto = std::move(text);
    }
    return n;
}

result<negotiated_audio> offer_answer::receive_answer(std::string_view text)
{
    if (!outstanding_)
        return errc::no_offer;
    auto offer = std::move(*outstanding_);
    outstanding_.reset();
    auto answer = sip::parse_sdp(text);
    if (!answer)
        return errc::bad_sdp;
    auto got = read_answer(offer, *answer);
    if (got)
        current_ = *got;
    answered_offer_ = std::move(offer);
    return got;
}

result<negotiated_audio> offer_answer::receive_answer_again(std::string_view text)
{
    if (!answered_offer_)
        return errc::no_offer;
    auto answer = sip::parse_sdp(text);
    if (!answer)
        return errc::bad_sdp;
    auto got = read_answer(*answered_offer_, *answer);
    if (got)
        current_ = *got;
    return got;
}

result<negotiated_audio> offer_answer::read_answer(sdp::session_description const& offer,
                                                   sdp::session_description const& answer)
{
    if (answer.media.size() != offer.media.size() || offer.media.empty())
        return errc::bad_answer; // RFC 3264 §6: one answer line per offered line
    auto const& om = offer.media.front();
    auto const& am = answer.media.front();
    if (am.port == 0)
        return errc::no_audio;
    bool savp = false;
    if (!iequals(am.media, "audio") || !rtp_proto(am.proto, savp))
        return errc::bad_answer;

    negotiated_audio n;
    auto const answered = am.cryptos();
    if (!answered.empty()) {
        auto const& c = answered.front();
        auto const offered = om.cryptos();
        auto const mine = std::find_if(offered.begin(), offered.end(),
                                       [&](auto const& o) { return o.tag == c.tag && iequals(o.suite, c.suite); });
        auto const suite = rtp::parse_crypto_suite(c.suite);
        if (mine == offered.end() || !suite)
            return errc::bad_answer;
        auto theirs = key_of(c, *suite);
        if (!theirs)
            return theirs.error();
        auto ours = our_key(*suite);
        if (!ours)
            return ours.error();
        n.send_key = *ours;
        n.receive_key = *theirs;
    } else if (savp || options_.srtp == srtp_policy::mandatory) {
        return errc::srtp_required;
    }

    detail::known_codec const* codec = nullptr;
    std::optional<detail::format_info> format, offered;
    bool unoffered = false;
    for (auto const& fmt : am.formats) {
        auto const f = detail::format_of(am, fmt);
        if (!f || iequals(f->name, detail::telephone_event_name) || iequals(f->name, "CN"))
            continue;
        auto const* c = detail::find_codec(f->name);
        auto const o = c ? detail::find_format(om, c->name, f->clock) : std::nullopt;
        if (!o) {
            unoffered = true; // RFC 3264 §6.1: an answer lists only offered formats
            continue;
        }
        codec = c;
        format = f;
        offered = o;
        break;
    }
    if (!codec)
        return unoffered ? errc::bad_answer : errc::no_common_codec;
    auto const* conn = am.effective_connection(answer);
    if (!conn)
        return errc::bad_sdp;

    auto const fmtp = am.fmtp_for(format->pt);
    n.codec = {std::string{codec->name}, codec->clock, static_cast<std::uint8_t>(format->pt),
               static_cast<std::uint8_t>(offered->pt), fmtp ? fmtp->parameters : std::string{}};
    auto const te_theirs = detail::find_format(am, detail::telephone_event_name, codec->clock);
    auto const te_ours = detail::find_format(om, detail::telephone_event_name, codec->clock);
    if (te_theirs && te_ours) {
        n.send_telephone_event = static_cast<std::uint8_t>(te_theirs->pt);
        n.receive_telephone_event = static_cast<std::uint8_t>(te_ours->pt);
    }
    n.remote = {bare_address(conn->address), am.port};
    bool const null_remote = null_address(n.remote.address);
    n.rtcp_mux = om.rtcp_mux() && am.rtcp_mux();
    auto const rtcp = am.rtcp_attribute();
    n.remote_rtcp_port = n.rtcp_mux ? am.port : rtcp ? rtcp->port : static_cast<std::uint16_t>(am.port + 1);
    auto const mine = om.effective_direction(offer);
    auto const theirs = am.effective_direction(answer);
    n.direction = direction_of(receives(theirs) && sends(mine) && !null_remote, sends(theirs) && receives(mine));
    n.remote_hold = null_remote || (!receives(theirs) && sends(mine));
    n.ptime_ms = ptime_for(codec->name, am.ptime(), am.maxptime(), options_.ptime_ms);
    return n;
}

} // namespace rvoip::session
