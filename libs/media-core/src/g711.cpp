#include <rvoip/media/g711.hpp>

#include <array>

namespace rvoip::media {
namespace {

// Decoding through a table: 256 entries built at compile time from the G.711 rules above.
template<std::int16_t (*Decode)(std::uint8_t) noexcept>
constexpr std::array<std::int16_t, 256> make_table()
{
    std::array<std::int16_t, 256> t{};
    for (int i = 0; i < 256; ++i)
        t[static_cast<std::size_t>(i)] = Decode(static_cast<std::uint8_t>(i));
    return t;
}

constexpr auto ulaw_table = make_table<ulaw_to_linear>();
constexpr auto alaw_table = make_table<alaw_to_linear>();

// Encoding through a table too: mu-law uses the top 14 bits of a sample and A-law the top 13,
// so 16384 and 8192 entries (24 KB, cache-resident) replace the segment search per sample.
constexpr std::array<std::uint8_t, 16384> make_ulaw_encoder()
{
    std::array<std::uint8_t, 16384> t{};
    for (int i = 0; i < 16384; ++i)
        t[static_cast<std::size_t>(i)] =
            linear_to_ulaw(static_cast<std::int16_t>((i < 8192 ? i : i - 16384) * 4));
    return t;
}

constexpr std::array<std::uint8_t, 8192> make_alaw_encoder()
{
    std::array<std::uint8_t, 8192> t{};
    for (int i = 0; i < 8192; ++i)
        t[static_cast<std::size_t>(i)] =
            linear_to_alaw(static_cast<std::int16_t>((i < 4096 ? i : i - 8192) * 8));
    return t;
}

constexpr auto ulaw_encoder = make_ulaw_encoder();
constexpr auto alaw_encoder = make_alaw_encoder();

} // namespace

g711_codec::g711_codec(g711_law law) : law_(law), plc_(8000) {}

std::string_view g711_codec::encoding_name() const noexcept
{
    return law_ == g711_law::ulaw ? "PCMU" : "PCMA";
}

std::optional<std::uint8_t> g711_codec::static_payload_type() const noexcept
{
    return static_cast<std::uint8_t>(law_ == g711_law::ulaw ? 0 : 8);
}

result<std::size_t> g711_codec::encode(std::span<std::int16_t const> pcm,
                                       std::span<std::uint8_t> out)
{
    if (pcm.empty() || pcm.size() % 80 != 0)
        return errc::bad_frame_size;
    if (out.size() < pcm.size())
        return errc::buffer_too_small;
    // The low bits linear_to_ulaw/alaw drop do not change the code, so the table index is
    // the sample's top bits as an unsigned (two's complement) number.
    if (law_ == g711_law::ulaw)
        for (std::size_t i = 0; i < pcm.size(); ++i)
            out[i] = ulaw_encoder[static_cast<std::uint16_t>(pcm[i]) >> 2];
    else
        for (std::size_t i = 0; i < pcm.size(); ++i)
            out[i] = alaw_encoder[static_cast<std::uint16_t>(pcm[i]) >> 3];
    return pcm.size();
}

result<std::size_t> g711_codec::decode(std::span<std::uint8_t const> payload,
                                       std::span<std::int16_t> out)
{
    if (payload.empty())
        return errc::bad_payload;
    if (out.size() < payload.size())
        return errc::buffer_too_small;
    auto const& table = law_ == g711_law::ulaw ? ulaw_table : alaw_table;
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[i] = table[payload[i]];
    plc_.good_frame(out.first(payload.size()));
    return payload.size();
}

std::size_t g711_codec::conceal(std::span<std::int16_t> out)
{
    plc_.conceal(out);
    return out.size();
}

} // namespace rvoip::media
