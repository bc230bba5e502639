#include <rvoip/transaction/server_transaction.hpp>

#include <algorithm>

namespace rvoip::transaction {

server_transaction::server_transaction(bool invite, bool reliable,
                                       timer_settings const& timers) noexcept
    : timers_(timers),
      retransmit_interval_(timers.t1),
      state_(invite ? state::proceeding : state::trying),
      invite_(invite),
      reliable_(reliable)
{
}

step server_transaction::terminate(step s, boost::system::error_code ec) noexcept
{
    state_ = state::terminated;
    s.terminated = true;
    s.error = ec;
    return s;
}

step server_transaction::start() noexcept
{
    step s;
    s.pass_up = true;
    if (invite_)
        s.start(timer::trying_100, duration{200});
    return s;
}

step server_transaction::on_request_retransmission() noexcept
{
    step s;
    switch (state_) {
    case state::proceeding:
    case state::completed:
        // §17.2.1 / §17.2.2: answer a retransmitted request with the last response sent.
        s.retransmit = last_status_ != 0;
        return s;
    default:
        // Trying (no response yet), Accepted (RFC 6026 §7.1), Confirmed: absorbed.
        return s;
    }
}

step server_transaction::on_ack() noexcept
{
    step s;
    if (!invite_)
        return s;
    if (state_ == state::completed) {
        // §17.2.1: the ACK of a non-2xx: stop retransmitting, absorb further ACKs for Timer I.
        state_ = state::confirmed;
        if (!reliable_)
            s.stop(timer::g);
        s.stop(timer::h);
        s.start(timer::i, reliable_ ? duration{0} : timers_.t4);
    } else if (state_ == state::accepted) {
        // RFC 6026 §7.1: the ACK of a 2xx belongs to the TU.
        s.pass_up = true;
    }
    return s;
}

boost::system::result<step> server_transaction::send_response(int status) noexcept
{
    if (status < 100 || status > 699)
        return errc::not_a_response;
    step s;
    bool const provisional = status < 200;
    switch (state_) {
    case state::trying:
    case state::proceeding:
        break;
    case state::accepted:
        // RFC 6026 §7.1: the TU retransmits its 2xx through the Accepted transaction.
        if (invite_ && status >= 200 && status < 300) {
            last_status_ = status;
            return s;
        }
        return errc::wrong_state;
    default:
        return errc::wrong_state;
    }
    if (invite_ && state_ == state::proceeding && last_status_ == 0)
        s.stop(timer::trying_100); // the TU answered in time
    last_status_ = status;
    if (provisional) {
        state_ = state::proceeding;
        return s;
    }
    if (!invite_) {
        // §17.2.2: Completed absorbs request retransmissions for Timer J.
        state_ = state::completed;
        s.start(timer::j, reliable_ ? duration{0} : timers_.sixty_four_t1());
        return s;
    }
    if (status < 300) {
        // RFC 6026 §7.1: Accepted for Timer L; 2xx retransmission is the TU's job.
        state_ = state::accepted;
        s.start(timer::l, timers_.sixty_four_t1());
        return s;
    }
    // §17.2.1: Completed, retransmitting the response (Timer G) until the ACK (Timer H).
    state_ = state::completed;
    if (!reliable_)
        s.start(timer::g, retransmit_interval_);
    s.start(timer::h, timers_.sixty_four_t1());
    return s;
}

step server_transaction::on_timer(timer t) noexcept
{
    step s;
    switch (t) {
    case timer::trying_100:
        if (state_ == state::proceeding && last_status_ == 0) {
            s.send_trying = true;
            last_status_ = 100;
        }
        return s;
    case timer::g:
        if (state_ != state::completed)
            return s;
        s.retransmit = true;
        retransmit_interval_ = std::min(retransmit_interval_ * 2, timers_.t2);
        s.start(timer::g, retransmit_interval_);
        return s;
    case timer::h:
        if (state_ != state::completed)
            return s;
        // §17.2.1: no ACK arrived; tell the TU.
        return terminate(s, errc::timed_out);
    case timer::i:
        return state_ == state::confirmed ? terminate(s) : s;
    case timer::j:
        return state_ == state::completed && !invite_ ? terminate(s) : s;
    case timer::l:
        return state_ == state::accepted ? terminate(s) : s;
    default:
        return s;
    }
}

step server_transaction::on_transport_error() noexcept
{
    if (state_ == state::terminated)
        return {};
    step s;
    return terminate(s, errc::transport_failed);
}

} // namespace rvoip::transaction
