#pragma once
// The server transaction state machines of RFC 3261 §17.2 (INVITE: figure 7 with RFC 6026's
// Accepted state; non-INVITE: figure 8). Synchronous: events in, a step out; the owner sends
// the messages, runs the timers and keeps the last response's bytes for retransmission.

#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/step.hpp>
#include <rvoip/transaction/timers.hpp>

#include <boost/system/result.hpp>

namespace rvoip::transaction {

class server_transaction
{
public:
    /// `invite`: an INVITE transaction (else non-INVITE). `reliable`: the transport is
    /// reliable, so responses are not retransmitted and Timers I and J are zero.
    server_transaction(bool invite, bool reliable, timer_settings const& timers) noexcept;

    /// The request that created the transaction arrived: pass it up; an INVITE also starts the
    /// 200 ms wait after which a 100 Trying is sent on the TU's behalf (§17.2.1).
    step start() noexcept;
    /// The request arrived again (a retransmission matched by §17.2.3).
    step on_request_retransmission() noexcept;
    /// An ACK matched this INVITE transaction.
    step on_ack() noexcept;
    /// The TU sends a response with this status. Errors: errc::not_a_response for a status
    /// outside 100-699, errc::wrong_state once a final response was sent (except further 2xx
    /// to an INVITE, which the TU retransmits itself in Accepted, RFC 6026 §7.1).
    boost::system::result<step> send_response(int status) noexcept;
    /// A timer this transaction started has fired.
    step on_timer(timer t) noexcept;
    /// The transport failed to send a response (§17.2.4).
    step on_transport_error() noexcept;

    transaction::state state() const noexcept { return state_; }
    bool is_invite() const noexcept { return invite_; }
    /// The last response sent (0 before any): what a retransmission re-sends.
    int last_status() const noexcept { return last_status_; }

private:
    step terminate(step s, boost::system::error_code ec = {}) noexcept;

    timer_settings timers_;
    duration retransmit_interval_{0}; // the next Timer G interval
    int last_status_ = 0;
    transaction::state state_;
    bool invite_;
    bool reliable_;
};

} // namespace rvoip::transaction
