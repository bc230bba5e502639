// Two clients call each other on loopback, each sending a tone; each checks it hears the
// other's. Exit 0 only when both tones arrived.
//   client-tone-call
#include <rvoip/client/client.hpp>

#include "example_support.hpp"

#include <rvoip/media/tone_source.hpp>

#include <chrono>
#include <iostream>
#include <thread>

using namespace rvoip::client;

int main()
{
    auto alice = client_builder().user("alice").audio_devices(false).build();
    auto bob = client_builder().user("bob").audio_devices(false).build();
    auto alice_heard = std::make_shared<example::heard>();
    auto bob_heard = std::make_shared<example::heard>();
    auto answer = bob->subscribe({{event_kind::incoming_call}, {}, {}, event_priority::low}, [&](client_event const& e) {
        call_audio a;
        a.source = std::make_unique<rvoip::media::tone_source>(880, example::rate);
        a.sink = std::make_unique<example::recorder>(bob_heard);
        bob->answer_call(e.as<incoming_call_event>()->call, std::move(a)).then([](result<void>) {});
    });
    alice->start().value();
    bob->start().value();
    call_request r;
    r.to = "sip:bob@" + bob->local_address();
    r.audio.source = std::make_unique<rvoip::media::tone_source>(440, example::rate);
    r.audio.sink = std::make_unique<example::recorder>(alice_heard);
    auto id = alice->make_call(std::move(r)).value();
    bool a = false, b = false;
    for (int i = 0; i < 150 && !(a && b); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
        a = alice_heard->has_tone(880);
        b = bob_heard->has_tone(440);
    }
    std::cout << "alice hears 880 Hz: " << (a ? "yes" : "no") << "; bob hears 440 Hz: " << (b ? "yes" : "no") << "\n";
    alice->hangup_call(id).value();
    return a && b ? 0 : 1;
}
