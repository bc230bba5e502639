#pragma once
// Grammar pieces shared by the typed header parsers (RFC 3261 §25.1 and extensions): the
// separators with their optional whitespace, generic-param, delta-seconds. Private: include only
// from .cpp files.

#include "x3_support.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::sip::detail {

// EQUAL = SWS "=" SWS; SEMI = SWS ";" SWS; COMMA = SWS "," SWS; SLASH = SWS "/" SWS.
inline auto const equal = sws >> lit('=') >> sws;
inline auto const semi = sws >> lit(';') >> sws;
inline auto const comma = sws >> lit(',') >> sws;
inline auto const slash = sws >> lit('/') >> sws;

/// IPv6reference, loosely: "[" hex digits, colons and dots "]"; parse_uri() is the strict one.
inline auto const ipv6_reference =
    lit('[') >> +char_if([](char c) { return is_hex(c) || c == ':' || c == '.'; }) >> lit(']');

/// gen-value = token / host / quoted-string
inline auto const gen_value = quoted_string | ipv6_reference | token;
/// generic-param = token [ EQUAL gen-value ]
inline auto const generic_param = token >> -(equal >> gen_value);
/// *( SEMI generic-param ): capture with raw[] and read with param_list(text, ';').
inline auto const generic_params = *(semi >> generic_param);

/// comment = LPAREN *( ctext / quoted-pair / comment ) RPAREN, where ctext is any byte but
/// "(", ")", "\\" and controls (LWS and UTF-8 included). Scanned iteratively with a nesting
/// bound rather than by a recursive rule, so a hostile "((((..." cannot exhaust the stack.
struct comment_parser : x3::parser<comment_parser>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    static constexpr int max_depth = 32;

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        if (first == last || *first != '(')
            return false;
        int depth = 0;
        for (It i = first; i != last; ++i) {
            char const c = *i;
            auto const u = static_cast<unsigned char>(c);
            if (c == '(') {
                if (++depth > max_depth)
                    return false;
            } else if (c == ')') {
                if (--depth == 0) {
                    first = i + 1;
                    return true;
                }
            } else if (c == '\\') {
                if (++i == last || *i == '\r' || *i == '\n')
                    return false;
            } else if (c == '\r' || c == '\n') {
                // only as part of a fold: CRLF or LF followed by WSP
                auto j = i;
                if (c == '\r' && (++j == last || *j != '\n'))
                    return false;
                if (j + 1 == last || !is_wsp(*(j + 1)))
                    return false;
                i = j;
            } else if ((u < 0x20 && c != '\t') || u == 0x7F) {
                return false;
            }
        }
        return false;
    }
};
inline constexpr comment_parser comment{};

/// The content of a quoted-string without its DQUOTEs (quoted-pairs stay as written); any other
/// value is returned unchanged.
constexpr std::string_view strip_quotes(std::string_view v) noexcept
{
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
        return v.substr(1, v.size() - 2);
    return v;
}

/// delta-seconds = 1*DIGIT, as a 32-bit value (RFC 3261 §20.19: 0 to 2**32-1); nullopt on
/// anything else, overflow included.
constexpr std::optional<std::uint32_t> to_delta_seconds(std::string_view digits) noexcept
{
    std::uint64_t v = 0;
    if (!parse_uint(digits, 0xFFFFFFFFu, v))
        return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

} // namespace rvoip::sip::detail
