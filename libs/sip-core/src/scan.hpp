#pragma once
// Private: runs of bytes of one character class, sixteen bytes per step where SSE2 is available.
// The scans of usual shapes (URI, Via, name-addr, auth parameters) spend most of their time in
// such runs: branches, tags, nonces and hosts are tens of bytes long.

#include "text.hpp"

#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rvoip::sip::detail {

#if defined(__SSE2__)
/// Bytes in [lo, lo + n) (unsigned), as a byte mask.
inline __m128i in_range(__m128i x, char lo, int n) noexcept
{
    // Shifted so that the range starts at -128: one signed compare tells.
    auto const shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - static_cast<unsigned char>(lo))));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + n)));
}

/// Letters, digits, '-' and '.': the bytes of hosts, branches, tags and most tokens.
struct alnum_dash_dot
{
    __m128i operator()(__m128i x) const noexcept
    {
        auto const letter = in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 26);
        auto const digit = in_range(x, '0', 10);
        auto const dash = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
        auto const dot = _mm_cmpeq_epi8(x, _mm_set1_epi8('.'));
        return _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(dash, dot));
    }
};

/// Printable ASCII but '"' and '\\': the usual bytes of a quoted-string.
struct plain_quoted_text
{
    __m128i operator()(__m128i x) const noexcept
    {
        auto const printable = in_range(x, ' ', 0x7F - 0x20);
        auto const quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
        auto const backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
        return _mm_andnot_si128(_mm_or_si128(quote, backslash), printable);
    }
};
#else
struct alnum_dash_dot
{
};
struct plain_quoted_text
{
};
#endif

/// The first `c` in [p, end), or end: sixteen bytes per step where SSE2 is available, inline
/// (memchr's call and set-up cost more than the search on the short values of a header).
inline char const* find_byte(char const* p, char const* end, char c) noexcept
{
#if defined(__SSE2__)
    auto const wanted = _mm_set1_epi8(c);
    for (; end - p >= 16; p += 16) {
        auto const hits = _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<__m128i const*>(p)), wanted);
        if (auto const mask = static_cast<unsigned>(_mm_movemask_epi8(hits)))
            return p + std::countr_zero(mask);
    }
#endif
    while (p != end && *p != c)
        ++p;
    return p;
}

/// run_end() below where the bytes up to `readable` (>= end) may be read though they are no part
/// of the input (a view inside a message's block, which goes on after it): the run's last
/// bytes are tested sixteen at a time too.
template<class Fast, class InClass>
char const* run_end(char const* p, char const* end, char const* readable, Fast fast,
                    InClass const& in_class) noexcept
{
#if defined(__SSE2__)
    while (readable - p >= 16 && p != end) {
        auto const hits = fast(_mm_loadu_si128(reinterpret_cast<__m128i const*>(p)));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (end - p < 16)
            mask &= (1u << (end - p)) - 1; // bytes past the end are in no run
        if (mask == 0xFFFF) {
            p += 16;
            continue;
        }
        p += std::countr_one(mask);
        if (p == end || !in_class(*p))
            return p;
        ++p;
    }
#else
    (void)readable;
    (void)fast;
#endif
    while (p != end && in_class(*p))
        ++p;
    return p;
}

/// The end of the run from `p` (at most `end`) of bytes for which `in_class` holds. `Fast`
/// tests a subset of the class sixteen bytes at a time; a byte outside it is then asked of
/// `in_class` alone, so the result is exactly the scalar loop's. Reads only inside [p, end).
template<class Fast, class InClass>
char const* run_end(char const* p, char const* end, Fast fast, InClass const& in_class) noexcept
{
#if defined(__SSE2__)
    while (end - p >= 16) {
        auto const hits = fast(_mm_loadu_si128(reinterpret_cast<__m128i const*>(p)));
        auto const mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask == 0xFFFF) {
            p += 16;
            continue;
        }
        p += std::countr_one(mask);
        if (!in_class(*p))
            return p;
        ++p; // in the class though not in the fast subset ('_', '~', a UTF-8 byte, ...)
    }
#else
    (void)fast;
#endif
    while (p != end && in_class(*p))
        ++p;
    return p;
}

} // namespace rvoip::sip::detail
