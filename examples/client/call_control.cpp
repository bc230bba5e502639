// Call control operations: hold and resume, mute, DTMF, blind transfer, each confirmed by the
// event it causes at the other end.
//   client-call-control
#include <rvoip/client/client.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <thread>

using namespace rvoip::client;
using namespace std::chrono_literals;

namespace {

bool wait_for(std::function<bool()> const& done)
{
    for (int i = 0; i < 250; ++i) {
        if (done())
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

std::unique_ptr<client> phone(std::string const& user)
{
    auto c = client_builder().user(user).auto_answer(true).audio_devices(false).build();
    c->start().value();
    return c;
}

} // namespace

int main()
{
    auto alice = phone("alice"), bob = phone("bob"), carol = phone("carol");
    std::string digits;
    std::mutex m;
    auto dtmf = bob->subscribe({{event_kind::dtmf_received}, {}, {}, event_priority::low}, [&](client_event const& e) {
        std::lock_guard lock(m);
        digits += e.as<dtmf_received_event>()->digit;
    });
    auto id = alice->make_call("sip:bob@" + bob->local_address()).value();
    auto state = [](client& c, call_id call) {
        auto i = c.get_call(call);
        return i ? i->state : call_state::terminated;
    };
    bool ok = wait_for([&] { return state(*alice, id) == call_state::connected; });
    std::cout << "connected: " << ok << "\n";

    alice->hold_call(id).value();
    // The hold is done when Alice's re-INVITE has been answered (her call is 'held') and Bob
    // sees it; a resume while the hold is still under way would be refused.
    ok &= wait_for([&] { return state(*alice, id) == call_state::held; });
    ok &= wait_for([&] { return bob->list_calls().size() == 1 && bob->list_calls()[0].remote_hold; });
    std::cout << "held: bob sees remote hold " << ok << "\n";
    alice->resume_call(id).value();
    ok &= wait_for([&] { return state(*alice, id) == call_state::connected; });
    std::cout << "resumed: " << ok << "\n";

    alice->set_microphone_mute(id, true).value();
    std::cout << "microphone muted: " << alice->is_microphone_muted(id).value() << "\n";
    alice->set_microphone_mute(id, false).value();

    alice->send_dtmf(id, "123#").value();
    ok &= wait_for([&] {
        std::lock_guard lock(m);
        return digits == "123#";
    });
    std::cout << "bob received DTMF " << digits << "\n";
    auto bad = alice->send_dtmf(id, "12x").get();
    std::cout << "send_dtmf(\"12x\"): " << bad.error().what() << "\n";

    // Alice hands Bob over to Carol.
    alice->transfer_call(id, "sip:carol@" + carol->local_address()).value();
    ok &= wait_for([&] { return carol->get_active_calls().size() == 1; });
    ok &= wait_for([&] { return state(*alice, id) == call_state::terminated; });
    std::cout << "transferred: carol talks to " << (carol->get_active_calls().empty() ? "nobody" : carol->get_active_calls()[0].remote_uri) << "\n";
    for (auto const& c : carol->list_calls())
        (void)carol->hangup_call(c.id).get();
    return ok && !bad ? 0 : 1;
}
