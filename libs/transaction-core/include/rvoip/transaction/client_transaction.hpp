#pragma once
// The client transaction state machines of RFC 3261 §17.1 (INVITE: figure 5 with RFC 6026's
// Accepted state; non-INVITE: figure 6). Synchronous: events in, a step out; the owner sends
// the messages, runs the timers and keeps the request's bytes.

#include <rvoip/transaction/step.hpp>
#include <rvoip/transaction/timers.hpp>

namespace rvoip::transaction {

class client_transaction
{
public:
    /// `invite`: an INVITE transaction (else non-INVITE). `reliable`: the transport is
    /// reliable (TCP, TLS, WS), so the request is never retransmitted and the waiting timers
    /// D and K are zero (§17.1.1.2, §17.1.2.2).
    client_transaction(bool invite, bool reliable, timer_settings const& timers) noexcept;

    /// The request has been handed to the transport: start Timers A/B (INVITE) or E/F.
    step start() noexcept;
    /// A response matched this transaction (§17.1.3). Statuses outside 100-699 are ignored.
    step on_response(int status) noexcept;
    /// A timer this transaction started has fired.
    step on_timer(timer t) noexcept;
    /// The transport failed to send the request (§17.1.4).
    step on_transport_error() noexcept;

    transaction::state state() const noexcept { return state_; }
    bool is_invite() const noexcept { return invite_; }

private:
    step terminate(step s, boost::system::error_code ec = {}) noexcept;
    step on_invite_response(int status) noexcept;
    step on_non_invite_response(int status) noexcept;

    timer_settings timers_;
    duration retransmit_interval_{0}; // the next A or E interval
    transaction::state state_;
    bool invite_;
    bool reliable_;
};

} // namespace rvoip::transaction
