#pragma once
// Telling RTP from RTCP on one port (rtcp-mux, RFC 5761 §4).

#include <cstdint>
#include <span>

namespace rvoip::rtp {

/// What a datagram on a multiplexed port is.
enum class packet_kind
{
    rtp,   // version 2, second byte outside 192..223
    rtcp,  // version 2, packet type 192..223 (RFC 5761 §4)
    other, // not version 2 or too short: STUN, DTLS or junk (RFC 7983 demultiplexes those)
};

/// Classifies a datagram received on an rtcp-mux port. RFC 5761 §4: RTCP packet types 192-223
/// would collide with RTP payload types 64-95 with the marker bit set, which is why those
/// payload types must not be used with rtcp-mux; so a second byte in 192..223 means RTCP.
constexpr packet_kind classify(std::span<std::uint8_t const> datagram) noexcept
{
    if (datagram.size() < 4 || (datagram[0] >> 6) != 2)
        return packet_kind::other;
    return datagram[1] >= 192 && datagram[1] <= 223 ? packet_kind::rtcp : packet_kind::rtp;
}

} // namespace rvoip::rtp
