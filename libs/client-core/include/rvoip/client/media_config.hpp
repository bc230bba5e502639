#pragma once
// How a client's calls carry audio: codecs in SDP order, DTMF, the capture DSP, bandwidth,
// SRTP, RTP ports, packet time and custom SDP attributes (the crate's MediaConfig), with a
// builder and five presets that are each a real set of settings.

#include <rvoip/client/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rvoip::client {

/// SDES-SRTP (RFC 4568) policy of calls.
enum class srtp_mode : std::uint8_t
{
    off,       ///< plain RTP (RTP/AVP); offers with SRTP only are refused
    optional,  ///< offer RTP/AVP with keys: SRTP when the peer takes it
    mandatory, ///< RTP/SAVP only: a peer without SRTP fails the call
};

/// SRTP crypto suites (RFC 4568 §6.2, RFC 7714).
enum class srtp_profile : std::uint8_t
{
    aes_cm_128_hmac_sha1_80,
    aes_cm_128_hmac_sha1_32,
    aead_aes_128_gcm,
};

/// Ready-made media settings.
enum class media_preset : std::uint8_t
{
    voice,         ///< Opus, G.722, PCMU, PCMA; 20 ms; echo cancellation and noise suppression
    music,         ///< Opus first at 128 kbit/s, G.722; no DSP (it would colour the signal)
    low_bandwidth, ///< Opus capped at 24 kbit/s, then PCMU; 40 ms packets
    secure,        ///< as voice, with SRTP mandatory
    legacy,        ///< PCMU, PCMA only; no RTCP multiplexing; plain RTP (old PBXs and gateways)
};

struct media_config
{
    /// SDP encoding names in preference order: the offer lists them in this order.
    std::vector<std::string> preferred_codecs{"opus", "G722", "PCMU", "PCMA"};
    /// RFC 4733 telephone-event offered (DTMF in RTP; else SIP INFO).
    bool dtmf_enabled = true;
    bool echo_cancellation = false;
    bool noise_suppression = false;
    bool auto_gain_control = false;
    bool voice_activity_detection = false;
    /// b=AS / b=TIAS and Opus maxaveragebitrate (kbit/s); none when unset.
    std::optional<std::uint32_t> max_bandwidth_kbps;
    srtp_mode srtp = srtp_mode::off;
    /// In preference order; empty: all three.
    std::vector<srtp_profile> srtp_profiles;
    /// RTP ports (an even one per call and the next odd one for RTCP).
    std::uint16_t rtp_port_start = 16384;
    std::uint16_t rtp_port_end = 32767;
    /// a=ptime asked for (10-120 ms).
    int preferred_ptime = 20;
    /// RFC 5761 rtcp-mux offered.
    bool rtcp_mux = true;
    /// Extra a= lines on the audio m-line of every offer and answer (name, value; "" for a flag).
    std::vector<std::pair<std::string, std::string>> custom_sdp_attributes;

    /// The settings of `preset`.
    static media_config preset(media_preset preset);
    /// Whether SRTP is required (srtp == mandatory).
    bool require_srtp() const noexcept { return srtp == srtp_mode::mandatory; }
    /// Checks every field; the error names the field and says what to use instead.
    result<void> validate() const;
};

/// Builds a media_config fluently; build() validates it.
class media_config_builder
{
public:
    media_config_builder() = default;
    explicit media_config_builder(media_preset p) : config_(media_config::preset(p)) {}

    media_config_builder& preferred_codecs(std::vector<std::string> codecs)
    {
        config_.preferred_codecs = std::move(codecs);
        return *this;
    }
    media_config_builder& dtmf_enabled(bool on)
    {
        config_.dtmf_enabled = on;
        return *this;
    }
    media_config_builder& echo_cancellation(bool on)
    {
        config_.echo_cancellation = on;
        return *this;
    }
    media_config_builder& noise_suppression(bool on)
    {
        config_.noise_suppression = on;
        return *this;
    }
    media_config_builder& auto_gain_control(bool on)
    {
        config_.auto_gain_control = on;
        return *this;
    }
    /// Echo cancellation, noise suppression and AGC at once.
    media_config_builder& audio_processing(bool on)
    {
        config_.echo_cancellation = config_.noise_suppression = config_.auto_gain_control = on;
        return *this;
    }
    media_config_builder& max_bandwidth_kbps(std::uint32_t kbps)
    {
        config_.max_bandwidth_kbps = kbps;
        return *this;
    }
    /// true: mandatory SRTP; false: off.
    media_config_builder& require_srtp(bool on)
    {
        config_.srtp = on ? srtp_mode::mandatory : srtp_mode::off;
        return *this;
    }
    media_config_builder& srtp(srtp_mode mode)
    {
        config_.srtp = mode;
        return *this;
    }
    media_config_builder& srtp_profiles(std::vector<srtp_profile> profiles)
    {
        config_.srtp_profiles = std::move(profiles);
        return *this;
    }
    media_config_builder& rtp_ports(std::uint16_t start, std::uint16_t end)
    {
        config_.rtp_port_start = start;
        config_.rtp_port_end = end;
        return *this;
    }
    media_config_builder& preferred_ptime(int ms)
    {
        config_.preferred_ptime = ms;
        return *this;
    }
    media_config_builder& rtcp_mux(bool on)
    {
        config_.rtcp_mux = on;
        return *this;
    }
    media_config_builder& custom_sdp_attribute(std::string name, std::string value = {})
    {
        config_.custom_sdp_attributes.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    /// The configuration, or errc::bad_configuration naming the bad field.
    result<media_config> try_build() const;
    /// As try_build(), throwing the error.
    media_config build() const { return try_build().value(); }

private:
    media_config config_;
};

} // namespace rvoip::client
