#pragma once
// An RTP session over UDP on the stack's io_context: sends RTP (optionally SRTP) from a
// preallocated buffer with random initial SSRC, sequence number and timestamp (RFC 3550 §5.1),
// receives, validates and counts packets, and does symmetric RTP (RFC 4961) with latching:
// until a valid packet arrives it sends to the signalled address, then to where the peer's
// packets really come from (a NAT's mapping). RTCP shares the port (rtcp-mux, RFC 5761) or
// uses the next one. RTCP is scheduled (RFC 3550 §6.3): SR or RR with SDES CNAME at the
// randomised interval, BYE on close, round-trip time from the report blocks that come back.
// Asio stays in the .cpp.

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/random_source.hpp>
#include <rvoip/rtp/receive_statistics.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>
#include <rvoip/rtp/srtp_key.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace boost::asio {
class io_context;
}

namespace rvoip::rtp {

/// A UDP address as text and port ("127.0.0.1", 5004); IPv6 literals without brackets.
struct udp_endpoint
{
    std::string address;
    std::uint16_t port = 0;
    friend bool operator==(udp_endpoint const&, udp_endpoint const&) = default;
};

/// Scheduled RTCP of a udp_session (RFC 3550 §6.2, §6.3). The interval is randomised with
/// the session's random source.
struct rtcp_schedule_options
{
    bool enabled = true; // send compound reports at the interval and a BYE on close()
    std::string cname{}; // SDES CNAME; empty: 96 random bits in base64 (RFC 7022 §4.2)
    // octets/s of the whole session; RTCP gets 5% of it (RFC 3550 §6.2). The default is one
    // 64 kbit/s PCMU stream each way with RTP/UDP/IPv4 headers (2 x 80 kbit/s).
    double session_bandwidth = 20000;
    std::chrono::duration<double> minimum{5.0}; // Tmin (RFC 3550 §6.2), halved for the first
};

struct udp_session_options
{
    udp_endpoint local{"0.0.0.0", 0}; // port 0: the OS picks (even ports come from port_pool)
    bool rtcp_mux = true;             // RTCP on the RTP port; else on local.port + 1
    std::uint8_t payload_type = 0;    // what send() uses; any payload type is received
    std::uint32_t clock_rate = 8000;
    bool latch = true;                     // follow the source address of the first valid packet
    std::optional<srtp_key> send_key{};    // SRTP/SRTCP for what we send, when set
    std::optional<srtp_key> receive_key{}; // and for what we receive
    std::size_t max_packet = 1500;
    rtcp_schedule_options rtcp{};
};

/// An RTP packet arrived and passed validation (and SRTP authentication). `payload` views
/// the session's receive buffer: valid during the event only.
struct rtp_packet_received
{
    std::uint32_t ssrc;
    std::uint16_t sequence_number;
    std::uint32_t timestamp;
    bool marker;
    std::uint8_t payload_type;
    std::span<std::uint8_t const> payload;
};

/// An RTCP compound packet arrived and passed validation; `bytes` as above.
struct rtcp_packet_received
{
    std::span<std::uint8_t const> bytes;
};

/// Media is now sent to `remote`, where the peer's packets come from.
struct remote_latched
{
    udp_endpoint remote;
};

using session_event = std::variant<rtp_packet_received, rtcp_packet_received, remote_latched>;
using session_event_sink = std::function<void(session_event const&)>;

/// Counters since the session opened.
struct udp_session_stats
{
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0; // RTP payload octets (the SR octet count)
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t malformed = 0;       // not parseable as RTP/RTCP: dropped
    std::uint64_t wrong_source = 0;    // from an address other than the latched one: dropped
    std::uint64_t ssrc_changes = 0;    // the peer's SSRC changed: reception statistics restart
    std::uint64_t ssrc_collisions = 0; // a peer used our SSRC: we took a new one (RFC 3550 §8.2)
    std::uint64_t srtp_auth_failures = 0; // forged or damaged: dropped
    std::uint64_t srtp_replays = 0;       // replayed: dropped
    std::uint64_t send_errors = 0;
};

/// One RTP session (one local port, or two without rtcp-mux) with one remote party.
class udp_session
{
public:
    /// Opens the socket(s) on `io` and draws SSRC, sequence number and timestamp from `random`
    /// (kept by reference for SSRC collisions: it must outlive the session). Events go to
    /// `sink`, on the io_context's thread, never after close(). Call start() to receive.
    /// Errors: socket errors (address in use, bad address), errc::random_failed, SRTP errors,
    /// errc::bad_argument (a CNAME over 255 bytes).
    static result<std::unique_ptr<udp_session>> open(boost::asio::io_context& io,
                                                     udp_session_options options,
                                                     random_source& random,
                                                     session_event_sink sink);
    ~udp_session();
    udp_session(udp_session const&) = delete;
    udp_session& operator=(udp_session const&) = delete;

    /// Where to send until latching (from the SDP). `rtcp_port` 0 means RTP port + 1 (or the
    /// RTP port when muxed).
    void set_remote(udp_endpoint remote, std::uint16_t rtcp_port = 0);
    /// Starts receiving.
    void start();
    /// The payload format negotiated (or renegotiated): what send() without a payload type
    /// uses, and the clock of reception statistics and RTCP timestamps.
    void set_payload_format(std::uint8_t payload_type, std::uint32_t clock_rate) noexcept;
    /// Changes RTCP multiplexing and the SRTP keys of an open session without giving up its
    /// port (another program could take it in between): going to rtcp-mux closes the RTCP
    /// socket, leaving it binds local RTP port + 1; new keys get new SRTP contexts. SSRC,
    /// sequence number, timestamp and statistics carry on (RFC 3550 §5.1); call set_remote()
    /// after it for the remote RTCP port. On an error nothing has changed.
    /// Errors: errc::bad_argument (closed), socket errors (the RTCP port is taken), SRTP errors.
    boost::system::error_code reconfigure(bool rtcp_mux, std::optional<srtp_key> send_key,
                                          std::optional<srtp_key> receive_key);
    /// Sends a BYE (RFC 3550 §6.3.7: a compound report, SDES CNAME and BYE) when scheduled
    /// RTCP is on and a remote is known, then closes the sockets; pending receives and the
    /// RTCP timer end. Closing twice does nothing.
    void close() noexcept;

    /// Sends one RTP packet with the session's payload type: `timestamp` counts from 0 in
    /// clock-rate units; the session adds its random offset. No heap allocation.
    /// Errors: errc::bad_argument (no remote yet), errc::buffer_too_small (payload above
    /// max_packet), socket errors, SRTP errors.
    boost::system::error_code send(std::span<std::uint8_t const> payload, std::uint32_t timestamp,
                                   bool marker) noexcept;
    /// The same with another payload type (telephone-events, comfort noise).
    boost::system::error_code send(std::uint8_t payload_type, std::span<std::uint8_t const> payload,
                                   std::uint32_t timestamp, bool marker) noexcept;
    /// Sends an RTCP compound packet (SRTCP when a send key is set).
    boost::system::error_code send_rtcp(std::span<std::uint8_t const> compound) noexcept;

    std::uint32_t ssrc() const noexcept;
    /// The local RTP endpoint (with the port the OS chose).
    udp_endpoint local_endpoint() const;
    /// The remote media is sent to: the signalled one, or the latched source.
    std::optional<udp_endpoint> remote_endpoint() const;
    udp_session_stats const& stats() const noexcept;
    /// Reception statistics of the current remote source (RFC 3550 A.1-A.8).
    receive_statistics const& reception() const noexcept;
    /// The round-trip time from the last report block about us that carried an LSR (RFC 3550
    /// §6.4.1); empty until the peer has received one of our SRs and reported back.
    std::optional<std::chrono::microseconds> round_trip_time() const noexcept;
    /// Our SDES CNAME (the configured one or the random one). Valid while the session lives.
    std::string_view cname() const noexcept;

    /// VoIP metrics (RFC 3611 §4.7) to send in every scheduled report from now on, as an XR
    /// packet about the remote source. The owner fills in what the media path measured
    /// (discards, burst/gap densities, end-system delay, R factor and MOS); the session sets
    /// the SSRC and, when it has one, the round-trip delay. The peer's arrive in the compound
    /// packets of rtcp_packet_received (read them with parse_xr/parse_voip_metrics).
    void set_voip_metrics(voip_metrics const& metrics);

private:
    struct impl;
    explicit udp_session(std::shared_ptr<impl> p) noexcept;
    std::shared_ptr<impl> impl_; // shared with pending receives, which keep it alive
};

} // namespace rvoip::rtp
