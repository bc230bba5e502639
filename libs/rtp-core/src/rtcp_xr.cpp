#include <rvoip/rtp/rtcp_xr.hpp>

#include "bytes.hpp"

namespace rvoip::rtp {

using detail::load16;
using detail::load32;

namespace {

/// Walks the blocks after the XR SSRC; false when a block overruns the packet.
template<class Fn> bool walk_blocks(std::span<std::uint8_t const> blocks, Fn&& fn) noexcept
{
    std::size_t pos = 0;
    while (pos < blocks.size()) {
        if (pos + 4 > blocks.size())
            return false;
        std::size_t const len = 4u * load16(blocks, pos + 2);
        if (pos + 4 + len > blocks.size())
            return false;
        fn(xr_block{blocks[pos], blocks[pos + 1], blocks.subspan(pos + 4, len)});
        pos += 4 + len;
    }
    return true;
}

} // namespace

std::size_t xr_view::blocks(std::span<xr_block> out) const noexcept
{
    std::size_t n = 0;
    walk_blocks(body_, [&](xr_block const& b) {
        if (n < out.size())
            out[n++] = b;
    });
    return n;
}

result<xr_view> parse_xr(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::xr)
        return errc::wrong_packet_type;
    auto const body = packet.body();
    if (body.size() < 4)
        return errc::bad_length;
    xr_view v;
    v.ssrc_ = load32(body, 0);
    v.body_ = body.subspan(4);
    if (!walk_blocks(v.body_, [&](xr_block const&) { ++v.blocks_; }))
        return errc::bad_length;
    return v;
}

result<voip_metrics> parse_voip_metrics(xr_block block) noexcept
{
    if (block.type != xr_voip_metrics_block)
        return errc::wrong_packet_type;
    auto const d = block.data;
    if (d.size() != voip_metrics_block_size - 4)
        return errc::bad_length;
    voip_metrics m;
    m.ssrc = load32(d, 0);
    m.loss_rate = d[4];
    m.discard_rate = d[5];
    m.burst_density = d[6];
    m.gap_density = d[7];
    m.burst_duration = load16(d, 8);
    m.gap_duration = load16(d, 10);
    m.round_trip_delay = load16(d, 12);
    m.end_system_delay = load16(d, 14);
    m.signal_level = d[16];
    m.noise_level = d[17];
    m.rerl = d[18];
    m.gmin = d[19];
    m.r_factor = d[20];
    m.ext_r_factor = d[21];
    m.mos_lq = d[22];
    m.mos_cq = d[23];
    m.rx_config = d[24];
    m.jb_nominal = load16(d, 26); // d[25] is reserved
    m.jb_maximum = load16(d, 28);
    m.jb_abs_max = load16(d, 30);
    return m;
}

result<std::size_t> write_voip_metrics(voip_metrics const& m, std::span<std::uint8_t> out) noexcept
{
    if (out.size() < voip_metrics_block_size)
        return errc::buffer_too_small;
    using detail::store16;
    out[0] = xr_voip_metrics_block;
    out[1] = 0;
    store16(out, 2, 8); // 36 bytes = 9 words, minus one
    detail::store32(out, 4, m.ssrc);
    out[8] = m.loss_rate;
    out[9] = m.discard_rate;
    out[10] = m.burst_density;
    out[11] = m.gap_density;
    store16(out, 12, m.burst_duration);
    store16(out, 14, m.gap_duration);
    store16(out, 16, m.round_trip_delay);
    store16(out, 18, m.end_system_delay);
    out[20] = m.signal_level;
    out[21] = m.noise_level;
    out[22] = m.rerl;
    out[23] = m.gmin;
    out[24] = m.r_factor;
    out[25] = m.ext_r_factor;
    out[26] = m.mos_lq;
    out[27] = m.mos_cq;
    out[28] = m.rx_config;
    out[29] = 0;
    store16(out, 30, m.jb_nominal);
    store16(out, 32, m.jb_maximum);
    store16(out, 34, m.jb_abs_max);
    return voip_metrics_block_size;
}

} // namespace rvoip::rtp
