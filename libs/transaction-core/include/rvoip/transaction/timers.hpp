#pragma once
// The timers of RFC 3261 §17 (Table 4 of §A) and RFC 6026 §8, and their base values.

#include <chrono>
#include <cstdint>

namespace rvoip::transaction {

using duration = std::chrono::milliseconds;

/// T1 (RTT estimate), T2 (maximum retransmit interval for non-INVITE requests and INVITE
/// responses) and T4 (maximum time a message stays in the network), RFC 3261 §17.1.1.1.
struct timer_settings
{
    duration t1{500};
    duration t2{4000};
    duration t4{5000};

    /// 64*T1: Timers B, F, H, J (unreliable) and RFC 6026's L and M.
    duration sixty_four_t1() const noexcept { return t1 * 64; }
};

/// The timers a transaction asks its owner to run. Letters are the RFC's.
enum class timer : std::uint8_t
{
    a,          ///< INVITE request retransmit (client, unreliable)
    b,          ///< INVITE transaction timeout (client)
    d,          ///< wait for response retransmits (client INVITE, Completed)
    e,          ///< non-INVITE request retransmit (client, unreliable)
    f,          ///< non-INVITE transaction timeout (client)
    g,          ///< INVITE response retransmit (server, unreliable)
    h,          ///< wait for ACK receipt (server INVITE)
    i,          ///< wait for ACK retransmits (server INVITE, Confirmed)
    j,          ///< wait for non-INVITE request retransmits (server)
    k,          ///< wait for response retransmits (client non-INVITE)
    l,          ///< RFC 6026: wait for 2xx retransmissions/ACKs (server INVITE, Accepted)
    m,          ///< RFC 6026: wait for retransmitted 2xx (client INVITE, Accepted)
    trying_100, ///< RFC 3261 §17.2.1: send 100 Trying if the TU has not answered in 200 ms
};

/// One request to the owner: start (or restart) `which` to fire after `after`, or stop it.
struct timer_op
{
    timer which = timer::a;
    duration after{0};
    bool start = true;
};

} // namespace rvoip::transaction
