#pragma once
// Character classes and numbers of the SDP grammar (RFC 8866 §9), shared by parse_sdp.cpp and
// sdp_attributes.cpp. Private: include only from .cpp files.

#include "x3_support.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace rvoip::sip::detail {

constexpr auto u16_max = std::numeric_limits<std::uint16_t>::max();
constexpr auto u32_max = std::numeric_limits<std::uint32_t>::max();
constexpr auto u64_max = std::numeric_limits<std::uint64_t>::max();

inline std::string str(std::string_view v)
{
    return std::string(v);
}

constexpr bool sdp_is_vchar(char c) noexcept
{
    auto const u = static_cast<unsigned char>(c);
    return (u >= 0x21 && u <= 0x7E) || u >= 0x80;
}

/// token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
constexpr bool sdp_is_token_char(char c) noexcept
{
    auto const u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D ||
           u == 0x2E || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
           (u >= 0x5E && u <= 0x7E);
}

constexpr bool sdp_is_token(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!sdp_is_token_char(c))
            return false;
    return true;
}

/// byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): any byte but NUL, CR and LF.
constexpr bool sdp_is_text_char(char c) noexcept
{
    return c != '\0' && c != '\r' && c != '\n';
}

constexpr bool sdp_is_text(std::string_view s) noexcept
{
    for (char c : s)
        if (!sdp_is_text_char(c))
            return false;
    return true;
}

inline auto const sdp_token = +char_if([](char c) { return sdp_is_token_char(c); });
inline auto const sdp_non_ws = +char_if([](char c) { return sdp_is_vchar(c); });
inline auto const sdp_digits = +char_if([](char c) { return is_digit(c); });
/// RFC 8866 separates fields by one SP; peers are seen with runs of blanks, so accept those.
inline auto const sdp_sp = +char_if([](char c) { return is_wsp(c); });
inline auto const sdp_trailing = *char_if([](char c) { return is_wsp(c); });

/// Reads a decimal number no larger than `max`.
template<class T> bool sdp_number(std::string_view digits_text, std::uint64_t max, T& out) noexcept
{
    std::uint64_t v = 0;
    if (!parse_uint(digits_text, max, v))
        return false;
    out = static_cast<T>(v);
    return true;
}

} // namespace rvoip::sip::detail
