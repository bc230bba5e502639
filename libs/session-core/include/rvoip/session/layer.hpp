#pragma once
// The session layer: calls, each a dialog of dialog-core plus its audio stream. It makes and
// answers INVITEs with SDP offers and answers (RFC 3264: in the INVITE, or late in the 2xx and
// ACK), runs the negotiated media (rtp-core session, media-core pipeline), holds and resumes
// (RFC 6337), sends and receives DTMF by RFC 4733, SIP INFO or in-band tones, transfers
// (RFC 3515 REFER, RFC 3891 Replaces) and measures each call's quality.
//
// Threading: like dialog-core, one layer belongs to one io_context, and every call into it and
// every event from it happens on the thread running it. Views in events live for the call of
// the sink only.

#include <rvoip/session/call_quality.hpp>
#include <rvoip/session/error.hpp>
#include <rvoip/session/media_options.hpp>

#include <rvoip/dialog/layer.hpp>
#include <rvoip/media/audio_port.hpp>
#include <rvoip/rtp/random_source.hpp>
#include <rvoip/rtp/udp_session.hpp>
#include <rvoip/sip/sdp.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace boost::asio {
class io_context;
}

namespace rvoip::session {

/// A call of this layer. Ids are never reused within a layer.
using call_id = std::uint64_t;
/// A local conference: calls mixed together.
using conference_id = std::uint64_t;

enum class call_state : std::uint8_t
{
    calling,      ///< our INVITE is out, no answer yet
    incoming,     ///< a call came in (ringing here): answer() or reject()
    ringing,      ///< the callee is alerted (180)
    early_media,  ///< 183 with SDP: the callee's early media plays
    connected,
    on_hold,      ///< we hold the call
    held,         ///< the peer holds the call
    transferring, ///< a REFER of ours is in progress
    terminated,
};
std::string_view to_string(call_state s) noexcept;

/// Why a call ended.
enum class end_reason : std::uint8_t
{
    local_hangup,
    remote_hangup,
    rejected,        ///< a final failure status (`status`) from the callee, or our reject()
    cancelled,       ///< we or the caller cancelled before the answer
    timeout,         ///< no answer, no ACK, or the session timer expired
    network_failure, ///< the request could not be sent or routed
    media_failure,   ///< the media could not be set up, or the answer was unusable
    no_common_codec, ///< 488 both ways when no codec matched
    srtp_required,   ///< our policy is mandatory SRTP and the peer has none (or the reverse)
    transferred,     ///< the call was handed on (REFER accepted, or replaced by another)
};
std::string_view to_string(end_reason r) noexcept;

// --- events ---------------------------------------------------------------------------------

/// A call came in; answer(), reject() or let it be cancelled. `replaces` names our call an
/// attended transfer replaces (RFC 3891): such a call is answered by the layer at once with
/// the replaced call's audio.
struct incoming_call
{
    call_id call;
    std::string_view from;
    std::string_view to;
    std::string_view subject;
    std::optional<call_id> replaces;
    std::string_view display_name; ///< the From's display name, unquoted (may be empty)
};
struct call_state_changed
{
    call_id call;
    call_state state;
};
/// A call ended; its id names no call any more. `report` has its whole quality history.
struct call_ended
{
    call_id call;
    end_reason reason;
    int status;               ///< the SIP status that ended it, when one did
    std::string_view detail;  ///< a Warning or reason text, when there is one
    call_report const& report;
};
/// The call's media runs what the latest offer/answer settled (at the answer, and after each
/// re-INVITE or UPDATE): codec, packet time, direction from our side, SRTP, where RTP goes.
struct media_updated
{
    call_id call;
    std::string_view codec;
    int ptime_ms;
    sip::sdp::direction direction;
    bool srtp;
    bool remote_hold;
    rtp::udp_endpoint const& remote; ///< where the SDP says RTP goes (a moved stream follows)
};
struct dtmf_received
{
    call_id call;
    char digit;
    dtmf_path via;
};
/// A quality estimate of a call's received audio (every layer_options::quality_interval).
struct quality_measured
{
    call_id call;
    quality_sample const& sample;
};
/// How a transfer we asked for is doing (NOTIFY sipfrag of the REFER): `status` of the
/// transferee's new call; `final` when the transfer is settled.
struct transfer_progress
{
    call_id call;
    int status;
    bool final;
};
/// The peer asked us to transfer (REFER): the layer accepted it and calls `target` as the new
/// call `new_call`, and reports its progress back; the old call ends once the transferor hangs up.
struct transfer_requested
{
    call_id call;
    call_id new_call;
    std::string_view target;
};

/// A dialog-core event that belongs to no call, passed up as it came: registration_changed,
/// notification, subscription_ended, publication_changed, and (with
/// layer_options::pass_requests) request_received for a request outside any dialog that is
/// not an INVITE (MESSAGE, SUBSCRIBE, PUBLISH, ...), which the receiver must answer with
/// dialogs().respond().
struct dialog_event_unclaimed
{
    dialog::event const& event;
};

using event = std::variant<incoming_call, call_state_changed, call_ended, media_updated, dtmf_received,
                           quality_measured, transfer_progress, transfer_requested, dialog_event_unclaimed>;
using event_sink = std::function<void(event const&)>;

// --- options --------------------------------------------------------------------------------

struct layer_options
{
    dialog::layer_options dialog{};
    media_options media{};
    /// The address RTP is bound to and put in the SDP.
    std::string media_address = "127.0.0.1";
    /// The address put in the SDP instead, when peers reach us at another one (a static 1:1
    /// NAT's public address, or a relay in front of us that keeps the port numbers).
    std::string media_advertised_address;
    /// Symmetric RTP (RFC 4961) with latching: send to where the peer's media really comes
    /// from (through its NAT). Off: always to the address its SDP gave.
    bool symmetric_rtp = true;
    /// RTP ports (even, with the next odd one for RTCP).
    std::uint16_t rtp_port_min = 16384;
    std::uint16_t rtp_port_max = 32767;
    /// The rate of every call's audio sources and sinks (8000-48000).
    int audio_rate = 16000;
    std::chrono::milliseconds quality_interval{5000};
    /// RTCP's minimum interval Tmin (RFC 3550 §6.2: 5 s, halved for the first report; §6.2
    /// allows a smaller one scaled to the session bandwidth). Reports carry the RTT and XR
    /// VoIP metrics the quality estimates use.
    std::chrono::milliseconds rtcp_interval{5000};
    /// A connected call whose peer sends neither RTP nor RTCP for this long, while it should
    /// (not while its direction says it sends nothing), is hung up (BYE) and ends with
    /// end_reason::timeout: the peer crashed or its network went. 0: never.
    std::chrono::milliseconds media_timeout{0};
    /// Listen for DTMF tones in the received audio (for peers with neither RFC 4733 nor INFO).
    bool detect_inband_dtmf = true;
    /// Calls kept at once; INVITEs beyond get 486, call() errc::bad_argument.
    std::size_t max_calls = 1000;
    /// Send 180 Ringing when a call comes in.
    bool send_ringing = true;
    /// The From of our calls (a URI or name-addr) when call_options::from is empty.
    std::string from;
    /// Follow REFERs of our peers (transferee).
    bool accept_transfers = true;
    /// Pass requests outside dialogs that are not INVITEs up as dialog_event_unclaimed (the
    /// receiver answers them); off: they get 405 Method Not Allowed.
    bool pass_requests = false;
    /// The id of the first call (ids then count up): a layer that replaces an earlier one
    /// (a client stopped and started again) starts after the old ids, so none is reused.
    call_id first_call_id = 1;
    /// Random bytes for SRTP keys, SSRCs and the SDP session ids; null: the OS's CSPRNG.
    rtp::random_source* random = nullptr;
};

/// A call we make.
struct call_options
{
    std::string to;
    std::string from;    ///< empty: layer_options::from
    std::string subject; ///< a Subject header, when not empty
    /// Audio of the call at layer_options::audio_rate (null: silence, nothing).
    std::unique_ptr<media::audio_source> source;
    std::unique_ptr<media::audio_sink> sink;
    /// Send the INVITE without SDP: the callee offers in its 2xx, we answer in the ACK.
    bool late_offer = false;
    /// Extra headers for the INVITE.
    std::vector<dialog::extra_header> headers;
};

/// How we answer a call.
struct answer_options
{
    std::unique_ptr<media::audio_source> source;
    std::unique_ptr<media::audio_sink> sink;
};

/// What a call is now.
struct call_info
{
    call_id id;
    call_state state;
    bool outgoing;
    std::string local_uri;
    std::string remote_uri;
    std::string codec;          ///< the negotiated encoding name (empty before media)
    std::uint32_t clock_rate = 0;
    int ptime_ms = 0;
    bool srtp = false;
    bool local_hold = false;
    bool remote_hold = false;
    bool microphone_muted = false;
    bool speaker_muted = false;
    bool telephone_event = false;
    std::uint16_t local_rtp_port = 0;   ///< where this call's RTP (and muxed RTCP) arrives
    rtp::udp_endpoint remote_media;     ///< where its RTP goes (the SDP's, or the latched source)
    std::optional<std::uint32_t> ssrc;  ///< of what we send
    std::optional<dialog::dialog_id> dialog;
};

class layer
{
public:
    layer(boost::asio::io_context& io, event_sink up, layer_options options = {});
    ~layer();
    layer(layer const&) = delete;
    layer& operator=(layer const&) = delete;

    /// Listens for SIP (as dialog::layer::listen).
    boost::system::result<std::uint16_t> listen(transaction::transport_kind transport, std::string const& ip,
                                                std::uint16_t port);

    /// Calls `options.to`. Errors: errc::bad_argument (no target, a source at another rate,
    /// too many calls), errc::ports_exhausted, dialog-core's errors for an unusable URI.
    boost::system::result<call_id> call(call_options options);
    /// Answers an incoming call (200 with our answer, or our offer when the INVITE had none).
    /// Errors: errc::no_such_call, errc::wrong_state (not incoming), errc::bad_argument.
    boost::system::error_code answer(call_id id, answer_options options = {});
    /// Early media (RFC 3960's gateway model): 183 Session Progress with our answer, and the
    /// media flows before the call is answered (announcements, ringback of our own).
    /// Errors: errc::no_such_call, errc::wrong_state (not incoming, or the INVITE had no offer).
    boost::system::error_code early_media(call_id id, answer_options options = {});
    /// Refuses an incoming call with `status` (4xx-6xx).
    boost::system::error_code reject(call_id id, int status = 486);
    /// Ends a call however far it got: CANCEL before the answer, a refusal (486) of an
    /// incoming one, BYE after. call_ended follows at once.
    boost::system::error_code hangup(call_id id);
    /// Holds (re-INVITE with sendonly) or resumes (sendrecv) the call.
    /// Errors: errc::wrong_state (not connected, or an offer is outstanding).
    boost::system::error_code hold(call_id id);
    boost::system::error_code resume(call_id id);
    /// A re-INVITE offering `codecs` (names of media_options::codecs, in preference order;
    /// empty: the call's current list): the codec changes when the peer picks another, and the
    /// RTP stream carries on (same SSRC, sequence and timestamp). The list stays the call's for
    /// later offers. Errors: errc::wrong_state, errc::bad_argument (no codec we can run).
    boost::system::error_code renegotiate(call_id id, std::vector<std::string> const& codecs = {});
    /// Sends digits (0-9, A-D, *, #): RFC 4733 when telephone-event was negotiated, else SIP
    /// INFO application/dtmf-relay (`inband`: as tones in the audio instead).
    /// Errors: errc::bad_argument (a character that is not a digit), errc::wrong_state.
    boost::system::error_code send_dtmf(call_id id, std::string_view digits, bool inband = false);
    /// Blind transfer: REFER the peer to `target`; the call ends when the transfer succeeded.
    boost::system::error_code transfer(call_id id, std::string const& target);
    /// Attended transfer: REFER the peer of `id` to the party of `consultation` with Replaces,
    /// so that party's new call replaces our consultation call.
    boost::system::error_code attended_transfer(call_id id, call_id consultation);

    /// A local conference (the host's mix): every call in `calls` hears the others and the
    /// host's `audio.source`; `audio.sink` hears all of them. The calls' own audio ports rest
    /// until the conference ends. A call that ends leaves it. Errors: errc::no_such_call,
    /// errc::wrong_state (a call without media, in another conference, or whose packet time
    /// differs from the others': they are mixed frame by frame), errc::bad_argument (fewer
    /// than one call, a port at another rate).
    boost::system::result<conference_id> conference(std::vector<call_id> const& calls, answer_options audio = {});
    /// Ends a conference: its calls go back to their own audio.
    boost::system::error_code end_conference(conference_id id);

    boost::system::error_code start_recording(call_id id, std::string const& path);
    boost::system::error_code stop_recording(call_id id);
    boost::system::error_code set_microphone_muted(call_id id, bool muted);
    boost::system::error_code set_speaker_muted(call_id id, bool muted);

    /// The call, or nothing when no call has that id.
    std::optional<call_info> info(call_id id) const;
    /// Media counters and the quality so far.
    std::optional<call_report> report(call_id id) const;
    /// The media counters alone (cheap: no rating).
    std::optional<media_statistics> statistics(call_id id) const;
    /// The calls in progress.
    std::vector<call_id> calls() const;

    /// The media options of calls made or answered from now on (codec preference order, DTMF,
    /// DSP, SRTP policy, ...); calls in progress keep theirs. Errors: errc::bad_argument (no
    /// codec media-core can run among `media.codecs`).
    boost::system::error_code set_media_options(media_options media);
    media_options const& current_media_options() const noexcept;

    dialog::layer& dialogs() noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::session
