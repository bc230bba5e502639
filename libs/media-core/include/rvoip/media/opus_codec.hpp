#pragma once
// Opus (RFC 6716) through libopus, with the RTP payload format of RFC 7587: 48 kHz RTP clock,
// "opus/48000/2" in a=rtpmap, the fmtp parameters useinbandfec, usedtx and maxaveragebitrate,
// in-band FEC to rebuild a lost packet from the next one, and libopus's own concealment.

#include <rvoip/media/codec.hpp>

#include <memory>
#include <string_view>

namespace rvoip::media {

/// How an Opus encoder is configured; the fmtp line says the same to the peer.
struct opus_options
{
    int max_average_bitrate = 32000; // bit/s, from the configured bandwidth (RFC 7587 §6.1)
    bool use_inband_fec = true;      // encode LBRR data so that the peer can repair one loss
    bool use_dtx = false;            // discontinuous transmission in silence
    int expected_loss_pct = 10;      // how much redundancy FEC spends (OPUS_SET_PACKET_LOSS_PERC)
    int complexity = 5;              // 0-10; 5 keeps a call well under 1% of a core
};

/// Applies a peer's a=fmtp parameters (RFC 7587 §6.1) to `options`: maxaveragebitrate caps the
/// bitrate (6000-510000), useinbandfec and usedtx say what its decoder can use. Unknown
/// parameters are ignored; errc::bad_argument for a malformed known one.
result<opus_options> apply_opus_fmtp(opus_options options, std::string_view fmtp);

/// Opus, mono at 48 kHz, packet times of 10, 20, 40 or 60 ms.
class opus_codec final : public codec
{
public:
    /// errc::codec_failure when libopus cannot create its encoder or decoder; bad_argument for
    /// an option out of range.
    static result<opus_codec> create(opus_options const& options = {});

    ~opus_codec() override;
    opus_codec(opus_codec&&) noexcept;
    opus_codec& operator=(opus_codec&&) noexcept;

    std::string_view encoding_name() const noexcept override { return "opus"; }
    int sample_rate() const noexcept override { return 48000; }
    int rtp_clock_rate() const noexcept override { return 48000; }
    int rtpmap_channels() const noexcept override { return 2; } // RFC 7587 §7
    std::optional<std::uint8_t> static_payload_type() const noexcept override { return {}; }
    std::string fmtp() const override;
    std::size_t max_payload_size(std::size_t samples) const noexcept override;
    bool supports_ptime(int ptime_ms) const noexcept override;

    /// With usedtx, a payload of 2 bytes or less is a DTX frame the caller need not send.
    result<std::size_t> encode(std::span<std::int16_t const> pcm,
                               std::span<std::uint8_t> out) override;
    result<std::size_t> decode(std::span<std::uint8_t const> payload,
                               std::span<std::int16_t> out) override;
    /// libopus's concealment (a decode with no data).
    std::size_t conceal(std::span<std::int16_t> out) override;
    /// Decodes the FEC data of `next_payload` (decode_fec=1) into the lost frame `out`.
    result<std::size_t> recover(std::span<std::uint8_t const> next_payload,
                                std::span<std::int16_t> out) override;

    opus_options const& options() const noexcept { return options_; }

private:
    struct state;
    opus_codec(std::unique_ptr<state> s, opus_options const& options);

    std::unique_ptr<state> state_;
    opus_options options_;
};

} // namespace rvoip::media
