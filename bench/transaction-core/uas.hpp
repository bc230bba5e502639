#pragma once
// The benchmark UAS of bench-transaction-core (../shared/CONTRACT.md): INVITE -> 200, ACK taken,
// BYE -> 200, on the transaction layer alone.

#include <rvoip/sip/message.hpp>

#include <cstdint>
#include <string>

namespace rvoip::bench {

/// Runs the UAS on `ip`:`port` (UDP and TCP) for `seconds` (0: until SIGINT/SIGTERM), closing
/// TCP connections idle for `tcp_idle` seconds, then prints its counters and
/// `uas cpu_us_per_call=N`. Returns the process exit code.
/// The UAS's 200 OK for `request` (§8.2.6): Via, From, To (tagged), Call-ID, CSeq, Record-Route
/// copied; a Contact for an INVITE.
std::string ok_for(sip::message const& request, std::string const& contact);

int run_uas(std::string const& ip, std::uint16_t port, double seconds, int tcp_idle = 300);

} // namespace rvoip::bench
