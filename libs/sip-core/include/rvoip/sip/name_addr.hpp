#pragma once
// name-addr / addr-spec with header parameters: the value of From, To, Contact, Route,
// Record-Route, Refer-To, Referred-By, Reply-To, P-Asserted-Identity and the like.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>
#include <rvoip/sip/uri.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rvoip::sip {

/// A parsed name-addr or addr-spec with its parameters. Views point into the parsed text.
struct name_addr
{
    std::string_view display;  ///< display-name as written (quoted strings keep their quotes)
    sip::uri uri;              ///< the addr-spec
    std::string_view params;   ///< raw ";tag=...;expires=..." after the address
    std::string_view tag;      ///< the tag parameter, empty when absent
    bool angle_brackets = false; ///< the address was written as <...>
    std::string_view text;     ///< the whole value as written

    param_list parameters() const noexcept { return param_list(params, ';'); }
    /// The display name with quotes removed and quoted-pairs resolved ("\"A \\\"B\\\"\"" ->
    /// A "B"); token display names are returned as written (their inner LWS kept).
    std::string display_decoded() const;
};

/// Parses a name-addr or an addr-spec followed by parameters.
///
/// ABNF (RFC 3261 §25.1):
///   ( name-addr / addr-spec ) *( SEMI param )
///   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
///   display-name = *(token LWS) / quoted-string
/// In the addr-spec form the URI ends at the first ";" (RFC 3261 §20: its parameters are the
/// header's). Returns errc::bad_header_value when `text` does not match.
result<name_addr> parse_name_addr(std::string_view text) noexcept;

/// A Contact value: either "*" (RFC 3261 §10.2.2, only in REGISTER) or an address.
struct contact
{
    bool star = false;
    name_addr address;
    /// The q parameter in thousandths (RFC 3261 §20.10: qvalue 0..1 with up to 3 decimals),
    /// or nullopt when absent or malformed.
    std::optional<std::uint16_t> q() const noexcept;
    /// The expires parameter, or nullopt when absent or malformed.
    std::optional<std::uint32_t> expires() const noexcept;
};

/// Parses one Contact value ("*" or a name-addr/addr-spec with parameters).
result<contact> parse_contact(std::string_view text) noexcept;

} // namespace rvoip::sip
