#pragma once
// The RTCP transmission interval (RFC 3550 §6.3, appendix A.7).

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/random_source.hpp>

#include <chrono>
#include <cstddef>

namespace rvoip::rtp {

/// The session state the interval depends on.
struct rtcp_interval_input
{
    std::size_t members = 1;      // current estimate of session members, us included
    std::size_t senders = 0;      // members that sent RTP since the last two reports
    double rtcp_bandwidth = 0;    // octets per second for RTCP (5% of the session bandwidth)
    bool we_sent = false;         // we sent RTP since the last two reports
    double average_rtcp_size = 0; // octets, with UDP/IP overhead (see average_rtcp_size())
    bool initial = false;         // no RTCP packet sent yet: the minimum is halved
    std::chrono::duration<double> minimum{5.0}; // Tmin; RFC 3550 recommends 5 s
};

/// The deterministic interval Td of §6.3.1 (before randomisation): the per-member share of
/// the RTCP bandwidth, with senders getting 25% when they are at most a quarter of members,
/// never below the (halved when initial) minimum.
std::chrono::duration<double> rtcp_deterministic_interval(rtcp_interval_input const& in) noexcept;

/// The randomised interval of A.7: Td x uniform[0.5, 1.5) / (e - 3/2). The random value comes
/// from `random`. Errors: errc::random_failed.
result<std::chrono::duration<double>> rtcp_interval(rtcp_interval_input const& in,
                                                    random_source& random) noexcept;

/// Updates the average compound RTCP packet size after sending or receiving one of
/// `packet_size` octets: avg = size/16 + 15/16 avg (RFC 3550 §6.3.3).
constexpr double average_rtcp_size(double average, std::size_t packet_size) noexcept
{
    return static_cast<double>(packet_size) / 16.0 + average * 15.0 / 16.0;
}

} // namespace rvoip::rtp
