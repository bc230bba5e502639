#pragma once
// Application-defined RTCP packets (RFC 3550 §6.7).

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include <cstdint>
#include <span>
#include <string_view>

namespace rvoip::rtp {

/// A checked APP packet. Views the packet bytes.
struct app_view
{
    std::uint8_t subtype = 0; // the 5-bit count field
    std::uint32_t ssrc = 0;
    std::string_view name;              // four ASCII characters
    std::span<std::uint8_t const> data; // application-dependent data, a multiple of 4 bytes
};

/// Reads an APP packet. Errors: errc::wrong_packet_type, errc::bad_length (under 8 bytes of
/// body, or data that is not a multiple of 32 bits).
result<app_view> parse_app(rtcp_packet_view packet) noexcept;

} // namespace rvoip::rtp
