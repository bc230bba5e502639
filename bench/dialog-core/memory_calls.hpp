#pragma once
// The in-process figures of bench-dialog-core: two dialog layers (and a registrar) on the
// in-memory network and a manual clock, no sockets; everything a call or a registration
// does in the stack is done (build, serialize, parse, transactions, dialogs, timers).

#include <cstdint>

namespace rvoip::bench {

/// Calls per second (INVITE, 180, 200, ACK, BYE, 200: one dialog in each layer) through a UAC
/// layer and a UAS layer on one core, timers fired, for about `seconds`. Dialogs per second
/// are twice that: each call is a whole dialog on each side, as bytes_per_dialog counts them.
double calls_per_s(double seconds);

/// Heap bytes an established dialog holds, all counted (the dialog, its tables, what the
/// transaction layer keeps for it once its transactions have ended), averaged over both sides.
double bytes_per_dialog();

struct register_figures
{
    double per_s = 0;            ///< REGISTERs answered by the registrar, with MD5 digest, per second
    double refresh_core_pct = 0; ///< share of one core that keeps `bindings` refreshed
    std::uint32_t bindings = 0;
    std::uint32_t expires = 0;
};
/// `bindings` accounts in one layer, each with its own credentials, registering at a
/// registrar (a dialog layer with dialog::digest_server, MD5, qop=auth) that grants `expires`
/// seconds; then one whole refresh round, timed, as a share of the refresh interval.
register_figures registration(std::uint32_t bindings, std::uint32_t expires);

} // namespace rvoip::bench
