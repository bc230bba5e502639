#pragma once
// The client's insides: its thread and io_context, the session layer it drives, what it knows
// of calls, registrations and presence, and how operations and events cross threads. Every
// member below `hub` is touched on the client's thread only.

#include <rvoip/client/client.hpp>
#include <rvoip/client/event_dispatcher.hpp>

#include "call_audio_tap.hpp"

#include <rvoip/media/audio_device.hpp>
#include <rvoip/session/layer.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

namespace rvoip::client {

namespace detail {

struct call_record
{
    call_info info;
    std::shared_ptr<audio_tap> tap;
    std::size_t quality_samples = 0; ///< taken so far (their history is the session layer's report)
    std::unique_ptr<boost::asio::steady_timer> no_answer; ///< client_config::session_timeout
    bool audio_started = false;
};

struct registration_record
{
    registration_info info;
    /// Operations waiting for the registrar: `removal` ones (unregister) for the binding's
    /// removal, the others (register, refresh) for the next acceptance; a failure fails all.
    struct waiter
    {
        bool removal;
        std::function<void(result<void>)> done;
    };
    std::vector<waiter> waiting;
};

struct presence_record
{
    std::string uri;
    std::vector<std::function<void(result<void>)>> waiting; ///< the SUBSCRIBE's first outcome
    bool settled = false;
};

/// A session-core or dialog-core error as the client's.
error from_layer(boost::system::error_code ec, std::string_view what);

/// "Name <sip:x>" or "sip:x" -> the display name (unquoted) and URI.
void split_name_addr(std::string_view text, std::string& display, std::string& uri);
/// A session-core quality sample as the client reports it (history and count left empty).
call_quality to_quality(session::quality_sample const& s);
/// A call's session-core media counters as the client reports them.
media_statistics to_statistics(session::media_statistics const& s, std::string codec);

} // namespace detail

struct client::impl : std::enable_shared_from_this<client::impl>
{
    explicit impl(client_config c);

    client_config config;
    std::unique_ptr<boost::asio::io_context> own_io;
    boost::asio::io_context* io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
    std::thread thread;
    std::atomic<bool> running{false};
    std::shared_ptr<event_dispatcher> hub = std::make_shared<event_dispatcher>();

    std::unique_ptr<session::layer> layer;
    std::unordered_map<call_id, detail::call_record> calls;
    std::deque<call_info> history;
    /// The last counters of each call in `history` (same order): what get_media_statistics
    /// answers once a call has ended.
    std::deque<std::pair<call_id, media_statistics>> ended_media;
    call_id last_issued = 0;
    std::map<registration_id, detail::registration_record> registrations;
    std::map<presence_subscription_id, detail::presence_record> presence;
    std::optional<dialog::publication_id> publication;
    std::vector<std::function<void(result<void>)>> publish_waiting;
    /// MESSAGEs waiting for their final response (completed with errc::stopped at teardown:
    /// the dialog layer goes without calling its handlers).
    std::map<std::uint64_t, std::function<void(result<void>)>> message_waiting;
    std::uint64_t next_message = 1;
    /// A registration_changed that came while start_registration() was still inside
    /// dialog-core (a REGISTER that could not be sent fails at once).
    std::optional<std::pair<registration_id, dialog::registration_changed::state>> early_registration;
    std::optional<error> early_registration_error;
    std::string local_address;
    std::string local_uri;
    client_stats stats;
    std::unique_ptr<media::audio_backend> backend;
    /// The taps of live calls, for send_audio_frame() from the application's thread.
    mutable std::mutex taps_mutex;
    std::unordered_map<call_id, std::shared_ptr<detail::audio_tap>> taps;

    // --- threads ---------------------------------------------------------------------------
    bool on_client_thread() const noexcept;
    /// Runs `f(impl&, state)` on the client's thread (at once when already there); `f`
    /// completes the state, now or later.
    template<class T, class F> operation<T> post_op(F f)
    {
        auto state = std::make_shared<detail::operation_state<T>>(
            [io = io] { return io->get_executor().running_in_this_thread(); });
        auto task = [self = shared_from_this(), state, f = std::move(f)]() mutable {
            ++self->busy;
            f(*self, state);
            self->idle();
        };
        if (on_client_thread())
            task();
        else
            boost::asio::post(*io, std::move(task));
        return operation<T>(state);
    }
    /// Runs `f(impl&) -> result<T>` on the client's thread, needing a started client.
    template<class T, class F> operation<T> run(F f)
    {
        return post_op<T>([f = std::move(f)](impl& m, auto const& state) mutable {
            if (!m.layer) {
                state->complete(error(errc::not_started, "the client is not started: call start() first"));
                return;
            }
            auto r = f(m);
            m.flush_events(); // the operation's events reach subscribers before it completes
            state->complete(std::move(r));
        });
    }
    /// Runs `f()` on the client's thread and waits for its value.
    template<class F> auto query(F f) const -> decltype(f())
    {
        if (on_client_thread())
            return f();
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto value = task.get_future();
        boost::asio::post(*io, [&task] { task(); });
        return value.get();
    }

    // --- lifecycle (client.cpp) ------------------------------------------------------------
    result<void> start_on_thread();
    void stop_on_thread(std::function<void()> done);
    void teardown();
    session::layer_options layer_options() const;

    // --- calls (client_calls.cpp) ----------------------------------------------------------
    detail::call_record* find(call_id id);
    detail::call_record const* find(call_id id) const;
    result<detail::call_record*> live_call(call_id id);
    result<call_id> make_call(call_request request);
    result<void> answer(call_id id, call_audio audio);
    /// The call's ports, wrapped for the tap; opens the sound card as configured.
    void prepare_audio(call_audio& audio, std::shared_ptr<detail::audio_tap> const& tap,
                       std::optional<call_id> call);
    void refresh_info(detail::call_record& r);
    void set_state(detail::call_record& r, call_state s, std::string reason = {});
    detail::call_record& add_call(call_id id, call_direction direction, std::shared_ptr<detail::audio_tap> tap);
    void finish(call_id id, session::call_ended const& e);
    static call_quality quality_of(session::call_report const& report);

    // --- events (client_events.cpp) --------------------------------------------------------
    /// Events are queued while the client's own code runs (an operation, a session event) and
    /// delivered when it is done, so that a callback may call back into the client (hang up,
    /// call again) without pulling records from under the code that emitted.
    int busy = 0;
    std::deque<client_event> queued;
    void emit(client_event e);
    /// Leaves a busy section; delivers what was queued when the outermost one ends.
    void idle();
    /// Delivers what is queued now when only the current section is busy.
    void flush_events();
    void drain();
    void deliver(client_event const& e);
    void on_session_event(session::event const& e);
    void on_incoming(session::incoming_call const& e);
    void on_media(session::media_updated const& e);
    void on_dialog_event(dialog::event const& e);
    void error_event(std::optional<call_id> call, error const& e);

    // --- registrations, messages, presence (client_registration.cpp) -----------------------
    result<registration_id> start_registration(registration_config const& c,
                                               std::function<void(result<void>)> done);
    void on_registration(dialog::registration_changed const& e);
    void on_request(dialog::request_received const& r);
    void on_notification(dialog::notification const& n);
    void on_subscription_ended(dialog::subscription_ended const& s);
    void on_publication(dialog::publication_changed const& p);
};

} // namespace rvoip::client
