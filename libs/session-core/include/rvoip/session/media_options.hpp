#pragma once
// What a call's media may be: codecs in preference order, packet time, DTMF, bandwidth,
// RTCP multiplexing, SRTP policy and custom SDP attributes. The offer/answer engine turns it
// into SDP; the media path runs what was negotiated.

#include <rvoip/media/audio_processor.hpp>
#include <rvoip/rtp/srtp_key.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace rvoip::session {

/// SDES-SRTP (RFC 4568) policy of a call.
enum class srtp_policy : std::uint8_t
{
    off,       ///< RTP/AVP without a=crypto; an offer of RTP/SAVP only is refused (488)
    optional,  ///< RTP/AVP with a=crypto: SRTP when the peer answers with a key, else RTP
    mandatory, ///< RTP/SAVP: a peer without SRTP fails the call (errc::srtp_required)
};

/// A custom attribute put on the audio m-line of every offer and answer ("a=name:value", or
/// "a=name" when value is empty).
struct sdp_attribute
{
    std::string name;
    std::string value;
};

struct media_options
{
    /// Encoding names in preference order, from media::supported_codecs ("opus", "G722",
    /// "PCMU", "PCMA"). Offers list them in this order; an answer picks the first of them the
    /// offer has.
    std::vector<std::string> codecs{"opus", "G722", "PCMU", "PCMA"};
    /// Offer RFC 4733 telephone-event (at each clock rate of the offered codecs) and send DTMF
    /// with it when the peer takes it; else DTMF goes by SIP INFO.
    bool telephone_event = true;
    /// The packet time we ask to receive (a=ptime) and send with when the peer does not ask.
    int ptime_ms = 20;
    /// a=maxptime; 0: not sent.
    int maxptime_ms = 0;
    /// b=AS (kbit/s) and b=TIAS (bit/s) of the audio stream, and Opus's maxaveragebitrate to
    /// fit; 0: none.
    std::uint32_t max_bandwidth_kbps = 0;
    /// Offer RTCP multiplexed on the RTP port (RFC 5761); answered as the peer offers.
    bool rtcp_mux = true;
    srtp_policy srtp = srtp_policy::off;
    /// SRTP suites in preference order (each offered with its own key).
    std::vector<rtp::crypto_suite> srtp_suites{rtp::crypto_suite::aes_cm_128_hmac_sha1_80,
                                               rtp::crypto_suite::aes_cm_128_hmac_sha1_32,
                                               rtp::crypto_suite::aead_aes_128_gcm};
    std::vector<sdp_attribute> custom_attributes;
    /// The capture-side DSP of each call (echo cancellation, noise suppression, AGC, VAD).
    media::audio_processing_options processing{};
};

} // namespace rvoip::session
