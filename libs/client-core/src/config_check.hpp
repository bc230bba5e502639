#pragma once
// Checks shared by media_config and client_config validation: each failure is one
// errc::bad_configuration whose message names the field and says what to use.

#include <rvoip/client/error.hpp>

#include <string>
#include <string_view>

namespace rvoip::client::detail {

inline error bad_field(std::string_view field, std::string_view problem)
{
    return error(errc::bad_configuration, std::string{field} + ": " + std::string{problem});
}

/// A numeric IPv4 or IPv6 address (no brackets).
bool is_ip(std::string_view text);
/// "ip", "ip:port", "[v6]" or "[v6]:port"; fills `ip` and `port` (0 when not given).
bool split_host_port(std::string_view text, std::string& ip, unsigned& port);
/// A sip:, sips: or tel: URI (or a name-addr around one) sip-core parses.
bool is_sip_uri(std::string_view text);
bool iequals(std::string_view a, std::string_view b) noexcept;

} // namespace rvoip::client::detail
