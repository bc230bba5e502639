#include <rvoip/rtp/rtcp_report.hpp>

#include "bytes.hpp"

namespace rvoip::rtp {

using detail::load32;

report_block report_block_list::operator[](std::size_t i) const noexcept
{
    auto const b = bytes_.subspan(i * report_block_size, report_block_size);
    report_block r;
    r.ssrc = load32(b, 0);
    r.fraction_lost = b[4];
    std::uint32_t const lost = detail::load24(b, 5);
    // sign-extend the 24-bit two's complement value
    r.cumulative_lost = (lost & 0x800000u) ? static_cast<std::int32_t>(lost) - 0x1000000
                                           : static_cast<std::int32_t>(lost);
    r.extended_highest_sequence = load32(b, 8);
    r.jitter = load32(b, 12);
    r.last_sr = load32(b, 16);
    r.delay_since_last_sr = load32(b, 20);
    return r;
}

result<sender_report> parse_sender_report(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::sender_report)
        return errc::wrong_packet_type;
    auto const body = packet.body();
    std::size_t const blocks = packet.count() * report_block_size;
    if (body.size() < 24 + blocks)
        return errc::bad_length;
    sender_report sr;
    sr.ssrc = load32(body, 0);
    sr.info.ntp_timestamp = (std::uint64_t{load32(body, 4)} << 32) | load32(body, 8);
    sr.info.rtp_timestamp = load32(body, 12);
    sr.info.packet_count = load32(body, 16);
    sr.info.octet_count = load32(body, 20);
    sr.blocks = report_block_list(body.subspan(24, blocks)); // profile extensions follow
    return sr;
}

result<receiver_report> parse_receiver_report(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::receiver_report)
        return errc::wrong_packet_type;
    auto const body = packet.body();
    std::size_t const blocks = packet.count() * report_block_size;
    if (body.size() < 4 + blocks)
        return errc::bad_length;
    receiver_report rr;
    rr.ssrc = load32(body, 0);
    rr.blocks = report_block_list(body.subspan(4, blocks));
    return rr;
}

} // namespace rvoip::rtp
