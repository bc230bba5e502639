#pragma once
// Expires and Min-Expires (RFC 3261 §20.19, §20.23): a delta-seconds value.

#include <rvoip/sip/error.hpp>

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// Parses an Expires or Min-Expires value.
///
/// ABNF (RFC 3261 §25.1):
///   Expires = "Expires" HCOLON delta-seconds
///   Min-Expires = "Min-Expires" HCOLON delta-seconds
///   delta-seconds = 1*DIGIT
/// RFC 3261 §20.19 bounds the value to 2**32 - 1. Returns errc::bad_header_value when `text`
/// does not match or overflows (the caller decides on a default, RFC 3261 §20.19 suggests 3600).
result<std::uint32_t> parse_expires(std::string_view text) noexcept;

} // namespace rvoip::sip
