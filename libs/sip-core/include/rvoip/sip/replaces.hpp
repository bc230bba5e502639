#pragma once
// The Replaces header (RFC 3891): which dialog a new INVITE replaces.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <string_view>

namespace rvoip::sip {

/// A parsed Replaces value. Views point into the parsed text.
struct replaces
{
    std::string_view call_id;  ///< the Call-ID of the dialog to replace
    std::string_view to_tag;   ///< the to-tag parameter
    std::string_view from_tag; ///< the from-tag parameter
    bool early_only = false;   ///< the early-only flag is present
    std::string_view params;   ///< raw ";to-tag=...;from-tag=..." after the Call-ID
    std::string_view text;     ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
};

/// Parses a Replaces value.
///
/// ABNF (RFC 3891 §6.1):
///   Replaces = "Replaces" HCOLON callid *( SEMI replaces-param )
///   replaces-param = to-tag / from-tag / early-flag / generic-param
///   to-tag = "to-tag" EQUAL token;  from-tag = "from-tag" EQUAL token
///   early-flag = "early-only"
///   callid = word [ "@" word ]
/// RFC 3891 §6.1 requires exactly one to-tag and one from-tag: a value missing either, or
/// repeating one, is rejected with errc::bad_header_value, as is any value that does not match.
result<replaces> parse_replaces(std::string_view text) noexcept;

} // namespace rvoip::sip
