#include <rvoip/media/telephone_event.hpp>

namespace rvoip::media {
namespace {
constexpr std::string_view digits = "0123456789*#ABCD";
}

result<std::array<std::uint8_t, 4>> serialize(telephone_event const& e)
{
    if (e.volume > 63)
        return errc::bad_argument;
    return std::array<std::uint8_t, 4>{
        e.event, static_cast<std::uint8_t>((e.end ? 0x80 : 0x00) | e.volume),
        static_cast<std::uint8_t>(e.duration >> 8), static_cast<std::uint8_t>(e.duration & 0xFF)};
}

result<telephone_event> parse_telephone_event(std::span<std::uint8_t const> payload)
{
    if (payload.size() < 4)
        return errc::bad_payload;
    telephone_event e;
    e.event = payload[0];
    e.end = (payload[1] & 0x80) != 0;
    e.volume = payload[1] & 0x3F;
    e.duration = static_cast<std::uint16_t>((payload[2] << 8) | payload[3]);
    return e;
}

std::optional<std::uint8_t> dtmf_event_code(char digit) noexcept
{
    if (digit >= 'a' && digit <= 'd')
        digit = static_cast<char>(digit - 'a' + 'A');
    auto const pos = digits.find(digit);
    if (pos == std::string_view::npos)
        return {};
    return static_cast<std::uint8_t>(pos);
}

std::optional<char> dtmf_digit(std::uint8_t event) noexcept
{
    if (event >= digits.size())
        return {};
    return digits[event];
}

} // namespace rvoip::media
