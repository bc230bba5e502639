#pragma once
// The values the client hands out: call ids, states, what a call is (call_info), its measured
// quality, codecs, registrations, statistics and audio devices.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::client {

/// A call of one client. Never reused while the client lives; an id whose call ended gives
/// errc::call_not_found from every operation (its call_info stays in the history).
using call_id = std::uint64_t;
/// A registration of one client (register_account()).
using registration_id = std::uint64_t;
/// A presence subscription (subscribe_presence()).
using presence_subscription_id = std::uint64_t;
/// A local conference (conference()).
using conference_id = std::uint64_t;

/// The crate's CallState.
enum class call_state : std::uint8_t
{
    initiating,       ///< our INVITE is going out
    proceeding,       ///< the callee's side is working on it (a provisional response)
    ringing,          ///< the callee is alerted (180)
    early_media,      ///< 183 with media: the callee's early audio plays
    connected,        ///< answered; media flows
    held,             ///< on hold (by us or by the peer: call_info says which)
    transferring,     ///< a transfer of ours is in progress
    terminating,      ///< hang-up under way
    terminated,       ///< ended normally (either side hung up, or transferred away)
    failed,           ///< ended without a connection, or by an error (call_info::end_reason says why)
    cancelled,        ///< cancelled before it was answered
    incoming_pending, ///< a call came in and waits for answer_call() or reject_call()
};
std::string_view to_string(call_state s) noexcept;
/// Whether the call is over (terminated, failed, cancelled).
constexpr bool is_final(call_state s) noexcept
{
    return s == call_state::terminated || s == call_state::failed || s == call_state::cancelled;
}

enum class call_direction : std::uint8_t
{
    outgoing,
    incoming,
};
std::string_view to_string(call_direction d) noexcept;

/// What a call is (now, or when it ended).
struct call_info
{
    call_id id = 0;
    call_state state = call_state::initiating;
    call_direction direction = call_direction::outgoing;
    std::string local_uri;
    std::string remote_uri;
    std::string local_display_name;
    std::string remote_display_name;
    std::string subject;
    std::chrono::system_clock::time_point created_at{};
    std::optional<std::chrono::system_clock::time_point> connected_at;
    std::optional<std::chrono::system_clock::time_point> ended_at;
    /// Why it ended ("local hang-up", "rejected 486 Busy Here", ...); empty while it runs.
    std::string end_reason;
    int end_status = 0;             ///< the SIP status that ended it, when one did
    std::string remote_media_address; ///< "ip:port" where its RTP goes (empty before media)
    std::uint16_t local_rtp_port = 0;
    std::string codec;              ///< the negotiated encoding name (empty before media)
    std::uint32_t clock_rate = 0;
    int ptime_ms = 0;
    bool srtp = false;
    bool local_hold = false;        ///< we hold it
    bool remote_hold = false;       ///< the peer holds it
    bool microphone_muted = false;
    bool speaker_muted = false;
    std::string sip_call_id;        ///< the dialog's Call-ID
};

/// The measured quality of a call's received audio (G.107 E-model from measured loss, burst
/// loss, jitter, jitter-buffer delay and RTT; never a constant).
struct call_quality
{
    double mos = 0;          ///< 1-4.5 (0 until the first measurement)
    double r_factor = 0;
    double loss_pct = 0;
    double burst_ratio = 1;
    double jitter_ms = 0;
    double jitter_buffer_ms = 0;
    double rtt_ms = 0;       ///< 0 until RTCP measured it
    std::optional<double> remote_mos; ///< the peer's estimate from its RTCP XR
    std::size_t samples = 0; ///< the quality samples taken so far
    /// Each sample's time (since the media started) and MOS, oldest first.
    std::vector<std::pair<std::chrono::milliseconds, double>> history;
};

/// A call's media counters.
struct media_statistics
{
    std::string codec;
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    std::int64_t packets_lost = 0;
    std::uint64_t late_discarded = 0;
    std::uint64_t frames_concealed = 0;
    std::uint64_t dtmf_sent = 0;
    std::uint64_t dtmf_received = 0;
    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    double jitter_ms = 0;
    std::optional<double> rtt_ms;
};

/// A codec this build really encodes and decodes.
struct codec_info
{
    std::string name;          ///< the SDP encoding name ("opus", "G722", "PCMU", "PCMA")
    int payload_type = -1;     ///< its static payload type, -1: dynamic
    std::uint32_t clock_rate = 0; ///< the RTP clock rate
    std::uint32_t channels = 1;
    std::string description;
};

/// The codec a call runs, and how.
struct call_codec_info
{
    codec_info codec;
    int ptime_ms = 0;
    bool telephone_event = false; ///< RFC 4733 DTMF negotiated (else SIP INFO)
    bool srtp = false;
};

/// A registration to make (register_account()).
struct registration_config
{
    std::string server;     ///< the registrar URI ("sip:example.com", "sip:10.0.0.1:5060")
    std::string from_uri;   ///< the address of record ("sip:alice@example.com")
    std::string contact_uri; ///< empty: the client's Contact
    std::string username;   ///< empty: the AOR's user part
    std::string password;
    std::string realm;      ///< empty: any realm that challenges
    std::chrono::seconds expires{3600};
};

enum class registration_state : std::uint8_t
{
    registering,
    registered,
    unregistering,
    unregistered,
    failed,
};
std::string_view to_string(registration_state s) noexcept;

struct registration_info
{
    registration_id id = 0;
    std::string server;
    std::string from_uri;
    registration_state state = registration_state::registering;
    std::uint32_t expires = 0; ///< seconds the registrar granted
    int status = 0;            ///< the last final response's status
    std::string reason;        ///< why it failed, when it did
    std::optional<std::chrono::system_clock::time_point> registered_at;
    std::vector<std::string> service_route;
};

/// What the client has done.
struct client_stats
{
    bool is_running = false;
    std::string local_address;      ///< "ip:port" of the first listening transport
    std::size_t total_calls = 0;    ///< made and received since start
    std::size_t connected_calls = 0; ///< of those, the ones that were answered
    std::size_t active_calls = 0;   ///< in progress now
    std::size_t failed_calls = 0;
    std::size_t registrations = 0;  ///< registered now
    std::size_t messages_sent = 0;
    std::size_t messages_received = 0;
    std::uint64_t events_published = 0;
};

/// A sound-card device (list_audio_devices()).
struct audio_device
{
    unsigned id = 0;
    std::string name;
    int input_channels = 0;
    int output_channels = 0;
    bool default_input = false;
    bool default_output = false;
};

/// A presence state (RFC 3863 PIDF basic status and note).
enum class presence_status : std::uint8_t
{
    available, ///< <basic>open</basic>
    away,      ///< open, with a note that says away / busy
    offline,   ///< <basic>closed</basic>
    unknown,
};
std::string_view to_string(presence_status s) noexcept;

} // namespace rvoip::client
