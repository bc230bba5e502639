#pragma once
// What a call's media measured: the quality samples taken every few seconds (G.107 E-model from
// the measured loss, burst loss, jitter, jitter-buffer delay and round-trip time) and the
// counters of its stream.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace rvoip::session {

/// One quality estimate of the audio we receive, over the interval since the previous one.
struct quality_sample
{
    std::chrono::milliseconds at{0}; ///< since the media started
    double loss_pct = 0;       ///< packets lost or discarded late by the jitter buffer, %
    double burst_ratio = 1;    ///< G.113 BurstR of those losses (1: random)
    double jitter_ms = 0;      ///< interarrival jitter (RFC 3550 A.8)
    double jitter_buffer_ms = 0; ///< the playout delay the jitter buffer applies
    double rtt_ms = 0;         ///< round trip from RTCP report blocks (0 until measured)
    double r_factor = 0;       ///< G.107 transmission rating
    double mos = 0;            ///< G.107 Annex B estimate, 1-4.5
    std::uint64_t packets_expected = 0; ///< in the interval
    std::uint64_t packets_lost = 0;     ///< in the interval (with late discards)
    /// The peer's own estimate, from the VoIP metrics block of its RTCP XR (RFC 3611 §4.7).
    std::optional<double> remote_mos;
};

/// DTMF paths (RFC 4733 events, SIP INFO application/dtmf-relay, tones heard in the audio).
enum class dtmf_path : std::uint8_t
{
    rfc4733,
    sip_info,
    inband,
};

/// Counters of a call's audio stream.
struct media_statistics
{
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    std::int64_t packets_lost = 0;   ///< RFC 3550 A.3 cumulative
    std::uint64_t late_discarded = 0; ///< arrived after their playout time
    std::uint64_t frames_concealed = 0;
    std::uint64_t dtmf_sent = 0;
    std::uint64_t dtmf_received = 0;
    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t unknown_payload = 0; ///< RTP with a payload type the call did not negotiate
    std::uint64_t wrong_source = 0;    ///< RTP from an address other than the peer's: dropped
    std::uint64_t srtp_auth_failures = 0;
    std::uint64_t malformed = 0;
    double jitter_ms = 0;
    std::optional<double> rtt_ms;
};

/// The whole history of a call's quality, for the end-of-call report.
struct call_report
{
    std::vector<quality_sample> samples;
    /// Over the whole call: cumulative loss, last jitter/RTT, and the rating from them.
    quality_sample overall;
    media_statistics media;
};

} // namespace rvoip::session
