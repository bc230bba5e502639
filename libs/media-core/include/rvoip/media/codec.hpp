#pragma once
// The one interface every audio codec implements: 16-bit mono PCM frames in and out, frame
// sizes for a packet time, the audio and RTP clock rates, SDP rtpmap/fmtp text, and loss
// concealment (RFC 3551 §4.5, RFC 7587).

#include <rvoip/media/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rvoip::media {

/// Packet times a stream may use (RFC 3551 §4.5: 10-60 ms covers every codec here).
inline constexpr int min_ptime_ms = 10;
inline constexpr int max_ptime_ms = 60;

/// A stateful encoder/decoder pair for one direction pair of one RTP stream. Not thread-safe:
/// one stream owns it. Every frame is mono 16-bit PCM at `sample_rate()`.
class codec
{
public:
    virtual ~codec() = default;

    /// The RTP encoding name as it appears in a=rtpmap ("PCMU", "G722", "opus").
    virtual std::string_view encoding_name() const noexcept = 0;
    /// The sample rate of the PCM this codec takes and returns, in Hz.
    virtual int sample_rate() const noexcept = 0;
    /// The RTP timestamp clock rate, which may differ from the sample rate (G.722: 8000,
    /// RFC 3551 §4.5.2).
    virtual int rtp_clock_rate() const noexcept = 0;
    /// The channel count written in a=rtpmap (Opus always says 2, RFC 7587 §7); 1 otherwise.
    virtual int rtpmap_channels() const noexcept { return 1; }
    /// The static RTP payload type of RFC 3551 Table 4, or nothing for a dynamic one.
    virtual std::optional<std::uint8_t> static_payload_type() const noexcept = 0;
    /// The a=fmtp parameters (without "a=fmtp:PT "), empty when the codec has none.
    virtual std::string fmtp() const { return {}; }
    /// The largest payload encode() can produce for `samples` PCM samples.
    virtual std::size_t max_payload_size(std::size_t samples) const noexcept = 0;
    /// Whether a packet time of `ptime_ms` (already within 10-60 ms) is one frame size the
    /// codec can encode; by default every multiple of 10 ms.
    virtual bool supports_ptime(int ptime_ms) const noexcept { return ptime_ms % 10 == 0; }

    /// Encodes one frame of `pcm` (its length must be frame_samples() of a supported ptime) into
    /// `out`; returns the payload length. Errors: bad_frame_size, buffer_too_small,
    /// codec_failure.
    virtual result<std::size_t> encode(std::span<std::int16_t const> pcm,
                                       std::span<std::uint8_t> out) = 0;

    /// Decodes one payload into `out`; returns the number of samples written. Errors:
    /// bad_payload, buffer_too_small, codec_failure.
    virtual result<std::size_t> decode(std::span<std::uint8_t const> payload,
                                       std::span<std::int16_t> out) = 0;

    /// Fills `out` (a whole frame) with a concealment of a lost packet and keeps the decoder
    /// state consistent for the packet that follows. Returns the samples written.
    virtual std::size_t conceal(std::span<std::int16_t> out) = 0;

    /// Repairs a lost packet using the packet that follows it (Opus in-band FEC, RFC 7587
    /// §3.3); codecs without FEC conceal. `out` is the lost frame's length. The next packet
    /// must still be passed to decode() afterwards.
    virtual result<std::size_t> recover(std::span<std::uint8_t const> next_payload,
                                        std::span<std::int16_t> out)
    {
        (void)next_payload;
        return conceal(out);
    }

    /// The number of PCM samples in a frame of `ptime_ms`; errc::bad_ptime outside 10-60 ms or
    /// when supports_ptime() says no.
    result<std::size_t> frame_samples(int ptime_ms) const noexcept;

    /// The RTP timestamp increment of a frame of `samples` PCM samples.
    std::uint32_t rtp_timestamp_step(std::size_t samples) const noexcept;

    /// "PCMU/8000", "opus/48000/2": the a=rtpmap text after the payload type.
    std::string rtpmap() const;
};

} // namespace rvoip::media
