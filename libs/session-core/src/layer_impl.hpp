#pragma once
// The session layer's state: its calls, the dialog layer it owns, the RTP port pool and the
// media clock. Private to session-core.

#include <rvoip/session/layer.hpp>
#include <rvoip/session/offer_answer.hpp>

#include "audio_stream.hpp"

#include <rvoip/rtp/port_pool.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rvoip::session {

struct session_call
{
    session_call(call_id i, bool out, media_options const& media, rtp::random_source& random, detail::stream_config config,
         boost::asio::io_context& io, detail::stream_events events)
        : id(i), outgoing(out), sdp(media, random), stream(io, random, std::move(config), std::move(events))
    {
    }

    call_id id;
    bool outgoing;
    call_state state = call_state::calling;
    std::optional<dialog::dialog_id> dialog;     // the call's dialog once it has one
    std::vector<dialog::dialog_id> early;        // early dialogs of our INVITE (forks)
    std::optional<dialog::invite_id> invite;     // ours, until it is answered or fails
    std::optional<dialog::request_id> request;   // the INVITE we have not answered yet
    std::string local_uri, remote_uri, subject, remote_display_name;
    offer_answer sdp;
    detail::audio_stream stream;
    local_media local;
    std::optional<made_answer> prepared;         // our answer to the INVITE's offer
    bool early_media_sent = false;                // prepared went out in a 183 already
    std::string remote_answer;                    // the peer's last answer we run (forks differ)
    // transferee: the REFER this call was made for, to report its progress (RFC 3515 §2.4.4)
    std::optional<call_id> referred_by_call;
    std::optional<dialog::dialog_id> refer_dialog;
    std::uint32_t refer_cseq = 0;
    call_state before_transfer = call_state::connected;
};

struct local_conference
{
    std::vector<call_id> members;
    std::unique_ptr<media::audio_source> source;
    std::unique_ptr<media::audio_sink> sink;
    std::chrono::milliseconds ptime{20};
    std::size_t frame = 0;
    std::chrono::steady_clock::time_point due{};
    std::vector<std::int16_t> host, mix, all;
};

/// The OS's CSPRNG read a block at a time: a call draws SSRCs, sequence numbers, timestamps, a
/// CNAME, SDP ids and SRTP keys, and one getrandom(2) per draw is a syscall per few bytes. The
/// bytes are the kernel's either way; each is handed out once.
class buffered_random final : public rtp::random_source
{
public:
    boost::system::error_code fill(std::span<std::uint8_t> out) noexcept override;

private:
    rtp::system_random os_;
    std::array<std::uint8_t, 4096> block_{};
    std::size_t used_ = block_.size();
};

struct layer::impl
{
    impl(boost::asio::io_context& io, event_sink up, layer_options options);

    // dialog-core events (call_signalling.cpp)
    void on_dialog_event(dialog::event const& e);
    void on_request(dialog::request_received const& r);
    void on_incoming_invite(dialog::request_received const& r);
    void on_reoffer(session_call& c, dialog::request_received const& r);
    void on_info(session_call& c, dialog::request_received const& r);
    void on_refer(session_call& c, dialog::request_received const& r);
    void on_progress(dialog::invite_progressed const& p);
    void on_answered(dialog::invite_answered const& a);
    void on_failed(dialog::invite_failed const& f);
    void on_ack(dialog::ack_received const& a);
    void on_terminated(dialog::dialog_terminated const& t);
    void on_refer_progress(dialog::refer_progress const& p);

    // calls (layer.cpp)
    result<call_id> place_call(call_options options);
    boost::system::error_code answer_call(session_call& c, std::unique_ptr<media::audio_source> source,
                                          std::unique_ptr<media::audio_sink> sink);
    result<session_call*> make_call(bool outgoing);
    session_call* find(call_id id) noexcept;
    session_call* by_dialog(dialog::dialog_id const& d) noexcept;
    session_call* by_invite(dialog::invite_id i) noexcept;
    session_call* by_request(dialog::request_id r) noexcept;
    void bind(session_call& c, dialog::dialog_id const& d);
    // The INVITE a call sent and the INVITE it has not answered yet, indexed for the events
    // that name them.
    void set_invite(session_call& c, dialog::invite_id i);
    void clear_invite(session_call& c);
    void set_request(session_call& c, dialog::request_id r);
    void clear_request(session_call& c);
    void set_state(session_call& c, call_state s);
    /// Runs the negotiated media; a failure ends the call (BYE) with media_failure.
    bool start_media(session_call& c, negotiated_audio const& n);
    void end(session_call& c, end_reason why, int status = 0, std::string_view detail = {});
    /// Closes the call's media, gives back its ports and dialog ids and drops it (freed once the
    /// current handler returns), without an event.
    void forget(session_call& c);
    /// Refuses a request for an offer we cannot take: 400 or 488 with the Warning that says why.
    void refuse_offer(dialog::request_id request, boost::system::error_code why);
    void fail_media(session_call& c, boost::system::error_code why);
    boost::system::error_code reoffer(session_call& c, bool hold);
    /// A 1xx/2xx answer after the one we run: another fork's, or a changed one.
    bool take_later_answer(session_call& c, std::string_view sdp);
    void transfer_settled(session_call& c, int status);
    void tick();
    void wait_for_tick();
    void mix(local_conference& conf);
    void leave_conference(call_id id);
    void arm_clock();

    boost::asio::io_context& io_;
    event_sink up_;
    layer_options options_;
    buffered_random system_random_;
    rtp::random_source& random_;
    rtp::port_pool ports_;
    dialog::layer dialogs_;
    std::map<call_id, std::unique_ptr<session_call>> calls_;
    std::unordered_map<std::string, call_id> dialog_calls_;
    std::unordered_map<dialog::invite_id, call_id> invite_calls_;
    std::unordered_map<dialog::request_id, call_id> request_calls_;
    std::vector<std::unique_ptr<session_call>> ended_; // freed after the event that ended them returns
    /// False once the layer is gone: handlers it posted, or its clock's, may run after that
    /// when the io_context outlives the layer (a client that stops and keeps its thread).
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::map<conference_id, local_conference> conferences_;
    call_id next_id_ = 1;
    conference_id next_conference_ = 1;
    std::vector<call_id> tick_ids_; // reused by every tick
    boost::asio::steady_timer clock_;
    bool clock_running_ = false;
    std::chrono::steady_clock::time_point next_tick_{};
};

/// The key of a dialog id in impl::dialog_calls_.
std::string dialog_key(dialog::dialog_id const& d);
/// The URI of a name-addr or URI text ("Bob <sip:bob@b>" -> "sip:bob@b").
std::string uri_of(std::string_view name_addr);

} // namespace rvoip::session
