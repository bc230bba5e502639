// The production softphone loop with a quality monitor: events by subscription, a quality line
// for every sample (MOS, loss, jitter, RTT, all measured), and a summary when the call ends.
//   client-softphone-loop [SECONDS]
// Calls a second client on loopback that answers with a tone.
#include <rvoip/client/client.hpp>

#include "example_support.hpp"

#include <rvoip/media/tone_source.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

using namespace rvoip::client;

int main(int argc, char** argv)
{
    int const seconds = argc > 1 ? std::atoi(argv[1]) : 3;
    auto bob = client_builder().user("bob").audio_devices(false).quality_interval(std::chrono::seconds{1}).build();
    auto alice = client_builder().user("alice").audio_devices(false).quality_interval(std::chrono::seconds{1}).build();

    // Bob answers every call with a 600 Hz tone.
    auto answering = bob->subscribe({{event_kind::incoming_call}, {}, {}, event_priority::low}, [&](client_event const& e) {
        call_audio a;
        a.source = std::make_unique<rvoip::media::tone_source>(600, example::rate);
        bob->answer_call(e.as<incoming_call_event>()->call, std::move(a)).then([](result<void> r) {
            if (!r)
                std::cerr << "answer failed: " << r.error().what() << "\n";
        });
    });

    std::atomic<int> samples{0};
    std::atomic<bool> ended{false};
    auto monitor = alice->subscribe([&](client_event const& e) {
        if (auto const* s = e.as<call_state_changed_event>()) {
            std::printf("call %llu: %s -> %s %s\n", static_cast<unsigned long long>(s->call),
                        std::string{to_string(s->previous_state)}.c_str(), std::string{to_string(s->new_state)}.c_str(),
                        s->reason.c_str());
            ended = ended || is_final(s->new_state);
        } else if (auto const* q = e.as<media_quality_changed_event>()) {
            ++samples;
            std::printf("quality: MOS %.2f (R %.0f) loss %.1f%% jitter %.1f ms RTT %.1f ms%s\n", q->quality.mos,
                        q->quality.r_factor, q->quality.loss_pct, q->quality.jitter_ms, q->quality.rtt_ms,
                        q->degraded ? "  [degraded]" : "");
        } else if (auto const* x = e.as<client_error_event>()) {
            std::printf("error: %s\n", x->message.c_str());
        }
    });

    bob->start().value();
    alice->start().value();
    auto heard = std::make_shared<example::heard>();
    call_request r;
    r.to = "sip:bob@" + bob->local_address();
    r.audio.sink = std::make_unique<example::recorder>(heard);
    auto call = alice->make_call(std::move(r)).value();
    std::this_thread::sleep_for(std::chrono::seconds{seconds});
    bool const tone = heard->has_tone(600);
    auto quality = alice->get_call_quality(call);
    alice->hangup_call(call).value();
    for (int i = 0; i < 100 && !ended; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    auto info = alice->get_call(call).value();
    std::printf("summary: codec %s, %s, heard the 600 Hz tone: %s, %d quality samples, final MOS %.2f\n",
                info.codec.c_str(), info.srtp ? "SRTP" : "RTP", tone ? "yes" : "no", samples.load(),
                quality ? quality->mos : 0.0);
    return tone && samples > 0 && ended ? 0 : 1;
}
