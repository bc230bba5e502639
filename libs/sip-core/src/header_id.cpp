#include <rvoip/sip/header_id.hpp>

#include "header_lookup.hpp"
#include "text.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rvoip::sip {
namespace {

struct header_entry
{
    std::string_view name;
    char compact;
    bool list;
};

// Indexed by header_id. `list`: the grammar is a comma-separated list (RFC 3261 §7.3.1).
constexpr std::array<header_entry, static_cast<std::size_t>(header_id::count_)> header_table{{
    {"", '\0', false},
    {"Accept", '\0', true},
    {"Accept-Contact", 'a', true},
    {"Accept-Encoding", '\0', true},
    {"Accept-Language", '\0', true},
    {"Alert-Info", '\0', true},
    {"Allow", '\0', true},
    {"Allow-Events", 'u', true},
    {"Authentication-Info", '\0', false},
    {"Authorization", '\0', false},
    {"Call-ID", 'i', false},
    {"Call-Info", '\0', true},
    {"Contact", 'm', true},
    {"Content-Disposition", '\0', false},
    {"Content-Encoding", 'e', true},
    {"Content-Language", '\0', true},
    {"Content-Length", 'l', false},
    {"Content-Type", 'c', false},
    {"CSeq", '\0', false},
    {"Date", '\0', false},
    {"Error-Info", '\0', true},
    {"Event", 'o', false},
    {"Expires", '\0', false},
    {"From", 'f', false},
    {"Identity", 'y', false},
    {"In-Reply-To", '\0', true},
    {"Max-Forwards", '\0', false},
    {"MIME-Version", '\0', false},
    {"Min-Expires", '\0', false},
    {"Min-SE", '\0', false},
    {"Organization", '\0', false},
    {"P-Asserted-Identity", '\0', true},
    {"P-Preferred-Identity", '\0', true},
    {"Path", '\0', true},
    {"Priority", '\0', false},
    {"Privacy", '\0', false},
    {"Proxy-Authenticate", '\0', false},
    {"Proxy-Authorization", '\0', false},
    {"Proxy-Require", '\0', true},
    {"RAck", '\0', false},
    {"Reason", '\0', true},
    {"Record-Route", '\0', true},
    {"Refer-To", 'r', false},
    {"Referred-By", 'b', false},
    {"Reject-Contact", 'j', true},
    {"Replaces", '\0', false},
    {"Reply-To", '\0', false},
    {"Request-Disposition", 'd', true},
    {"Require", '\0', true},
    {"Retry-After", '\0', false},
    {"Route", '\0', true},
    {"RSeq", '\0', false},
    {"Server", '\0', false},
    {"Service-Route", '\0', true},
    {"Session-Expires", 'x', false},
    {"SIP-ETag", '\0', false},
    {"SIP-If-Match", '\0', false},
    {"Subject", 's', false},
    {"Subscription-State", '\0', false},
    {"Supported", 'k', true},
    {"Timestamp", '\0', false},
    {"To", 't', false},
    {"Unsupported", '\0', true},
    {"User-Agent", '\0', false},
    {"Via", 'v', true},
    {"Warning", '\0', true},
    {"WWW-Authenticate", '\0', false},
}};

// A small open-addressing hash over (length, first and last letter), built at compile time.
// Each entry holds the name itself, so a lookup touches one cache line (the index runs it for
// every header field, and a table reached through pointers missed the cache twice per field).
constexpr std::size_t bucket_count = 128;
constexpr std::size_t max_name = 30;

struct name_entry
{
    char text[max_name] = {}; // canonical spelling
    std::uint8_t size = 0;    // 0: empty
    std::uint8_t id = 0;
};
static_assert(sizeof(name_entry) == 32);

// The multipliers were searched for this table: no name is more than one probe from its hash.
constexpr std::size_t name_hash(std::size_t len, char first, char last) noexcept
{
    return (len * 9u + static_cast<unsigned char>(detail::to_lower(first)) * 7u +
            static_cast<unsigned char>(detail::to_lower(last)) * 19u) %
           bucket_count;
}

struct hash_table
{
    alignas(64) std::array<name_entry, bucket_count> slot{}; // 32-byte aligned entries
    std::array<std::uint8_t, 256> compact{}; // header_id of each compact form, 0 = none
};

constexpr hash_table make_table()
{
    hash_table t{};
    for (std::size_t i = 1; i < header_table.size(); ++i) {
        auto const name = header_table[i].name;
        if (name.size() >= max_name)
            throw "header name too long"; // not a constant expression: fails the build
        std::size_t h = name_hash(name.size(), name.front(), name.back());
        while (t.slot[h].size != 0)
            h = (h + 1) % bucket_count;
        for (std::size_t k = 0; k < name.size(); ++k)
            t.slot[h].text[k] = name[k];
        t.slot[h].size = static_cast<std::uint8_t>(name.size());
        t.slot[h].id = static_cast<std::uint8_t>(i);
        if (header_table[i].compact != '\0')
            t.compact[static_cast<unsigned char>(header_table[i].compact)] =
                static_cast<std::uint8_t>(i);
    }
    return t;
}

constexpr hash_table name_table = make_table();

} // namespace

header_id lookup_header(std::string_view name) noexcept
{
    if (name.size() <= 1) {
        if (name.empty())
            return header_id::other;
        auto const id = name_table.compact[static_cast<unsigned char>(detail::to_lower(name[0]))];
        return id == 0 ? header_id::other : static_cast<header_id>(id);
    }
    if (name.size() >= max_name)
        return header_id::other;
    std::size_t h = name_hash(name.size(), name.front(), name.back());
    for (;;) {
        auto const& e = name_table.slot[h];
        if (e.size == 0)
            return header_id::other;
        // Most peers spell names canonically: try an exact compare before the folding one.
        if (e.size == name.size() && (std::memcmp(name.data(), e.text, name.size()) == 0 ||
                                      detail::iequals(name, std::string_view(e.text, e.size))))
            return static_cast<header_id>(e.id);
        h = (h + 1) % bucket_count;
    }
}

namespace detail {

namespace {

/// name == the entry's canonical spelling: sixteen bytes at a time (the name has 32 readable
/// bytes, the entry is 32 bytes long, zero-padded, and 32-byte aligned).
bool equals_padded(std::string_view name, name_entry const& e) noexcept
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

/// The case-folding compare, for names not spelled canonically (out of the hot path).
[[gnu::noinline]] header_id lookup_folded(std::string_view name) noexcept
{
    return lookup_header(name);
}

} // namespace

header_id lookup_header_padded(std::string_view name) noexcept
{
    if (name.size() <= 1 || name.size() >= max_name)
        return lookup_header(name);
    auto const& e = name_table.slot[name_hash(name.size(), name.front(), name.back())];
    // Most peers spell names canonically, and no name is more than one probe from its hash:
    // an exact match in the first slot is the common case.
    if (e.size == name.size() && equals_padded(name, e))
        return static_cast<header_id>(e.id);
    return lookup_folded(name);
}

} // namespace detail

std::string_view canonical_name(header_id id) noexcept
{
    return header_table[static_cast<std::size_t>(id)].name;
}

char compact_form(header_id id) noexcept
{
    return header_table[static_cast<std::size_t>(id)].compact;
}

bool is_list_header(header_id id) noexcept
{
    return header_table[static_cast<std::size_t>(id)].list;
}

} // namespace rvoip::sip
