#pragma once
// Private: the host rules of RFC 3261 §25.1 (with RFC 5118), shared by URIs and Via.

#include <string_view>

namespace rvoip::sip::detail {

/// hostname / IPv4address: labels of alphanumerics with inner hyphens, the top label starting
/// with a letter unless the whole host is an IPv4 address.
bool valid_hostname(std::string_view h) noexcept;

/// An IPv6 address without brackets (RFC 5118 §4.10's "2001:db8:::192.0.2.1" tolerated).
bool valid_ipv6(std::string_view h) noexcept;

/// host = hostname / IPv4address / IPv6reference ("[" IPv6address "]").
bool valid_host(std::string_view h) noexcept;

} // namespace rvoip::sip::detail
