#pragma once
// Private: header-name lookup for the message indexer.

#include <rvoip/sip/header_id.hpp>

#include <string_view>

namespace rvoip::sip::detail {

/// lookup_header() for a name with at least 32 readable bytes from its first one (any name inside
/// a message's block, which ends with the typed cache): the canonical spelling is compared eight
/// bytes at a time instead of through a memcmp call.
header_id lookup_header_padded(std::string_view name) noexcept;

} // namespace rvoip::sip::detail
