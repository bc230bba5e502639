// Incoming calls handled by an event handler: it accepts calls from friends and rejects the
// rest (the crate's ClientEventHandler with on_incoming_call).
//   client-auto-answer
#include <rvoip/client/client.hpp>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

using namespace rvoip::client;

namespace {

class answering_machine final : public client_event_handler
{
public:
    incoming_call_action on_incoming_call(incoming_call_event const& call) override
    {
        bool const known = call.caller.find("sip:friend@") == 0;
        std::cout << "incoming call from " << call.display_name << " <" << call.caller << ">"
                  << (call.subject.empty() ? "" : " about \"" + call.subject + "\"") << ": "
                  << (known ? "accept" : "reject") << "\n";
        return known ? incoming_call_action::accept : incoming_call_action::reject;
    }
    void on_call_state_changed(call_state_changed_event const& e) override
    {
        std::cout << "  call " << e.call << " " << to_string(e.new_state) << "\n";
        if (e.new_state == call_state::connected)
            ++answered;
    }
    std::atomic<int> answered{0};
};

} // namespace

int main()
{
    auto machine = std::make_shared<answering_machine>();
    auto office = client_builder().user("office").event_handler(machine).audio_devices(false).build();
    office->start().value();
    auto const office_uri = "sip:office@" + office->local_address();

    auto pal = client_builder().user("friend").display_name("A Friend").audio_devices(false).build();
    auto stranger = client_builder().user("stranger").audio_devices(false).build();
    pal->start().value();
    stranger->start().value();

    auto good = pal->make_call("sip:friend@" + pal->local_address(), office_uri, "lunch?").value();
    auto bad = stranger->make_call(office_uri).value();
    for (int i = 0; i < 100; ++i) {
        auto g = pal->get_call(good);
        auto b = stranger->get_call(bad);
        if (g && g->state == call_state::connected && b && is_final(b->state))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    auto const rejected = stranger->get_call(bad).value();
    std::cout << "friend: " << to_string(pal->get_call(good).value().state) << "; stranger: "
              << to_string(rejected.state) << " (" << rejected.end_reason << ")\n";
    pal->hangup_call(good).value();
    return machine->answered == 1 && rejected.end_status == 486 ? 0 : 1;
}
