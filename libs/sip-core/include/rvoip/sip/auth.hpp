#pragma once
// HTTP authentication in SIP (RFC 3261 §22, §25.1; RFC 7616 digest; RFC 7235 token68): the
// credentials of Authorization / Proxy-Authorization and the challenge of WWW-Authenticate /
// Proxy-Authenticate.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <string_view>

namespace rvoip::sip {

/// A parsed credentials value. Views point into the parsed text. The digest fields hold the
/// first parameter of that name, without the DQUOTEs of a quoted-string (quoted-pairs stay as
/// written; read parameters() and unquote() for the rare escaped value); they are empty when
/// absent. Every auth-param, including extensions such as RFC 7616 userhash, is in params.
struct credentials
{
    std::string_view scheme;  ///< auth-scheme as written ("Digest"; compare case-insensitively)
    std::string_view params;  ///< the raw auth-param list, ','-separated
    std::string_view token68; ///< the token68 form (RFC 7235, e.g. "Bearer <token>"), else empty
    std::string_view username;
    std::string_view realm;
    std::string_view nonce;
    std::string_view uri;       ///< digest-uri as written (not parsed: it may be any URI)
    std::string_view response;  ///< request-digest, hex
    std::string_view algorithm; ///< "MD5", "MD5-sess", "SHA-256", ...; empty means MD5
    std::string_view cnonce;
    std::string_view opaque;
    std::string_view qop;  ///< the qop-value chosen ("auth", "auth-int")
    std::string_view nc;   ///< nonce-count, 8 hex digits
    std::string_view text; ///< the whole value

    /// Every auth-param in order; values as written (quoted strings keep their quotes).
    param_list parameters() const noexcept { return param_list(params, ','); }
};

/// Parses an Authorization or Proxy-Authorization value.
///
/// ABNF (RFC 3261 §25.1, RFC 7235 §2.1):
///   credentials = ( "Digest" LWS digest-response ) / other-response
///   digest-response = dig-resp *( COMMA dig-resp )
///   dig-resp = username / realm / nonce / digest-uri / dresponse / algorithm / cnonce /
///              opaque / message-qop / nonce-count / auth-param
///   other-response = auth-scheme LWS auth-param *( COMMA auth-param )
///   auth-param = auth-param-name EQUAL ( token / quoted-string )
///   token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// A scheme followed by a token68 (RFC 7235) or by nothing is accepted too; empty list elements
/// (",,") are tolerated. Digest values that RFC 3261 quotes are accepted unquoted as well. For
/// Digest, nc must be 8 hex digits. Returns errc::bad_header_value when `text` does not match.
result<credentials> parse_credentials(std::string_view text) noexcept;

/// A parsed challenge value. Views point into the parsed text; the named fields follow the
/// conventions of credentials (first occurrence, DQUOTEs removed, empty when absent).
struct challenge
{
    std::string_view scheme;  ///< auth-scheme as written ("Digest")
    std::string_view params;  ///< the raw auth-param list, ','-separated
    std::string_view token68; ///< the token68 form (RFC 7235), else empty
    std::string_view realm;
    std::string_view nonce;
    std::string_view opaque;
    std::string_view algorithm; ///< empty means MD5
    std::string_view qop;       ///< the raw qop-options list, e.g. "auth,auth-int"
    std::string_view domain;    ///< the raw space-separated URI list
    bool stale = false;         ///< stale=true (case-insensitive); any other value is false
    std::string_view text;      ///< the whole value

    /// Every auth-param in order; values as written (quoted strings keep their quotes).
    param_list parameters() const noexcept { return param_list(params, ','); }
    /// True when the qop-options list offers `qop` ("auth", "auth-int"), case-insensitively.
    bool offers_qop(std::string_view qop_value) const noexcept;
};

/// Parses a WWW-Authenticate or Proxy-Authenticate value.
///
/// ABNF (RFC 3261 §25.1, RFC 7235 §2.1):
///   challenge = ( "Digest" LWS digest-cln *( COMMA digest-cln ) ) / other-challenge
///   other-challenge = auth-scheme LWS auth-param *( COMMA auth-param )
///   digest-cln = realm / domain / nonce / opaque / stale / algorithm / qop-options / auth-param
///   qop-options = "qop" EQUAL LDQUOT qop-value *( "," qop-value ) RDQUOT
/// A scheme followed by a token68 or by nothing is accepted too. Returns errc::bad_header_value
/// when `text` does not match.
result<challenge> parse_challenge(std::string_view text) noexcept;

} // namespace rvoip::sip
