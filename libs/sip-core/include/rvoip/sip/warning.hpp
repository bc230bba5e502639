#pragma once
// The Warning header (RFC 3261 §20.43): one warning-value.

#include <rvoip/sip/error.hpp>

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// A parsed warning-value. Views point into the parsed text.
struct warning
{
    std::uint16_t code = 0;     ///< warn-code, three digits (300-399 in RFC 3261 §20.43)
    std::string_view agent;     ///< warn-agent: hostport or pseudonym, as written
    std::string_view warn_text; ///< warn-text without its DQUOTEs; quoted-pairs as written
    std::string_view text;      ///< the whole warning-value
};

/// Parses one warning-value (Warning is a list header: split it at commas first).
///
/// ABNF (RFC 3261 §25.1):
///   warning-value = warn-code SP warn-agent SP warn-text
///   warn-code = 3DIGIT
///   warn-agent = hostport / pseudonym;  pseudonym = token
///   warn-text = quoted-string
/// LWS is accepted where SP is required. Returns errc::bad_header_value when `text` does not
/// match.
result<warning> parse_warning(std::string_view text) noexcept;

} // namespace rvoip::sip
