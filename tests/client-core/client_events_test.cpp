// Events: filters, priorities, the event handler (deciding on incoming calls), delivery on the
// application's executor, and the operation forms (callback, future, co_await, blocking).
#include "client_test_support.hpp"

#include <rvoip/client/awaitable.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coroutine>
#include <deque>

using namespace rvoip::client;
using namespace rvoip::client::test;
using namespace std::chrono_literals;

namespace {

/// Accepts calls from alice, rejects the rest, and counts what it is told.
struct screening_handler final : client_event_handler
{
    incoming_call_action on_incoming_call(incoming_call_event const& e) override
    {
        ++incoming;
        return e.caller.find("alice") != std::string::npos ? incoming_call_action::accept : incoming_call_action::reject;
    }
    void on_call_state_changed(call_state_changed_event const&) override { ++states; }
    void on_media_quality_changed(media_quality_changed_event const&) override { ++quality; }
    std::atomic<int> incoming{0}, states{0}, quality{0};
};

/// A minimal eager coroutine: runs to its first suspension, resumed by the operation.
struct fire_and_forget
{
    struct promise_type
    {
        fire_and_forget get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

fire_and_forget call_with_co_await(client& c, std::string to, std::promise<result<call_id>>& out)
{
    auto r = co_await c.make_call(std::move(to));
    out.set_value(r);
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_events_test)

BOOST_AUTO_TEST_CASE(filters_select_by_kind_call_state_and_priority)
{
    connected_pair p(440, 880);
    std::atomic<int> connected{0}, of_other_call{0}, high{0}, media{0};
    event_filter only_connected;
    only_connected.kinds = {event_kind::call_state_changed};
    only_connected.states = {call_state::connected, call_state::terminated};
    auto s1 = p.alice.c->subscribe(only_connected, [&](client_event const& e) {
        BOOST_TEST((e.as<call_state_changed_event>()->new_state == call_state::terminated));
        ++connected;
    });
    event_filter other;
    other.call = p.a + 100;
    auto s2 = p.alice.c->subscribe(other, [&](client_event const&) { ++of_other_call; });
    event_filter important;
    important.min_priority = event_priority::high;
    auto s3 = p.alice.c->subscribe(important, [&](client_event const& e) {
        BOOST_TEST((e.priority >= event_priority::high));
        ++high;
    });
    event_filter hold_events;
    hold_events.kinds = {event_kind::media};
    hold_events.call = p.a;
    auto s4 = p.alice.c->subscribe(hold_events, [&](client_event const&) { ++media; });
    p.alice.c->set_microphone_mute(p.a, true).value();
    s4.reset();
    p.alice.c->set_microphone_mute(p.a, false).value();
    BOOST_TEST(media == 1);
    p.alice.c->hangup_call(p.a).value();
    BOOST_TEST(eventually([&] { return connected == 1 && high >= 1; }));
    BOOST_TEST(of_other_call == 0);
}

BOOST_AUTO_TEST_CASE(the_event_handler_decides_on_incoming_calls)
{
    auto handler = std::make_shared<screening_handler>();
    party bob("bob", [&](client_builder& b) { b.event_handler(handler); });
    party alice("alice"), mallory("mallory");
    auto a = alice.c->make_call(bob.uri()).value();
    BOOST_TEST(alice.wait_state(a, call_state::connected));
    auto m = mallory.c->make_call(bob.uri()).value();
    BOOST_TEST(mallory.wait_state(m, call_state::failed));
    BOOST_TEST(mallory.c->get_call(m).value().end_status == 486);
    BOOST_TEST(handler->incoming == 2);
    auto pending = bob.log.of<call_state_changed_event>();
    BOOST_TEST(std::count_if(pending.begin(), pending.end(),
                             [](auto const& e) { return e.new_state == call_state::incoming_pending; }) == 2);
    auto net = bob.log.of<network_event>();
    BOOST_TEST_REQUIRE(!net.empty());
    BOOST_TEST(net.front().connected);
    BOOST_TEST(handler->states > 0);
    BOOST_TEST(eventually([&] { return handler->quality > 0; }));
}

BOOST_AUTO_TEST_CASE(events_are_delivered_on_the_applications_executor_in_order)
{
    std::mutex m;
    std::deque<std::function<void()>> queue;
    auto executor = [&](std::function<void()> task) {
        std::lock_guard lock(m);
        queue.push_back(std::move(task));
    };
    party alice("alice", [&](client_builder& b) { b.event_executor(executor); });
    party bob("bob", [](client_builder& b) { b.auto_answer(true); });
    auto const me = std::this_thread::get_id();
    std::vector<call_state> seen;
    auto sub = alice.c->subscribe([&](client_event const& e) {
        BOOST_TEST((std::this_thread::get_id() == me));
        if (auto const* s = e.as<call_state_changed_event>())
            seen.push_back(s->new_state);
    });
    auto a = alice.c->make_call(bob.uri()).value();
    BOOST_TEST(eventually([&] {
        std::deque<std::function<void()>> ready;
        {
            std::lock_guard lock(m);
            ready.swap(queue);
        }
        for (auto& t : ready)
            t();
        return !seen.empty() && seen.back() == call_state::connected;
    }));
    BOOST_TEST((seen.front() == call_state::initiating));
    alice.c->hangup_call(a).value();
}

BOOST_AUTO_TEST_CASE(an_operation_completes_as_a_callback_a_future_or_a_coroutine)
{
    party alice("alice"), bob("bob", [](client_builder& b) { b.auto_answer(true); });
    std::promise<result<call_id>> by_callback;
    alice.c->make_call(bob.uri()).then([&](result<call_id> r) { by_callback.set_value(r); });
    auto one = by_callback.get_future().get();
    BOOST_TEST_REQUIRE(one.has_value());

    auto two = alice.c->make_call(bob.uri()).future().get();
    BOOST_TEST_REQUIRE(two.has_value());
    BOOST_TEST(*two > *one);

    std::promise<result<call_id>> by_coroutine;
    call_with_co_await(*alice.c, bob.uri(), by_coroutine);
    auto three = by_coroutine.get_future().get();
    BOOST_TEST_REQUIRE(three.has_value());
    BOOST_TEST_REQUIRE(alice.wait_state(*three, call_state::connected));

    // Asio's awaitable, on the application's own io_context.
    boost::asio::io_context app;
    std::optional<result<void>> hung_up;
    boost::asio::co_spawn(
        app,
        [&]() -> boost::asio::awaitable<void> {
            hung_up = co_await async_wait(alice.c->hangup_call(*three), boost::asio::use_awaitable);
        },
        boost::asio::detached);
    app.run();
    BOOST_TEST_REQUIRE(hung_up.has_value());
    BOOST_TEST(hung_up->has_value());
    BOOST_TEST(alice.wait_state(*three, call_state::terminated));
}

BOOST_AUTO_TEST_CASE(waiting_on_the_clients_own_thread_is_refused_not_a_deadlock)
{
    party alice("alice"), bob("bob");
    std::promise<errc> seen;
    auto sub = alice.c->subscribe([&](client_event const& e) {
        if (e.kind() != event_kind::call_state_changed)
            return;
        // A MESSAGE waits for the network: blocking here would stop the thread it needs.
        auto r = alice.c->send_message(bob.uri(), "hi").get();
        static std::atomic<bool> once{false};
        if (!once.exchange(true))
            seen.set_value(r.has_value() ? errc::call_failed : r.error().code());
    });
    (void)alice.c->make_call(bob.uri()).value();
    BOOST_TEST((seen.get_future().get() == errc::would_block));
}

BOOST_AUTO_TEST_CASE(a_client_on_the_applications_io_context_needs_no_thread_of_its_own)
{
    boost::asio::io_context io;
    auto c = client_builder().io_context(io).audio_devices(false).build();
    auto started = c->start();
    BOOST_TEST(!started.ready()); // posted: runs when the application runs its io_context
    io.run_for(50ms);
    BOOST_TEST(started.ready());
    BOOST_TEST(started.get().has_value());
    BOOST_TEST(c->is_running());
    auto stopped = c->stop();
    io.run_for(100ms);
    BOOST_TEST(stopped.ready());
    BOOST_TEST(!c->is_running());
    auto after = c->make_call("sip:bob@127.0.0.1");
    io.restart(); // it ran out of work when the client stopped
    io.run_for(20ms);
    BOOST_TEST_REQUIRE(after.ready());
    BOOST_TEST((after.get().error().code() == errc::not_started));
}

BOOST_AUTO_TEST_CASE(a_callback_may_hang_up_call_again_or_destroy_its_client)
{
    party bob("bob", [](client_builder& b) { b.auto_answer(true); });
    auto alice = client_builder().user("alice").audio_devices(false).build();
    std::atomic<int> redials{0};
    std::promise<void> gone;
    std::unique_ptr<client>* self = &alice;
    auto sub = alice->subscribe([&](client_event const& e) {
        auto const* s = e.as<call_state_changed_event>();
        if (!s)
            return;
        if (s->new_state == call_state::connected) {
            (void)alice->hangup_call(s->call).get(); // ends the call under the emitting code
        } else if (s->new_state == call_state::terminated && redials++ == 0) {
            (void)alice->make_call(bob.uri()).get(); // a new record while the old one goes
        } else if (s->new_state == call_state::terminated) {
            self->reset();                           // the client destroyed from its own thread
            gone.set_value();
        }
    });
    alice->start().value();
    (void)alice->make_call(bob.uri()).value();
    BOOST_TEST((gone.get_future().wait_for(5s) == std::future_status::ready));
    BOOST_TEST(redials == 2);
    sub.reset();
}

BOOST_AUTO_TEST_CASE(call_ids_of_an_earlier_start_are_not_reused_and_stop_ends_waiting_operations)
{
    party bob("bob");
    auto c = client_builder().user("alice").audio_devices(false).build();
    c->start().value();
    auto first = c->make_call(bob.uri()).value();
    c->stop().value();
    c->start().value();
    auto second = c->make_call(bob.uri()).value();
    BOOST_TEST(second > first);
    BOOST_TEST((c->hangup_call(first).get().has_value())); // ended: hanging up again is fine
    BOOST_TEST(is_final(c->get_call(first).value().state)); // from the history, not the new call
    BOOST_TEST((c->hold_call(first).get().error().code() == errc::call_not_found));
    // A MESSAGE to a port where nobody listens waits for Timer F; stop() ends the wait.
    auto waiting = c->send_message("sip:nobody@127.0.0.1:9", "anyone?");
    c->stop().value();
    auto r = waiting.get();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code() == errc::stopped));
}

BOOST_AUTO_TEST_SUITE_END()
