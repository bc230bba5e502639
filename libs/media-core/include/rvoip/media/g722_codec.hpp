#pragma once
// G.722 at 64 kbit/s (RFC 3551 §4.5.2, static payload type 9) through spandsp's encoder and
// decoder: 16 kHz audio, but an 8000 Hz RTP clock and "G722/8000" in SDP, an error kept in
// RFC 3551 for compatibility. Lost packets are concealed by pitch_plc at 16 kHz.

#include <rvoip/media/codec.hpp>
#include <rvoip/media/pitch_plc.hpp>

#include <memory>

namespace rvoip::media {

/// G.722 64 kbit/s: one byte per two 16 kHz samples, ptime 10-60 ms.
class g722_codec final : public codec
{
public:
    g722_codec();
    ~g722_codec() override;
    g722_codec(g722_codec&&) noexcept;
    g722_codec& operator=(g722_codec&&) noexcept;

    std::string_view encoding_name() const noexcept override { return "G722"; }
    int sample_rate() const noexcept override { return 16000; }
    int rtp_clock_rate() const noexcept override { return 8000; } // RFC 3551 §4.5.2
    std::optional<std::uint8_t> static_payload_type() const noexcept override { return 9; }
    std::size_t max_payload_size(std::size_t samples) const noexcept override
    {
        return samples / 2;
    }

    result<std::size_t> encode(std::span<std::int16_t const> pcm,
                               std::span<std::uint8_t> out) override;
    result<std::size_t> decode(std::span<std::uint8_t const> payload,
                               std::span<std::int16_t> out) override;
    std::size_t conceal(std::span<std::int16_t> out) override;

private:
    struct state;
    std::unique_ptr<state> state_;
    pitch_plc plc_;
};

} // namespace rvoip::media
