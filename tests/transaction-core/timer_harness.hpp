#pragma once
// A manual clock for the transaction state machines: applies each step's timer operations and
// fires due timers in time order, so RFC timer behaviour is tested in microseconds.

#include <rvoip/transaction/step.hpp>

#include <map>
#include <vector>

namespace rvoip::test {

namespace tx = rvoip::transaction;

struct timer_harness
{
    tx::duration now{0};
    std::map<tx::timer, tx::duration> due;
    std::vector<tx::duration> retransmit_times;
    int acks = 0;
    int passed_up = 0;
    int tryings = 0;
    bool terminated = false;
    boost::system::error_code error;
    tx::duration terminated_at{-1};

    void apply(tx::step const& s)
    {
        for (auto const& op : s.timers()) {
            if (op.start)
                due[op.which] = now + op.after;
            else
                due.erase(op.which);
        }
        if (s.retransmit)
            retransmit_times.push_back(now);
        acks += s.send_ack;
        passed_up += s.pass_up;
        tryings += s.send_trying;
        if (s.terminated && !terminated) {
            terminated = true;
            error = s.error;
            terminated_at = now;
        }
    }

    /// Fires every timer due up to `until` (in time order) into `machine`.
    template<class Machine>
    void advance(Machine& machine, tx::duration until)
    {
        for (;;) {
            auto next = due.end();
            for (auto it = due.begin(); it != due.end(); ++it)
                if (it->second <= until && (next == due.end() || it->second < next->second))
                    next = it;
            if (next == due.end() || terminated)
                break;
            auto const which = next->first;
            now = next->second;
            due.erase(next);
            apply(machine.on_timer(which));
        }
        if (!terminated)
            now = until;
    }
};

} // namespace rvoip::test
