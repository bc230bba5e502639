#pragma once
// Clients on loopback, each on its own thread, as an application runs them: what they hear is
// captured (thread-safe), every event is logged, and the test waits for conditions with a
// deadline instead of sleeping for fixed times.

#include <rvoip/client/client.hpp>

#include "client_audio_support.hpp"

#include <rvoip/media/tone_source.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rvoip::client::test {

/// Every event of a client, kept in order.
struct event_log
{
    std::mutex mutex;
    std::vector<client_event> events;

    void add(client_event const& e)
    {
        if (std::getenv("RVOIP_TEST_TRACE"))
        {
            std::cerr << "event " << to_string(e.kind());
            if (auto const* err = e.as<client_error_event>())
                std::cerr << ": " << err->message;
            std::cerr << "\n";
        }
        std::lock_guard lock(mutex);
        events.push_back(e);
    }
    template<class T> std::vector<T> of()
    {
        std::lock_guard lock(mutex);
        std::vector<T> out;
        for (auto const& e : events)
            if (auto const* p = e.as<T>())
                out.push_back(*p);
        return out;
    }
    template<class T> bool wait_for(std::function<bool(T const&)> pred, std::chrono::milliseconds limit = std::chrono::seconds{5})
    {
        return eventually(
            [&] {
                for (auto const& e : of<T>())
                    if (pred(e))
                        return true;
                return false;
            },
            limit);
    }
    /// The states a call went through.
    std::vector<call_state> states(call_id id)
    {
        std::vector<call_state> out;
        for (auto const& e : of<call_state_changed_event>())
            if (e.call == id)
                out.push_back(e.new_state);
        return out;
    }
};

/// One started client on 127.0.0.1 (any port), without sound card, logging its events.
struct party
{
    explicit party(std::string user, std::function<void(client_builder&)> tune = {})
        : name(std::move(user))
    {
        client_builder b;
        b.local_address("127.0.0.1:0").user(name).display_name(name + " test").audio_devices(false)
            .quality_interval(std::chrono::milliseconds{500});
        if (tune)
            tune(b);
        c = b.build();
        subscription = c->subscribe([this](client_event const& e) { log.add(e); });
        c->start().value();
    }

    std::string uri() const { return "sip:" + name + "@" + c->local_address(); }

    std::shared_ptr<heard_audio> heard = std::make_shared<heard_audio>();
    call_audio audio(double hz)
    {
        call_audio a;
        if (hz > 0)
            a.source = std::make_unique<media::tone_source>(hz, rate);
        a.sink = std::make_unique<capture_sink>(heard);
        return a;
    }
    /// The id of the latest incoming call, once it came.
    call_id wait_incoming()
    {
        BOOST_TEST_REQUIRE(log.wait_for<incoming_call_event>([](auto const&) { return true; }));
        return log.of<incoming_call_event>().back().call;
    }
    bool wait_state(call_id id, call_state s, std::chrono::milliseconds limit = std::chrono::seconds{5})
    {
        return log.wait_for<call_state_changed_event>(
            [&](auto const& e) { return e.call == id && e.new_state == s; }, limit);
    }

    std::string name;
    event_log log;
    std::unique_ptr<client> c;
    event_subscription subscription;
};

/// Alice calls Bob with tones (alice_hz, bob_hz); Bob answers; both are connected.
struct connected_pair
{
    explicit connected_pair(double alice_hz = 440, double bob_hz = 880,
                            std::function<void(client_builder&)> tune_alice = {},
                            std::function<void(client_builder&)> tune_bob = {})
        : alice("alice", std::move(tune_alice)), bob("bob", std::move(tune_bob))
    {
        call_request r;
        r.to = bob.uri();
        r.subject = "test call";
        r.audio = alice.audio(alice_hz);
        a = alice.c->make_call(std::move(r)).value();
        b = bob.wait_incoming();
        bob.c->answer_call(b, bob.audio(bob_hz)).value();
        BOOST_TEST_REQUIRE(alice.wait_state(a, call_state::connected));
        BOOST_TEST_REQUIRE(bob.wait_state(b, call_state::connected));
    }
    party alice, bob;
    call_id a = 0, b = 0;
};

} // namespace rvoip::client::test
