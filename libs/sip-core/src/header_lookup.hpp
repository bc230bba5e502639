#pragma once
// Private: header-name lookup for the message indexer, inline (it runs for every field).

#include <rvoip/sip/header_id.hpp>

#include "text.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rvoip::sip::detail {

// A small open-addressing hash over (length, first and last letter), built at compile time in
// header_id.cpp. Each entry holds the name itself, so a lookup touches one cache line.
inline constexpr std::size_t bucket_count = 128;
inline constexpr std::size_t max_name = 30;

struct name_entry
{
    char text[max_name] = {}; // canonical spelling, zero-padded
    std::uint8_t size = 0;    // 0: empty
    std::uint8_t id = 0;
};
static_assert(sizeof(name_entry) == 32);

// The multipliers were searched for the table: no name is more than one probe from its hash.
constexpr std::size_t name_hash(std::size_t len, char first, char last) noexcept
{
    return (len * 9u + static_cast<unsigned char>(to_lower(first)) * 7u +
            static_cast<unsigned char>(to_lower(last)) * 19u) %
           bucket_count;
}

/// The table's slots, 64-byte aligned (header_id.cpp).
extern std::array<name_entry, bucket_count> const header_name_slots;

/// lookup_header() out of line: compact forms, other spellings, collisions.
header_id lookup_header_folded(std::string_view name) noexcept;

/// name == the entry's canonical spelling: sixteen bytes at a time (the name has 32 readable
/// bytes, the entry is 32 bytes long, zero-padded, and 32-byte aligned).
inline bool equals_padded(std::string_view name, name_entry const& e) noexcept
{
#if defined(__SSE2__)
    for (std::size_t i = 0; i < name.size(); i += 16) {
        auto const a = _mm_loadu_si128(reinterpret_cast<__m128i const*>(name.data() + i));
        auto const b = _mm_load_si128(reinterpret_cast<__m128i const*>(e.text + i));
        auto const equal = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, b)));
        auto const rest = name.size() - i;
        auto const need = rest >= 16 ? 0xFFFFu : (1u << rest) - 1;
        if ((equal & need) != need)
            return false;
    }
    return true;
#else
    return std::memcmp(name.data(), e.text, name.size()) == 0;
#endif
}

/// lookup_header() for a name with at least 32 readable bytes from its first one (any name inside
/// a message's block, which ends with the typed cache): a name spelled canonically is found in
/// its first slot with one sixteen-byte compare, inline; anything else goes to lookup_header().
inline header_id lookup_header_padded(std::string_view name) noexcept
{
    if (name.size() >= 2 && name.size() < max_name) {
        auto const& e = header_name_slots[name_hash(name.size(), name.front(), name.back())];
        if (e.size == name.size() && equals_padded(name, e))
            return static_cast<header_id>(e.id);
    }
    return lookup_header_folded(name);
}

} // namespace rvoip::sip::detail
