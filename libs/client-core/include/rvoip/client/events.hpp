#pragma once
// What a client reports (the crate's ClientEvent): each event a plain struct, all of them in
// one client_event with its priority; subscriptions with filters; and an event handler
// interface for applications that prefer callbacks by kind (and decide on incoming calls).
//
// Events are delivered on the client's own thread, or through the executor given to
// client_builder::event_executor(), in the order they happened. A handler may call any client
// method (the blocking forms of operations that wait for the network excepted: use then()).

#include <rvoip/client/error.hpp>
#include <rvoip/client/types.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rvoip::client {

enum class event_priority : std::uint8_t
{
    low,      ///< quality samples, media details
    normal,   ///< state changes, DTMF, messages
    high,     ///< incoming calls, transfers, registration changes
    critical, ///< errors
};

/// A call came in: answer_call() or reject_call() it (or let the event handler decide).
struct incoming_call_event
{
    call_id call = 0;
    std::string caller;        ///< the From URI
    std::string callee;        ///< the To URI
    std::string display_name;  ///< the From display name (may be empty)
    std::string subject;
    /// Set when this call replaces that one of ours (an INVITE with Replaces, RFC 3891: the
    /// end of an attended transfer): the stack has answered it already with the replaced
    /// call's audio, so there is nothing to answer or reject (the event handler is not asked).
    std::optional<call_id> replaces;
};
struct call_state_changed_event
{
    call_id call = 0;
    call_state new_state = call_state::initiating;
    call_state previous_state = call_state::initiating;
    std::string reason; ///< for final states: why the call ended
};
enum class media_event_kind : std::uint8_t
{
    microphone_muted,
    microphone_unmuted,
    speaker_muted,
    speaker_unmuted,
    hold_started,
    hold_ended,
    dtmf_sent,
    audio_started,   ///< the negotiated media runs
    audio_stopped,   ///< the call's media ended
    codec_changed,   ///< a re-offer switched the codec
};
std::string_view to_string(media_event_kind k) noexcept;
struct media_event
{
    call_id call = 0;
    media_event_kind kind = media_event_kind::audio_started;
    std::string detail; ///< the codec, the digits sent, ...
};
/// A quality sample of a call (every quality interval), from measurement.
struct media_quality_changed_event
{
    call_id call = 0;
    call_quality quality; ///< the sample (history empty)
    bool degraded = false; ///< MOS below 3.6 (users notice)
};
enum class dtmf_source : std::uint8_t
{
    rfc4733,
    sip_info,
    inband,
};
struct dtmf_received_event
{
    call_id call = 0;
    char digit = 0;
    dtmf_source via = dtmf_source::rfc4733;
};
struct registration_status_changed_event
{
    registration_id registration = 0;
    std::string server;
    std::string from_uri;
    registration_state state = registration_state::registering;
    std::uint32_t expires = 0;
    int status = 0;
    std::string reason;
};
/// The peer asked us to transfer (REFER): the client follows it, calling `target` as `new_call`.
struct incoming_transfer_request_event
{
    call_id call = 0;
    call_id new_call = 0;
    std::string target;
};
/// How a transfer we asked for goes (NOTIFY sipfrag): the transferee's new call's status.
struct transfer_progress_event
{
    call_id call = 0;
    int status = 0;
    bool final = false;
};
struct message_received_event
{
    std::string from;
    std::string to;
    std::string content_type;
    std::string body;
};
struct presence_changed_event
{
    presence_subscription_id subscription = 0;
    std::string presentity;
    presence_status status = presence_status::unknown;
    std::string note;
};
struct network_event
{
    bool connected = true;
    std::string detail;
};
struct client_error_event
{
    std::optional<call_id> call;
    errc code = errc::media_failure;
    error_category category = error_category::system;
    std::string message;
};

enum class event_kind : std::uint8_t
{
    incoming_call,
    call_state_changed,
    media,
    media_quality_changed,
    dtmf_received,
    registration_status_changed,
    incoming_transfer_request,
    transfer_progress,
    message_received,
    presence_changed,
    network,
    client_error,
};
std::string_view to_string(event_kind k) noexcept;

using event_payload =
    std::variant<incoming_call_event, call_state_changed_event, media_event, media_quality_changed_event,
                 dtmf_received_event, registration_status_changed_event, incoming_transfer_request_event,
                 transfer_progress_event, message_received_event, presence_changed_event, network_event,
                 client_error_event>;

/// One event with its priority.
struct client_event
{
    event_payload payload;
    event_priority priority = event_priority::normal;

    event_kind kind() const noexcept { return static_cast<event_kind>(payload.index()); }
    /// The call it is about, when it is about one.
    std::optional<call_id> call() const noexcept;
    /// The payload as `T`, or null.
    template<class T> T const* as() const noexcept { return std::get_if<T>(&payload); }
};

/// Which events a subscription receives: all conditions hold (an empty list matches all).
struct event_filter
{
    std::vector<event_kind> kinds;
    std::optional<call_id> call;           ///< events about this call only
    std::vector<call_state> states;        ///< call_state_changed to one of these only
    event_priority min_priority = event_priority::low;

    bool matches(client_event const& e) const noexcept;
};

/// A subscription; unsubscribes when destroyed (or reset()). Movable.
class event_subscription
{
public:
    event_subscription() = default;
    event_subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
    ~event_subscription() { reset(); }
    event_subscription(event_subscription&& o) noexcept : cancel_(std::exchange(o.cancel_, {})) {}
    event_subscription& operator=(event_subscription&& o) noexcept
    {
        if (this != &o) {
            reset();
            cancel_ = std::exchange(o.cancel_, {});
        }
        return *this;
    }
    event_subscription(event_subscription const&) = delete;
    event_subscription& operator=(event_subscription const&) = delete;
    /// Ends the subscription: no delivery to it starts after this returns. One already running
    /// on the delivery thread (this subscription's own callback, or one racing a reset from
    /// another thread) finishes.
    void reset()
    {
        if (cancel_)
            std::exchange(cancel_, {})();
    }
    bool active() const noexcept { return static_cast<bool>(cancel_); }

private:
    std::function<void()> cancel_;
};

/// What to do with an incoming call.
enum class incoming_call_action : std::uint8_t
{
    accept, ///< answer it now (with the client's default audio)
    reject, ///< refuse it (486 Busy Here)
    ignore, ///< leave it ringing: answer_call() / reject_call() later
};

/// Callbacks by kind (the crate's ClientEventHandler). Override what you need; each is called
/// where subscriptions are, after them.
class client_event_handler
{
public:
    virtual ~client_event_handler() = default;
    virtual incoming_call_action on_incoming_call(incoming_call_event const&) { return incoming_call_action::ignore; }
    virtual void on_call_state_changed(call_state_changed_event const&) {}
    virtual void on_media_event(media_event const&) {}
    virtual void on_media_quality_changed(media_quality_changed_event const&) {}
    virtual void on_dtmf_received(dtmf_received_event const&) {}
    virtual void on_registration_status_changed(registration_status_changed_event const&) {}
    virtual void on_incoming_transfer_request(incoming_transfer_request_event const&) {}
    virtual void on_transfer_progress(transfer_progress_event const&) {}
    virtual void on_message_received(message_received_event const&) {}
    virtual void on_presence_changed(presence_changed_event const&) {}
    virtual void on_network_event(network_event const&) {}
    virtual void on_client_error(client_error_event const&) {}
};

} // namespace rvoip::client
