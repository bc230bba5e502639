#include <rvoip/sip/header_id.hpp>

#include "header_lookup.hpp"
#include "text.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>


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
using detail::bucket_count;
using detail::max_name;
using detail::name_entry;
using detail::name_hash;

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

// The slots the indexer's inline lookup reads (header_lookup.hpp).
alignas(64) constinit std::array<name_entry, bucket_count> const header_name_slots = name_table.slot;

header_id lookup_header_folded(std::string_view name) noexcept
{
    return lookup_header(name);
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
