#pragma once
// The benchmark UAS of bench-transaction-core (../shared/CONTRACT.md): INVITE -> 200, ACK taken,
// BYE -> 200, on the transaction layer alone.

#include <cstdint>
#include <string>

namespace rvoip::bench {

/// Runs the UAS on `ip`:`port` (UDP and TCP) for `seconds` (0: until SIGINT/SIGTERM), closing
/// TCP connections idle for `tcp_idle` seconds, then prints its counters and
/// `uas cpu_us_per_call=N`. Returns the process exit code.
int run_uas(std::string const& ip, std::uint16_t port, double seconds, int tcp_idle = 300);

} // namespace rvoip::bench
