#pragma once
// One Via value (RFC 3261 §20.42): sent-protocol, sent-by and parameters, with the ones the
// transport and transaction layers read (branch, received, rport of RFC 3581, maddr, ttl)
// picked out.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::sip {

/// A parsed via-parm. Views point into the parsed text.
struct via
{
    std::string_view protocol_name;    ///< "SIP"
    std::string_view protocol_version; ///< "2.0"
    std::string_view transport;        ///< "UDP", "TCP", "TLS", "WS", "WSS", "SCTP", or other
    std::string_view host;             ///< sent-by host; IPv6 references keep their brackets
    std::uint16_t port = 0;            ///< 0 when absent
    bool has_port = false;
    std::string_view params;           ///< raw ";branch=...;received=..."
    std::string_view branch;           ///< empty when absent
    std::string_view received;         ///< empty when absent
    std::string_view maddr;            ///< empty when absent
    std::optional<std::uint8_t> ttl;
    bool has_rport = false;            ///< rport present, with or without a value
    std::optional<std::uint16_t> rport; ///< the value of rport when it has one
    std::string_view text;             ///< the whole via-parm

    param_list parameters() const noexcept { return param_list(params, ';'); }
    /// The RFC 3261 magic cookie is present: branch starts with "z9hG4bK".
    bool rfc3261_branch() const noexcept { return branch.substr(0, 7) == "z9hG4bK"; }
};

/// Parses one via-parm.
///
/// ABNF (RFC 3261 §25.1, RFC 3581, RFC 5118):
///   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
///   sent-protocol = protocol-name SLASH protocol-version SLASH transport
///   sent-by = host [ COLON port ]
///   via-params = via-ttl / via-maddr / via-received / via-branch / response-port / via-extension
/// Errors: errc::missing_sent_by when there is no host, errc::bad_header_value otherwise.
result<via> parse_via(std::string_view text) noexcept;

} // namespace rvoip::sip
