#pragma once
// Character classes and small text helpers shared by the sip-core sources (RFC 3261 §25.1).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rvoip::sip::detail {

constexpr char to_lower(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i]))
            return false;
    return true;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
constexpr bool is_hex(char c) noexcept
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
constexpr bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }

/// token characters of RFC 3261 §25.1: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" /
/// "`" / "'" / "~"
constexpr bool is_token_char(char c) noexcept
{
    switch (c) {
    case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'':
    case '~':
        return true;
    default:
        return is_alnum(c);
    }
}

/// is_token_char as a table, for the hot loops of the message indexer.
struct token_table
{
    bool value[256] = {};
    constexpr token_table()
    {
        for (int c = 0; c < 256; ++c)
            value[c] = is_token_char(static_cast<char>(c));
    }
};
inline constexpr token_table token_chars{};

constexpr bool is_token_byte(char c) noexcept
{
    return token_chars.value[static_cast<unsigned char>(c)];
}

constexpr bool is_token(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!is_token_byte(c))
            return false;
    return true;
}

constexpr int hex_value(char c) noexcept
{
    if (is_digit(c))
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/// Strips SP, HTAB, CR and LF from both ends (LWS, including a fold).
constexpr std::string_view trim_lws(std::string_view s) noexcept
{
    std::size_t b = 0, e = s.size();
    while (b < e && (is_wsp(s[b]) || s[b] == '\r' || s[b] == '\n'))
        ++b;
    while (e > b && (is_wsp(s[e - 1]) || s[e - 1] == '\r' || s[e - 1] == '\n'))
        --e;
    return s.substr(b, e - b);
}

/// Parses an unsigned decimal number that fits `max`; false on empty, non-digit or overflow.
constexpr bool parse_uint(std::string_view s, std::uint64_t max, std::uint64_t& out) noexcept
{
    if (s.empty() || s.size() > 20)
        return false;
    std::uint64_t v = 0;
    if (s.size() < 20) {
        // Nineteen digits cannot overflow 64 bits: one multiply-add per digit, the limit
        // checked once (ports, CSeq numbers and lengths are in every message).
        for (char c : s) {
            if (!is_digit(c))
                return false;
            v = v * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (v > max)
            return false;
        out = v;
        return true;
    }
    for (char c : s) {
        if (!is_digit(c))
            return false;
        if (v > (max - static_cast<std::uint64_t>(c - '0')) / 10)
            return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}

/// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet (RFC 3986 §3.2.2:
/// 0-255, no leading zeros beyond a single "0").
constexpr bool is_ipv4(std::string_view s) noexcept
{
    int octets = 0;
    std::size_t i = 0;
    while (octets < 4) {
        std::size_t const begin = i;
        unsigned value = 0;
        while (i < s.size() && is_digit(s[i]) && i - begin < 3)
            value = value * 10 + static_cast<unsigned>(s[i++] - '0');
        std::size_t const len = i - begin;
        if (len == 0 || value > 255 || (len > 1 && s[begin] == '0'))
            return false;
        ++octets;
        if (octets < 4) {
            if (i >= s.size() || s[i] != '.')
                return false;
            ++i;
        }
    }
    return i == s.size();
}

/// port = 1*DIGIT within 0..65535; false otherwise.
constexpr bool parse_port(std::string_view digits, std::uint16_t& port) noexcept
{
    std::uint64_t v = 0;
    if (!parse_uint(digits, 65535, v))
        return false;
    port = static_cast<std::uint16_t>(v);
    return true;
}

/// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 3261 §25.1), in thousandths;
/// -1 when `v` is not a qvalue.
constexpr int parse_qvalue(std::string_view v) noexcept
{
    if (v.empty() || (v[0] != '0' && v[0] != '1') || v.size() > 5)
        return -1;
    int thousandths = (v[0] - '0') * 1000;
    if (v.size() > 1) {
        if (v[1] != '.')
            return -1;
        int scale = 100;
        for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
            if (!is_digit(v[i]))
                return -1;
            thousandths += (v[i] - '0') * scale;
        }
    }
    return thousandths > 1000 ? -1 : thousandths;
}

} // namespace rvoip::sip::detail
