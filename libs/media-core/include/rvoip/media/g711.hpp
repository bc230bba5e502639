#pragma once
// G.711 (ITU-T G.711, 11/88): the mu-law and A-law companding laws and the PCMU/PCMA codecs
// (RFC 3551 §4.5.14, static payload types 0 and 8) with pitch_plc concealment.

#include <rvoip/media/codec.hpp>
#include <rvoip/media/pitch_plc.hpp>

#include <cstdint>

namespace rvoip::media {

/// G.711 Table 2a (mu-law): the 16-bit linear value a code decodes to. The code is sent
/// inverted; the 8 segments have a 14-bit magnitude with bias 33 (in 16-bit units: 132).
constexpr std::int16_t ulaw_to_linear(std::uint8_t code) noexcept
{
    int const u = ~code & 0xFF;
    int const exponent = (u >> 4) & 0x07;
    int const magnitude = (((u & 0x0F) << 3) + 0x84) << exponent;
    return static_cast<std::int16_t>((u & 0x80) ? (0x84 - magnitude) : (magnitude - 0x84));
}

/// G.711 mu-law encoding of a 16-bit linear sample (the 14 most significant bits are used,
/// magnitudes above 8158 in 14-bit units clip to the last code).
constexpr std::uint8_t linear_to_ulaw(std::int16_t sample) noexcept
{
    int pcm = sample >> 2;
    int mask = 0xFF;
    if (pcm < 0) {
        pcm = -pcm;
        mask = 0x7F;
    }
    if (pcm > 8159)
        pcm = 8159;
    pcm += 0x84 >> 2;
    int segment = 0;
    for (int end = 0x3F; segment < 8 && pcm > end; end = (end << 1) | 1)
        ++segment;
    if (segment >= 8)
        return static_cast<std::uint8_t>(0x7F ^ mask);
    int const code = (segment << 4) | ((pcm >> (segment + 1)) & 0x0F);
    return static_cast<std::uint8_t>(code ^ mask);
}

/// G.711 Table 1a (A-law): the 16-bit linear value a code decodes to (even bits inverted, the
/// 0x55 mask of G.711 §2).
constexpr std::int16_t alaw_to_linear(std::uint8_t code) noexcept
{
    int const a = code ^ 0x55;
    int magnitude = (a & 0x0F) << 4;
    int const segment = (a & 0x70) >> 4;
    if (segment == 0)
        magnitude += 8;
    else
        magnitude = (magnitude + 0x108) << (segment - 1);
    return static_cast<std::int16_t>((a & 0x80) ? magnitude : -magnitude);
}

/// G.711 A-law encoding of a 16-bit linear sample (the 13 most significant bits are used).
constexpr std::uint8_t linear_to_alaw(std::int16_t sample) noexcept
{
    int pcm = sample >> 3;
    int mask = 0xD5;
    if (pcm < 0) {
        mask = 0x55;
        pcm = -pcm - 1;
    }
    int segment = 0;
    for (int end = 0x1F; segment < 8 && pcm > end; end = (end << 1) | 1)
        ++segment;
    if (segment >= 8)
        return static_cast<std::uint8_t>(0x7F ^ mask);
    int code = segment << 4;
    code |= (segment < 2) ? ((pcm >> 1) & 0x0F) : ((pcm >> segment) & 0x0F);
    return static_cast<std::uint8_t>(code ^ mask);
}

/// Which G.711 law a g711_codec speaks.
enum class g711_law
{
    ulaw, // PCMU, payload type 0 (North America, Japan)
    alaw, // PCMA, payload type 8 (elsewhere)
};

/// PCMU or PCMA at 8000 Hz, one byte per sample, any ptime of 10-60 ms in 10 ms steps.
/// Lost packets are concealed by pitch_plc (G.711 Appendix I style pitch repetition).
class g711_codec final : public codec
{
public:
    explicit g711_codec(g711_law law);

    std::string_view encoding_name() const noexcept override;
    int sample_rate() const noexcept override { return 8000; }
    int rtp_clock_rate() const noexcept override { return 8000; }
    std::optional<std::uint8_t> static_payload_type() const noexcept override;
    std::size_t max_payload_size(std::size_t samples) const noexcept override { return samples; }

    result<std::size_t> encode(std::span<std::int16_t const> pcm,
                               std::span<std::uint8_t> out) override;
    result<std::size_t> decode(std::span<std::uint8_t const> payload,
                               std::span<std::int16_t> out) override;
    std::size_t conceal(std::span<std::int16_t> out) override;

private:
    g711_law law_;
    pitch_plc plc_;
};

} // namespace rvoip::media
