#pragma once
// NTP timestamps as RTCP carries them (RFC 3550 §4, §6.4.1) and the round-trip time from
// LSR/DLSR (RFC 3550 §6.4.1, figure 2).

#include <chrono>
#include <cstdint>
#include <optional>

namespace rvoip::rtp {

/// Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01).
inline constexpr std::uint64_t ntp_unix_offset = 2208988800ull;

/// 64-bit NTP timestamp (32.32 fixed point seconds since 1900) of a system_clock instant.
std::uint64_t to_ntp(std::chrono::system_clock::time_point t) noexcept;

/// The system_clock instant of a 64-bit NTP timestamp (inverse of to_ntp, to the microsecond).
std::chrono::system_clock::time_point from_ntp(std::uint64_t ntp) noexcept;

/// The middle 32 bits of a 64-bit NTP timestamp (16.16 fixed point): the form of LSR and of
/// the arrival time in the RTT computation.
constexpr std::uint32_t compact_ntp(std::uint64_t ntp) noexcept
{
    return static_cast<std::uint32_t>(ntp >> 16);
}

/// A duration as 16.16 fixed point seconds (the unit of DLSR), rounded down.
std::uint32_t to_compact(std::chrono::microseconds d) noexcept;

/// A 16.16 fixed point duration in microseconds.
std::chrono::microseconds from_compact(std::uint32_t compact) noexcept;

/// Round-trip time seen by a sender when a report block comes back (RFC 3550 §6.4.1):
/// RTT = A - LSR - DLSR, all in 16.16 seconds, with A the compact NTP arrival time of the
/// report. Empty when LSR is 0 (no SR received yet by the reporter) or when the result would
/// be negative (clock trouble or a forged block).
std::optional<std::chrono::microseconds>
round_trip_time(std::uint32_t arrival_compact, std::uint32_t lsr, std::uint32_t dlsr) noexcept;

} // namespace rvoip::rtp
