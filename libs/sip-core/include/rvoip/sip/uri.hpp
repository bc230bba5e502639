#pragma once
// URIs of SIP: sip and sips (RFC 3261 §19.1, §25.1, IPv6 references of RFC 5118), tel
// (RFC 3966) and any other absoluteURI kept as text. Views into the parsed text.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace rvoip::sip {

enum class uri_scheme : std::uint8_t
{
    sip,
    sips,
    tel,
    other, // an absoluteURI of another scheme (RFC 3261 §25.1), kept as opaque text
};

/// A parsed URI. Every view points into the text given to parse_uri() (or into the message
/// that holds it) and lives as long as that text.
struct uri
{
    uri_scheme scheme = uri_scheme::other;
    std::string_view scheme_text; ///< as written ("SIP" and "sip" both mean sip)
    std::string_view user;        ///< sip/sips: userinfo user, still escaped; tel: the number
    std::string_view password;    ///< sip/sips: after "user:", still escaped
    std::string_view host;        ///< as written; IPv6 references keep their brackets
    std::uint16_t port = 0;       ///< 0 when absent (see has_port)
    bool has_port = false;
    bool has_user = false;        ///< an "@" was present (the user part may still be empty)
    std::string_view params;      ///< raw ";..." after hostport (tel: after the number)
    std::string_view headers;     ///< raw "a=b&c=d" after "?", without the "?"
    std::string_view opaque;      ///< scheme other: everything after "scheme:"
    std::string_view text;        ///< the whole URI as written

    /// The URI parameters (";transport=tcp;lr").
    param_list parameters() const noexcept { return param_list(params, ';'); }
    /// The URI headers ("?subject=x&priority=urgent"), separated by '&'.
    param_list header_fields() const noexcept { return param_list(headers, '&'); }
    /// The user part with its %HH escapes decoded (RFC 4475 esc01: "sip:%73ip@..." -> "sip").
    std::string user_decoded() const { return percent_decode(user); }
    /// The host without IPv6 brackets.
    std::string_view host_unbracketed() const noexcept;
    /// The explicit port, or the default for the scheme and transport (5060, or 5061 for sips).
    std::uint16_t port_or_default() const noexcept;
};

/// Parses a URI.
///
/// ABNF (RFC 3261 §25.1, RFC 5118, RFC 3966):
///   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
///   SIPS-URI = "sips:" [ userinfo ] hostport uri-parameters [ headers ]
///   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
///   hostport = host [ ":" port ];  host = hostname / IPv4address / IPv6reference
///   telephone-uri = "tel:" telephone-subscriber   (RFC 3966)
///   absoluteURI   = scheme ":" ( hier-part / opaque-part )
/// Scheme names are case-insensitive. Returns errc::bad_uri when `text` is not exactly one URI.
result<uri> parse_uri(std::string_view text) noexcept;

/// URI equivalence of RFC 3261 §19.1.4 for sip/sips (user and password case-sensitive after
/// unescaping, host case-insensitive, a port present in one only differs, user/ttl/method/
/// maddr/transport must agree when either has them, other parameters only when both have them,
/// headers must all agree); tel URIs compare their numbers without visual separators and their
/// parameters (RFC 3966 §4); other schemes compare their text.
bool equivalent(uri const& a, uri const& b);

} // namespace rvoip::sip
