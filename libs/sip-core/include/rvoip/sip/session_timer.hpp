#pragma once
// Session timers (RFC 4028): the Session-Expires and Min-SE headers.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// Who refreshes the session (RFC 4028 §4).
enum class refresher : std::uint8_t
{
    none, ///< no refresher parameter
    uac,
    uas,
};

/// A parsed Session-Expires value. Views point into the parsed text.
struct session_expires
{
    std::uint32_t delta_seconds = 0; ///< the session interval
    sip::refresher refresher = sip::refresher::none;
    std::string_view params; ///< raw ";refresher=uac;..." after the interval
    std::string_view text;   ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
};

/// Parses a Session-Expires (compact "x") value.
///
/// ABNF (RFC 4028 §4):
///   Session-Expires = ( "Session-Expires" / "x" ) HCOLON delta-seconds *( SEMI se-params )
///   se-params = refresher-param / generic-param
///   refresher-param = "refresher" EQUAL ( "uas" / "uac" )
/// Returns errc::bad_header_value when `text` does not match, the interval does not fit 32
/// bits, or refresher has another value.
result<session_expires> parse_session_expires(std::string_view text) noexcept;

/// Parses a Min-SE value and returns its delta-seconds.
///
/// ABNF (RFC 4028 §5):
///   Min-SE = "Min-SE" HCOLON delta-seconds *( SEMI generic-param )
/// Returns errc::bad_header_value when `text` does not match or the value does not fit 32 bits.
result<std::uint32_t> parse_min_se(std::string_view text) noexcept;

} // namespace rvoip::sip
