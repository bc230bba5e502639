#pragma once
// User-Agent and Server (RFC 3261 §20.41, §20.35): product tokens and comments, kept as text.

#include <rvoip/sip/error.hpp>

#include <string_view>

namespace rvoip::sip {

/// Checks a User-Agent or Server value and returns it without surrounding LWS; the view points
/// into `text`.
///
/// ABNF (RFC 3261 §25.1):
///   User-Agent = "User-Agent" HCOLON server-val *( LWS server-val )
///   server-val = product / comment
///   product = token [ SLASH product-version ];  product-version = token
///   comment = LPAREN *( ctext / quoted-pair / comment ) RPAREN
/// Checked leniently, because real agents stray from it ("Linux-6.1.0/x86_64/glibc-2.36",
/// "Acme Phone; build 7"): any sequence of tokens, comments, LWS, quoted strings and the
/// separators / : ; , @ = ? [ ] { } < > is accepted. Rejected with errc::bad_header_value:
/// an empty value, control characters, unbalanced parentheses or an unterminated quoted string.
result<std::string_view> parse_product_list(std::string_view text) noexcept;

} // namespace rvoip::sip
