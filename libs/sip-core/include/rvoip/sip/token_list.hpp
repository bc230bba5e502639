#pragma once
// Headers whose values are lists of tokens (RFC 3261 §20): Allow (methods), Supported, Require,
// Proxy-Require and Unsupported (option-tags), and Allow-Events (RFC 6665 event-types).

#include <rvoip/sip/error.hpp>

#include <string_view>

namespace rvoip::sip {

/// Validates one value of a token list and returns it without surrounding LWS; the view points
/// into `text`.
///
/// ABNF (RFC 3261 §25.1, RFC 6665 §8.4):
///   Allow = "Allow" HCOLON [ Method *( COMMA Method ) ]
///   Supported = ( "Supported" / "k" ) HCOLON [ option-tag *( COMMA option-tag ) ]
///   Require = "Require" HCOLON option-tag *( COMMA option-tag )   (Proxy-Require, Unsupported
///             alike)
///   Allow-Events = ( "Allow-Events" / "u" ) HCOLON event-type *( COMMA event-type )
///   Method = token;  option-tag = token;  event-type is a dotted token
/// Returns errc::bad_header_value when the value is not a single token.
result<std::string_view> parse_token(std::string_view text) noexcept;

} // namespace rvoip::sip
