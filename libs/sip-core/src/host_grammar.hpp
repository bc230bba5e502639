#pragma once
// Private: hostname / IPv4address of RFC 3261 §25.1 as one X3 primitive, for the URI and Via
// grammars. Include only from .cpp files.

#include "x3_support.hpp"

#include <bit>
#include <cstdint>
#include <string_view>

namespace rvoip::sip::detail {

/// The class of each byte for hostname_parser, so that its scan takes one branch per byte (is
/// it a host byte at all) and tracks labels without branching.
enum class host_class : std::uint8_t
{
    other,
    letter_or_digit,
    hyphen,
    dot,
};
struct host_class_table
{
    host_class value[256] = {};
    constexpr host_class_table()
    {
        for (int c = 0; c < 256; ++c)
            value[c] =
                is_alnum(static_cast<char>(c)) ? host_class::letter_or_digit : host_class::other;
        value[static_cast<unsigned char>('-')] = host_class::hyphen;
        value[static_cast<unsigned char>('.')] = host_class::dot;
    }
};
inline constexpr host_class_table host_classes{};

/// Whether a byte of class `k` after one of class `prev` breaks a label: '.' after anything but
/// a letter or digit (an empty label, or one ending in '-'), '-' right after '.' (or first).
struct host_pair_table
{
    bool value[4][4] = {};
    constexpr host_pair_table()
    {
        for (int prev = 0; prev < 4; ++prev) {
            value[prev][static_cast<int>(host_class::dot)] =
                prev != static_cast<int>(host_class::letter_or_digit);
            value[prev][static_cast<int>(host_class::hyphen)] =
                prev == static_cast<int>(host_class::dot);
        }
    }
};
inline constexpr host_pair_table bad_pair{};

/// hostname = *( domainlabel "." ) toplabel [ "." ], or an IPv4address: consumes the longest
/// run of alphanumerics, '-' and '.' (what +char_if would) and matches only when valid_hostname()
/// accepts that run. The labels are checked during the scan itself, so a host costs one pass
/// instead of a grammar pass and a validation pass.
struct hostname_parser : x3::parser<hostname_parser>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    using host_class = detail::host_class;
    static constexpr auto other = host_class::other;
    static constexpr auto hyphen = host_class::hyphen;
    static constexpr auto dot = host_class::dot;

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        return parse_bounded(first, last, last);
    }

    /// parse() where the bytes up to `readable` (>= last) may be read though they are no part
    /// of the input (the rest of a message's block).
    template<class It>
    static bool parse_bounded(It& first, It const& last, It const& readable) noexcept
    {
#if defined(__SSE2__)
        // A host shorter than sixteen bytes with sixteen readable: the same checks on bit masks.
        if (readable - first >= 16) {
            auto const x = _mm_loadu_si128(reinterpret_cast<__m128i const*>(&*first));
            auto host_bytes = static_cast<unsigned>(_mm_movemask_epi8(alnum_dash_dot{}(x)));
            if (last - first < 16)
                host_bytes &= (1u << (last - first)) - 1;
            if (host_bytes != 0xFFFF)
                return parse_short(first, x, static_cast<unsigned>(std::countr_one(host_bytes)));
        }
#else
        (void)readable;
#endif
        return parse_long(first, last);
    }

    /// The byte-by-byte scan, for any host.
    template<class It>
    static bool parse_long(It& first, It const& last) noexcept
    {
        // A label may neither be empty nor start or end with '-'. `prev` is the class of the
        // byte before the current one (a dot at the start, so a leading '.' is an empty label);
        // whether the pair breaks that rule is a table lookup, so each byte costs one branch.
        host_class prev = dot;
        bool bad = false;
        It i = first;
        for (; i != last; ++i) {
            auto const k = host_classes.value[static_cast<unsigned char>(*i)];
            if (k == other)
                break;
            bad |= bad_pair.value[static_cast<int>(prev)][static_cast<int>(k)];
            prev = k;
        }
        auto const size = static_cast<std::size_t>(i - first);
        if (size == 0 || bad || prev == hyphen || size > 255)
            return false;
        // One trailing '.' is allowed (a fully qualified name); the top label is the last one
        // before it.
        auto const host = std::string_view(&*first, size - (prev == dot ? 1 : 0));
        auto top = host.size();
        while (top > 0 && host[top - 1] != '.')
            --top;
        // A top label starting with a digit: the host must be an IPv4address.
        if (!is_alpha(host[top]) && !is_ipv4(host))
            return false;
        first = i;
        return true;
    }

#if defined(__SSE2__)
    template<class It>
    static bool parse_short(It& first, __m128i x, unsigned n) noexcept;
    static bool is_ipv4_short(std::string_view host, __m128i x, unsigned dots) noexcept;
#endif
};

#if defined(__SSE2__)
/// hostname_parser::parse() for a host of `n` < 16 bytes at `first`, whose bytes are `x`: a label
/// is broken by a '.' or '-' first, "..", ".-", "-." or a '-' last (a '.' last is the one
/// trailing dot allowed), each a test on the masks of dots and hyphens.
template<class It>
bool hostname_parser::parse_short(It& first, __m128i x, unsigned n) noexcept
{
    if (n == 0)
        return false;
    auto const in_host = (1u << n) - 1;
    auto const dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')))) & in_host;
    auto const dashes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')))) & in_host;
    auto const last_bit = 1u << (n - 1);
    if (((dots | dashes) & 1u) || (dots & (dots >> 1)) || (dots & (dashes >> 1)) ||
        (dashes & (dots >> 1)) || (dashes & last_bit))
        return false;
    bool const trailing_dot = (dots & last_bit) != 0;
    auto const inner_dots = dots & ~last_bit;
    auto const host = std::string_view(&*first, n - (trailing_dot ? 1 : 0));
    auto const top = inner_dots ? static_cast<std::size_t>(std::bit_width(inner_dots)) : 0;
    // A top label starting with a digit: the host must be an IPv4address.
    if (!is_alpha(host[top]) && !is_ipv4_short(host, x, inner_dots))
        return false;
    first += n;
    return true;
}

/// is_ipv4(host) for a host of fewer than sixteen bytes whose bytes are `x` and whose dots are
/// `dots`: four dec-octets of 1-3 digits, no leading zero, at most 255.
inline bool hostname_parser::is_ipv4_short(std::string_view host, __m128i x, unsigned dots) noexcept
{
    auto const in_host = (1u << host.size()) - 1;
    auto const digits = static_cast<unsigned>(_mm_movemask_epi8(in_range(x, '0', 10))) & in_host;
    if ((digits | dots) != in_host || std::popcount(dots) != 3)
        return false;
    std::size_t begin = 0;
    for (int octet = 0; octet < 4; ++octet) {
        std::size_t const end = octet < 3 ? static_cast<std::size_t>(std::countr_zero(dots)) : host.size();
        dots &= dots - 1;
        auto const o = host.substr(begin, end - begin); // not empty: no ".." and no '.' first
        if (o.size() > 3 || (o.size() > 1 && o[0] == '0') || (o.size() == 3 && o > "255"))
            return false;
        begin = end + 1;
    }
    return true;
}
#endif

inline constexpr hostname_parser hostname{};

} // namespace rvoip::sip::detail
