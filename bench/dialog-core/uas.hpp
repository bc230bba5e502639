#pragma once
// The benchmark UAS of bench-dialog-core (../shared/CONTRACT.md): a dialog layer keeping full
// dialog state. An INVITE gets 180 and 200 (the 200 retransmitted until the ACK comes,
// RFC 3261 §13.3.1.4), a BYE 200, re-INVITE, UPDATE, PRACK, INFO and MESSAGE 200, what a call
// server does not do (REGISTER, PUBLISH, REFER...) 405 (OPTIONS is the layer's own).

#include <cstdint>
#include <string>

namespace rvoip::bench {

/// Runs the UAS on `ip`:`port` (UDP and TCP) for `seconds` (0: until SIGINT/SIGTERM), then
/// prints its counters and `uas cpu_us_per_call=N`. Returns the process exit code.
int run_dialog_uas(std::string const& ip, std::uint16_t port, double seconds);

} // namespace rvoip::bench
