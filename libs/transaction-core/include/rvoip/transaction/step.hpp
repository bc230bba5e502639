#pragma once
// What a transaction state machine asks of its owner after an event: messages to send, what to
// pass up to the transaction user, and timers to start or stop. A plain value: no allocation.

#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/timers.hpp>

#include <array>
#include <cstdint>
#include <span>

namespace rvoip::transaction {

/// The states of RFC 3261 §17 (figures 5-8) with RFC 6026's Accepted.
enum class state : std::uint8_t
{
    calling,    ///< client INVITE, request sent
    trying,     ///< non-INVITE (client: request sent; server: request received)
    proceeding, ///< a provisional response was received (client) or sent (server)
    completed,  ///< a final response (client: non-2xx for INVITE) was received or sent
    accepted,   ///< RFC 6026: a 2xx to an INVITE was received (client) or sent (server)
    confirmed,  ///< server INVITE: the ACK of a non-2xx response arrived
    terminated, ///< the transaction is over; the owner destroys it
};

/// The outcome of one event.
struct step
{
    /// Send the request again (client) or the last response again (server).
    bool retransmit = false;
    /// Client INVITE: send the ACK for the non-2xx final response just received (§17.1.1.3).
    bool send_ack = false;
    /// Server INVITE: send a 100 Trying on the TU's behalf (§17.2.1).
    bool send_trying = false;
    /// Pass the event's message up to the transaction user (a response to a client; a request
    /// or an ACK for a 2xx to a server).
    bool pass_up = false;
    /// The transaction has ended; `error` says why when it failed (timed_out, transport_failed).
    bool terminated = false;
    boost::system::error_code error;

    std::array<timer_op, 4> timer_storage{};
    std::uint8_t timer_count = 0;

    /// The timer operations, in order.
    std::span<timer_op const> timers() const noexcept { return {timer_storage.data(), timer_count}; }
    void start(timer t, duration after) noexcept { timer_storage[timer_count++] = {t, after, true}; }
    void stop(timer t) noexcept { timer_storage[timer_count++] = {t, duration{0}, false}; }
};

} // namespace rvoip::transaction
