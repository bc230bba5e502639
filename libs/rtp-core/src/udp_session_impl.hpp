#pragma once
// The state of a udp_session, shared by udp_session.cpp (sockets, RTP) and
// udp_session_rtcp.cpp (scheduled RTCP). Private to rtp-core.

#include <rvoip/rtp/udp_session.hpp>

#include <rvoip/rtp/rtcp_interval.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/srtp_session.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rvoip::rtp {

namespace asio = boost::asio;

/// Octets of UDP and IPv4 headers, counted in the average RTCP size (RFC 3550 §6.3.3).
inline constexpr std::size_t udp_ip_overhead = 28;
using udp = asio::ip::udp;

struct udp_session::impl : std::enable_shared_from_this<udp_session::impl>
{
    impl(asio::io_context& io, udp_session_options o, random_source& r, session_event_sink s)
        : options(std::move(o)), random(r), sink(std::move(s)), rtp_socket(io), rtcp_socket(io),
          rtcp_timer(io), report_buffer(options.max_packet),
          send_buffer(options.max_packet + srtp_max_overhead),
          rtp_buffer(options.max_packet + srtp_max_overhead),
          rtcp_buffer(options.max_packet + srtp_max_overhead), reception(options.clock_rate)
    {
    }

    void receive(bool rtcp_socket_side);
    void on_datagram(udp::endpoint const& from, std::span<std::uint8_t> data,
                     bool rtcp_socket_side);
    /// SRTP/SRTCP unprotect in place when keyed: the plaintext length, or nullopt (counted).
    std::optional<std::size_t> unprotect(std::span<std::uint8_t> data, bool rtcp);
    void on_rtp(udp::endpoint const& from, std::span<std::uint8_t> data);
    void on_rtcp(udp::endpoint const& from, std::span<std::uint8_t> data, bool rtcp_socket_side);
    // scheduled RTCP (udp_session_rtcp.cpp)
    boost::system::error_code init_rtcp();
    void schedule_rtcp();
    void arm_rtcp(std::chrono::steady_clock::time_point at);
    double rtcp_interval_seconds();
    boost::system::error_code send_compound(std::span<std::uint8_t const> compound) noexcept;
    void send_report(bool bye) noexcept;
    void on_reports(rtcp_compound const& compound);
    void emit(session_event const& e)
    {
        if (!closed && sink)
            sink(e);
    }

    udp_session_options options;
    random_source& random;
    session_event_sink sink;
    udp::socket rtp_socket;
    udp::socket rtcp_socket;
    asio::steady_timer rtcp_timer;
    std::vector<std::uint8_t> report_buffer; // compound RTCP is built here, then sent
    std::optional<srtp_session> tx;
    std::optional<srtp_session> rx;
    std::vector<std::uint8_t> send_buffer;
    std::vector<std::uint8_t> rtp_buffer;
    std::vector<std::uint8_t> rtcp_buffer;
    udp::endpoint rtp_from;
    udp::endpoint rtcp_from;
    std::optional<udp::endpoint> remote_rtp;
    std::optional<udp::endpoint> remote_rtcp;
    bool latched_rtp = false;
    bool latched_rtcp = false;
    bool closed = false;
    bool started = false; // start() was called: receiving on the sockets
    std::uint32_t ssrc = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp_base = 0;
    bool have_remote_ssrc = false;
    std::uint32_t remote_ssrc = 0;
    udp_session_stats stats;
    receive_statistics reception;

    // RFC 3550 §6.3 state of our reports
    std::string cname;
    bool rtcp_initial = true;   // no report sent yet: Tmin is halved
    std::optional<voip_metrics> xr_metrics; // sent as XR in each report once set
    std::chrono::steady_clock::time_point last_rtcp{}; // tp: when the last report was scheduled from
    double avg_rtcp_size = 100; // octets with UDP/IP headers (§6.3.3)
    std::uint64_t sent_at_last_report = 0;
    std::uint64_t received_at_last_report = 0;
    bool sent_since_report = false;       // RTP sent in the last interval: SR, and a sender
    bool received_since_report = false;   // the peer counts as a sender
    std::uint32_t last_rtp_timestamp = 0; // of the last RTP sent, with the random offset
    std::chrono::steady_clock::time_point last_send_time{};
    std::optional<std::chrono::microseconds> rtt;
};

} // namespace rvoip::rtp
