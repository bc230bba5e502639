#pragma once
// Media types (RFC 3261 §20.15, §20.1, §25.1): the value of Content-Type and each value of
// Accept (a media-range, where "*" may stand for the type or the subtype).

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::sip {

/// A parsed media-type or media-range. Views point into the parsed text.
struct media_type
{
    std::string_view type;    ///< m-type as written ("application"; "*" in a media-range)
    std::string_view subtype; ///< m-subtype as written ("sdp"; "*" in a media-range)
    std::string_view params;  ///< raw ";charset=UTF-8;q=0.5" after the subtype
    std::string_view text;    ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
    /// True when type and subtype equal these, case-insensitively (no wildcard matching).
    bool is(std::string_view type_name, std::string_view subtype_name) const noexcept;
    /// True when this media-range covers `type_name`/`subtype_name` ("*/*", "text/*" or exact).
    bool matches(std::string_view type_name, std::string_view subtype_name) const noexcept;
    /// The q accept-param in thousandths (qvalue of RFC 3261 §25.1: 0..1, up to 3 decimals),
    /// or nullopt when absent or malformed.
    std::optional<std::uint16_t> q() const noexcept;
};

/// Parses a Content-Type value.
///
/// ABNF (RFC 3261 §25.1):
///   media-type = m-type SLASH m-subtype *( SEMI m-parameter )
///   m-parameter = m-attribute EQUAL m-value
///   m-attribute = token;  m-value = token / quoted-string
/// Returns errc::bad_header_value when `text` does not match.
result<media_type> parse_media_type(std::string_view text) noexcept;

/// Parses one Accept value.
///
/// ABNF (RFC 3261 §25.1):
///   accept-range = media-range *( SEMI accept-param )
///   media-range = ( "*/*" / ( m-type SLASH "*" ) / ( m-type SLASH m-subtype ) )
///                 *( SEMI m-parameter )
///   accept-param = ( "q" EQUAL qvalue ) / generic-param
/// Returns errc::bad_header_value when `text` does not match ("*/sdp" included).
result<media_type> parse_media_range(std::string_view text) noexcept;

} // namespace rvoip::sip
