#pragma once
// bench-dialog-core --register-with IP:PORT: many user agents in one dialog layer registering
// with MD5 digest at a real registrar (Kamailio in bench/dialog-core/register_kamailio.sh, beside
// SIPp's REGISTER-with-authentication scenario on the same registrar).

#include <cstdint>
#include <string>

namespace rvoip::bench {

/// Registers `bindings` accounts ("user00000"... with password "pw-" and the user name) at
/// the registrar `ip`:`port` over UDP, at most `window` at a time, each answering its 401 with
/// its own credentials; gives up after `seconds`. Prints `register_with per_s=N ...` and
/// returns the process exit code (0 when every binding was made).
int run_register_with(std::string const& ip, std::uint16_t port, std::uint32_t bindings, std::uint32_t window,
                      double seconds);

} // namespace rvoip::bench
