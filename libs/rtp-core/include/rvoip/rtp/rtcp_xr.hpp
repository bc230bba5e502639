#pragma once
// RTCP extended reports (RFC 3611): the XR packet, its report blocks, and the VoIP metrics
// report block (§4.7).

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::rtp {

/// Block type of the VoIP metrics report block (RFC 3611 §4.7).
inline constexpr std::uint8_t xr_voip_metrics_block = 7;
/// Size of the VoIP metrics block, its 4-byte header included.
inline constexpr std::size_t voip_metrics_block_size = 36;

/// One XR report block: `BT(8) type-specific(8) block length(16)` then length*4 bytes.
struct xr_block
{
    std::uint8_t type = 0;
    std::uint8_t type_specific = 0;
    std::span<std::uint8_t const> data; // after the block header; views the packet
};

/// The VoIP metrics report block (RFC 3611 §4.7). Units are those of the RFC; 127 (or 0 for
/// the 16-bit delays) means "unavailable" where the RFC says so.
struct voip_metrics
{
    std::uint32_t ssrc = 0;             // the source reported on
    std::uint8_t loss_rate = 0;         // fraction lost, /256
    std::uint8_t discard_rate = 0;      // fraction discarded by the jitter buffer, /256
    std::uint8_t burst_density = 0;     // /256
    std::uint8_t gap_density = 0;       // /256
    std::uint16_t burst_duration = 0;   // ms
    std::uint16_t gap_duration = 0;     // ms
    std::uint16_t round_trip_delay = 0; // ms
    std::uint16_t end_system_delay = 0; // ms
    std::uint8_t signal_level = 127;    // dBm0, signed in the RFC, 127 = unavailable
    std::uint8_t noise_level = 127;     // dBm0, signed in the RFC, 127 = unavailable
    std::uint8_t rerl = 127;            // residual echo return loss, dB
    std::uint8_t gmin = 16;             // gap threshold (RFC 3611 recommends 16)
    std::uint8_t r_factor = 127;        // 0..100, 127 = unavailable
    std::uint8_t ext_r_factor = 127;
    std::uint8_t mos_lq = 127; // MOS x 10, 127 = unavailable
    std::uint8_t mos_cq = 127;
    std::uint8_t rx_config = 0;   // PLC(2) JBA(2) JB rate(4)
    std::uint16_t jb_nominal = 0; // ms
    std::uint16_t jb_maximum = 0; // ms
    std::uint16_t jb_abs_max = 0; // ms

    friend bool operator==(voip_metrics const&, voip_metrics const&) = default;
};

/// A checked XR packet: the sender's SSRC and its report blocks. Views the packet bytes.
class xr_view
{
public:
    std::uint32_t ssrc() const noexcept { return ssrc_; }
    /// Number of report blocks.
    std::size_t size() const noexcept { return blocks_; }
    /// Copies up to out.size() blocks in wire order; returns how many were copied.
    std::size_t blocks(std::span<xr_block> out) const noexcept;

private:
    friend result<xr_view> parse_xr(rtcp_packet_view) noexcept;
    std::uint32_t ssrc_ = 0;
    std::span<std::uint8_t const> body_;
    std::size_t blocks_ = 0;
};

/// Reads an XR packet. Errors: errc::wrong_packet_type, errc::bad_length (a block length
/// runs past the packet, or a partial block header).
result<xr_view> parse_xr(rtcp_packet_view packet) noexcept;

/// Reads a VoIP metrics block. Errors: errc::wrong_packet_type (another block type),
/// errc::bad_length (block length is not 8 words).
result<voip_metrics> parse_voip_metrics(xr_block block) noexcept;

/// Writes the 36-byte VoIP metrics block (header included) into `out`.
/// Errors: errc::buffer_too_small.
result<std::size_t> write_voip_metrics(voip_metrics const& m, std::span<std::uint8_t> out) noexcept;

} // namespace rvoip::rtp
