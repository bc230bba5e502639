#include <rvoip/transaction/client_transaction.hpp>

#include <algorithm>

namespace rvoip::transaction {

client_transaction::client_transaction(bool invite, bool reliable,
                                       timer_settings const& timers) noexcept
    : timers_(timers),
      retransmit_interval_(timers.t1),
      state_(invite ? state::calling : state::trying),
      invite_(invite),
      reliable_(reliable)
{
}

step client_transaction::terminate(step s, boost::system::error_code ec) noexcept
{
    state_ = state::terminated;
    s.terminated = true;
    s.error = ec;
    return s;
}

step client_transaction::start() noexcept
{
    step s;
    // §17.1.1.2 / §17.1.2.2: retransmit only over unreliable transports; B and F always.
    if (!reliable_)
        s.start(invite_ ? timer::a : timer::e, timers_.t1);
    s.start(invite_ ? timer::b : timer::f, timers_.sixty_four_t1());
    return s;
}

step client_transaction::on_response(int status) noexcept
{
    if (status < 100 || status > 699 || state_ == state::terminated)
        return {};
    return invite_ ? on_invite_response(status) : on_non_invite_response(status);
}

step client_transaction::on_invite_response(int status) noexcept
{
    step s;
    switch (state_) {
    case state::calling:
    case state::proceeding:
        if (state_ == state::calling) {
            // Timer A and B only matter in Calling (§17.1.1.2).
            if (!reliable_)
                s.stop(timer::a);
            s.stop(timer::b);
        }
        s.pass_up = true;
        if (status < 200) {
            state_ = state::proceeding;
        } else if (status < 300) {
            // RFC 6026 §7.2: Accepted, so that 2xx retransmissions reach the TU (which ACKs
            // them) instead of creating new transactions.
            state_ = state::accepted;
            s.start(timer::m, timers_.sixty_four_t1());
        } else {
            // §17.1.1.3: ACK the non-2xx response, wait in Completed for retransmissions.
            state_ = state::completed;
            s.send_ack = true;
            s.start(timer::d, reliable_ ? duration{0} : std::max(duration{32000}, timers_.sixty_four_t1() / 2));
        }
        return s;
    case state::completed:
        // A retransmitted final response: ACK again, do not pass it up.
        s.send_ack = status >= 300;
        return s;
    case state::accepted:
        // RFC 6026 §7.2: retransmitted 2xx go to the TU; anything else is absorbed.
        s.pass_up = status >= 200 && status < 300;
        return s;
    default:
        return s;
    }
}

step client_transaction::on_non_invite_response(int status) noexcept
{
    step s;
    switch (state_) {
    case state::trying:
    case state::proceeding:
        s.pass_up = true;
        if (status < 200) {
            state_ = state::proceeding;
            return s;
        }
        // §17.1.2.2: a final response moves to Completed; Timer K absorbs retransmissions.
        state_ = state::completed;
        if (!reliable_)
            s.stop(timer::e);
        s.stop(timer::f);
        s.start(timer::k, reliable_ ? duration{0} : timers_.t4);
        return s;
    default:
        return s; // Completed absorbs retransmitted responses
    }
}

step client_transaction::on_timer(timer t) noexcept
{
    step s;
    switch (t) {
    case timer::a:
        if (state_ != state::calling)
            return s;
        // §17.1.1.2: retransmit, doubling the interval each time (no T2 cap for INVITE).
        s.retransmit = true;
        retransmit_interval_ *= 2;
        s.start(timer::a, retransmit_interval_);
        return s;
    case timer::e:
        if (state_ != state::trying && state_ != state::proceeding)
            return s;
        // §17.1.2.2: doubling up to T2 in Trying; every T2 once a provisional arrived.
        s.retransmit = true;
        retransmit_interval_ = state_ == state::trying
                                   ? std::min(retransmit_interval_ * 2, timers_.t2)
                                   : timers_.t2;
        s.start(timer::e, retransmit_interval_);
        return s;
    case timer::b:
        if (state_ != state::calling)
            return s;
        return terminate(s, errc::timed_out);
    case timer::f:
        if (state_ != state::trying && state_ != state::proceeding)
            return s;
        return terminate(s, errc::timed_out);
    case timer::d:
    case timer::k:
    case timer::m:
        if (state_ == state::completed || state_ == state::accepted)
            return terminate(s);
        return s;
    default:
        return s;
    }
}

step client_transaction::on_transport_error() noexcept
{
    if (state_ == state::terminated)
        return {};
    step s;
    // After the final response nothing is lost: the transaction just ends (§17.1.4 speaks of
    // a request that could not be sent).
    if (state_ == state::completed || state_ == state::accepted)
        return terminate(s, {});
    return terminate(s, errc::transport_failed);
}

} // namespace rvoip::transaction
