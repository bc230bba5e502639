#pragma once
// The Retry-After header (RFC 3261 §20.33).

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::sip {

/// A parsed Retry-After value. Views point into the parsed text.
struct retry_after
{
    std::uint32_t delta_seconds = 0;       ///< when to retry
    std::string_view comment;              ///< the comment with its parentheses, empty if none
    std::optional<std::uint32_t> duration; ///< the duration parameter (delta-seconds)
    std::string_view params;               ///< raw ";duration=..." after the comment
    std::string_view text;                 ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
};

/// Parses a Retry-After value.
///
/// ABNF (RFC 3261 §25.1):
///   Retry-After = "Retry-After" HCOLON delta-seconds [ comment ] *( SEMI retry-param )
///   retry-param = ( "duration" EQUAL delta-seconds ) / generic-param
/// Returns errc::bad_header_value when `text` does not match or a number does not fit 32 bits.
result<retry_after> parse_retry_after(std::string_view text) noexcept;

} // namespace rvoip::sip
