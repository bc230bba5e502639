#pragma once
// The client: a SIP user agent with calls and their media, registrations, messages and
// presence (the crate's Client). Build it with client_builder, start() it, and call it from
// any thread: every method posts its work to the client's io_context thread (its own, or the
// application's) and no thread has to be registered or polled.
//
// Operations return an operation<T>, already running, whose outcome is taken one way:
//
//     auto id = client->make_call("sip:bob@127.0.0.1:5062").value();   // blocks, throws error
//     auto r  = client->make_call("sip:bob@127.0.0.1:5062").get();     // blocks, result<call_id>
//     client->hold_call(id).then([](result<void> r) { ... });          // callback
//     auto f  = client->send_message(to, "hi").future();               // std::future
//     auto r2 = co_await client->hangup_call(id);                       // any C++20 coroutine
//
// Operations on calls complete once the layer below took them (an INVITE sent, a re-INVITE
// sent: the outcome comes as events); register_account, unregister, refresh_registration,
// send_message, subscribe_presence and publish_presence complete with the server's answer.
// Queries (get_*, list_*, is_*) return values directly. Call ids that named a call that ended
// give errc::call_not_found (hangup_call excepted: hanging up an ended call succeeds).

#include <rvoip/client/client_builder.hpp>
#include <rvoip/client/error.hpp>
#include <rvoip/client/events.hpp>
#include <rvoip/client/media_config.hpp>
#include <rvoip/client/operation.hpp>
#include <rvoip/client/types.hpp>

#include <rvoip/media/audio_port.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::client {

/// The audio of one call. Ports run at client_config::audio_rate. Without ports, the sound
/// card when client_config::use_audio_devices (the named devices here, or the client's), else
/// silence.
struct call_audio
{
    std::unique_ptr<media::audio_source> source;
    std::unique_ptr<media::audio_sink> sink;
    std::string input_device;
    std::string output_device;
};

/// A call to make.
struct call_request
{
    std::string to;      ///< a SIP URI ("sip:bob@example.com") or name-addr
    std::string from;    ///< empty: the client's identity
    std::string subject;
    call_audio audio;
    /// INVITE without SDP: the callee offers in its 2xx.
    bool late_offer = false;
    /// Extra headers of the INVITE (name, value).
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Decoded audio of a call, as it is played (after the jitter buffer, decoder and speaker
/// mute), one frame per call on the client's thread: keep the callback short.
using audio_frame_callback = std::function<void(std::span<std::int16_t const> samples, int sample_rate)>;

class client
{
public:
    explicit client(client_config config);
    ~client();
    client(client const&) = delete;
    client& operator=(client const&) = delete;

    // --- lifecycle ------------------------------------------------------------------------
    /// Binds the transports, starts the media clock and, when configured, registers.
    /// Errors: errc::already_started, errc::transport_failure (an address that cannot be bound).
    operation<void> start();
    /// Ends every call (BYE / CANCEL), removes registrations, closes the transports.
    operation<void> stop();
    bool is_running() const noexcept;
    /// "ip:port" of the first listening transport (after start(): the real port).
    std::string local_address() const;
    /// Our address of record, "sip:user@domain".
    std::string local_uri() const;

    // --- calls ----------------------------------------------------------------------------
    /// Calls `to` with the client's identity and default audio. Errors: errc::not_started,
    /// errc::invalid_uri, errc::call_limit_reached, errc::media_failure (no RTP ports).
    operation<call_id> make_call(std::string to);
    operation<call_id> make_call(std::string from, std::string to, std::string subject);
    operation<call_id> make_call(call_request request);
    /// Answers an incoming call. Errors: errc::call_not_found, errc::wrong_call_state.
    operation<void> answer_call(call_id id);
    operation<void> answer_call(call_id id, call_audio audio);
    operation<void> accept_call(call_id id) { return answer_call(id); }
    /// Refuses an incoming call with `status` (400-699).
    operation<void> reject_call(call_id id, int status = 486);
    /// Ends the call however far it got (CANCEL, refusal or BYE). Idempotent: a call that
    /// already ended succeeds. Errors: errc::call_not_found for an id never given out.
    operation<void> hangup_call(call_id id);
    operation<void> terminate_call(call_id id) { return hangup_call(id); }
    /// Holds (re-INVITE sendonly) or resumes (sendrecv). Errors: errc::wrong_call_state (not
    /// connected, or a re-offer is under way).
    operation<void> hold_call(call_id id);
    operation<void> resume_call(call_id id);
    /// Whether we hold the call.
    result<bool> is_call_on_hold(call_id id) const;
    /// Sends DTMF: RFC 4733 when negotiated, else SIP INFO. Errors: errc::bad_dtmf (anything
    /// but 0-9 A-D * #, or empty), errc::wrong_call_state.
    operation<void> send_dtmf(call_id id, std::string digits);
    /// Blind transfer (REFER to `target`); the call ends when the transfer succeeded.
    operation<void> transfer_call(call_id id, std::string target);
    /// Attended transfer: REFER the peer of `id` to the party of `consultation` with Replaces.
    operation<void> attended_transfer(call_id id, call_id consultation);
    /// Microphone mute (we send silence) and speaker mute (we play silence), per call.
    operation<void> set_microphone_mute(call_id id, bool muted);
    operation<void> set_speaker_mute(call_id id, bool muted);
    result<bool> is_microphone_muted(call_id id) const;
    result<bool> is_speaker_muted(call_id id) const;
    operation<void> start_recording(call_id id, std::string path);
    operation<void> stop_recording(call_id id);
    /// A local conference of `calls` (each hears the others). Errors: errc::call_not_found,
    /// errc::wrong_call_state (a call without media or in another conference).
    operation<conference_id> conference(std::vector<call_id> calls);
    operation<void> end_conference(conference_id id);

    /// Decoded frames of the call to `callback` (null: stop). Errors: errc::call_not_found.
    result<void> subscribe_audio_frames(call_id id, audio_frame_callback callback);
    /// Audio of our own for the call, sent in place of its source while queued (at most one
    /// second is held; the rest is dropped and counted). Call it from one thread at a time.
    /// Errors: errc::call_not_found.
    result<std::size_t> send_audio_frame(call_id id, std::span<std::int16_t const> samples);

    // --- call queries ----------------------------------------------------------------------
    result<call_info> get_call(call_id id) const;
    std::vector<call_info> list_calls() const;
    std::vector<call_info> get_calls_by_state(call_state state) const;
    std::vector<call_info> get_calls_by_direction(call_direction direction) const;
    /// Ended calls, oldest first (at most client_config::call_history_size).
    std::vector<call_info> get_call_history() const;
    /// Calls connected or held.
    std::vector<call_info> get_active_calls() const;
    client_stats get_client_stats() const;
    /// A call's media counters; for an ended call still in the history, its last ones.
    result<media_statistics> get_media_statistics(call_id id) const;
    /// Measured quality so far (errc::call_not_found for ended calls: their last quality is
    /// in the call_state_changed event's history via get_call_history()).
    result<call_quality> get_call_quality(call_id id) const;
    result<call_codec_info> get_call_codec_info(call_id id) const;

    // --- media settings --------------------------------------------------------------------
    /// The codecs this build encodes and decodes.
    static std::vector<codec_info> get_available_codecs();
    /// The codec order of the next offers and answers (calls in progress keep theirs).
    /// Errors: errc::no_common_codec (none of them is available).
    operation<void> set_preferred_codecs(std::vector<std::string> codecs);
    media_config get_media_config() const;
    /// Sound-card devices (empty without one).
    std::vector<audio_device> list_audio_devices() const;

    // --- registration ----------------------------------------------------------------------
    /// Registers and keeps the binding refreshed; completes at the registrar's first answer.
    /// Errors: errc::registration_failed (status), errc::authentication_failed, errc::timed_out.
    operation<registration_id> register_account(registration_config config);
    /// Removes the binding; completes when the registrar answered.
    operation<void> unregister(registration_id id);
    operation<void> refresh_registration(registration_id id);
    result<registration_info> get_registration(registration_id id) const;
    std::vector<registration_info> list_registrations() const;

    // --- messages and presence -------------------------------------------------------------
    /// SIP MESSAGE (RFC 3428); completes with the final response. Errors:
    /// errc::request_failed (status), errc::timed_out, errc::invalid_uri.
    operation<void> send_message(std::string to, std::string body, std::string content_type = "text/plain");
    /// SUBSCRIBE to presence (RFC 3856); states come as presence_changed events.
    operation<presence_subscription_id> subscribe_presence(std::string uri);
    operation<void> unsubscribe_presence(presence_subscription_id id);
    /// PUBLISHes our presence (RFC 3903, PIDF) to our address of record.
    operation<void> publish_presence(presence_status status, std::string note = {});

    // --- events ----------------------------------------------------------------------------
    /// Events matching `filter` to `callback` until the subscription is destroyed.
    event_subscription subscribe(event_filter filter, std::function<void(client_event const&)> callback);
    event_subscription subscribe(std::function<void(client_event const&)> callback)
    {
        return subscribe(event_filter{}, std::move(callback));
    }

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

} // namespace rvoip::client
