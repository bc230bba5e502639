#include <rvoip/rtp/rtcp_writer.hpp>

#include "bytes.hpp"

#include <algorithm>

namespace rvoip::rtp {

using detail::store32;

result<std::span<std::uint8_t>> rtcp_writer::begin_packet(std::size_t size, std::uint8_t count,
                                                          rtcp_type type) noexcept
{
    if (size > out_.size() - size_)
        return errc::buffer_too_small;
    auto p = out_.subspan(size_, size);
    std::fill(p.begin(), p.end(), std::uint8_t{0});
    p[0] = static_cast<std::uint8_t>(0x80 | count);
    p[1] = static_cast<std::uint8_t>(type);
    detail::store16(p, 2, static_cast<std::uint16_t>(size / 4 - 1));
    size_ += size;
    return p;
}

boost::system::error_code rtcp_writer::add_report(rtcp_type type, std::uint32_t ssrc,
                                                  sender_info const* info,
                                                  std::span<report_block const> blocks) noexcept
{
    if (blocks.size() > max_report_blocks)
        return errc::bad_argument;
    std::size_t const fixed = info ? 28 : 8;
    auto p = begin_packet(fixed + blocks.size() * report_block_size,
                          static_cast<std::uint8_t>(blocks.size()), type);
    if (!p)
        return p.error();
    auto out = *p;
    store32(out, 4, ssrc);
    if (info) {
        store32(out, 8, static_cast<std::uint32_t>(info->ntp_timestamp >> 32));
        store32(out, 12, static_cast<std::uint32_t>(info->ntp_timestamp));
        store32(out, 16, info->rtp_timestamp);
        store32(out, 20, info->packet_count);
        store32(out, 24, info->octet_count);
    }
    std::size_t pos = fixed;
    for (auto const& b : blocks) {
        store32(out, pos, b.ssrc);
        out[pos + 4] = b.fraction_lost;
        // 24-bit two's complement, clamped as RFC 3550 A.3 clamps
        std::int32_t const lost = std::clamp(b.cumulative_lost, -0x800000, 0x7FFFFF);
        detail::store24(out, pos + 5, static_cast<std::uint32_t>(lost) & 0xFFFFFFu);
        store32(out, pos + 8, b.extended_highest_sequence);
        store32(out, pos + 12, b.jitter);
        store32(out, pos + 16, b.last_sr);
        store32(out, pos + 20, b.delay_since_last_sr);
        pos += report_block_size;
    }
    return {};
}

boost::system::error_code
rtcp_writer::add_sender_report(std::uint32_t ssrc, sender_info const& info,
                               std::span<report_block const> blocks) noexcept
{
    return add_report(rtcp_type::sender_report, ssrc, &info, blocks);
}

boost::system::error_code
rtcp_writer::add_receiver_report(std::uint32_t ssrc, std::span<report_block const> blocks) noexcept
{
    return add_report(rtcp_type::receiver_report, ssrc, nullptr, blocks);
}

boost::system::error_code rtcp_writer::add_sdes(std::span<sdes_item const> items) noexcept
{
    // Size the chunks first: SSRC, items, the end byte, padding to 32 bits.
    std::size_t size = 4, chunks = 0, chunk = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].text.size() > 255 || items[i].type == sdes_type::end)
            return errc::bad_argument;
        if (i == 0 || items[i].ssrc != items[i - 1].ssrc) {
            if (chunks != 0)
                size += (chunk + 1 + 3) / 4 * 4;
            chunk = 4;
            ++chunks;
        }
        chunk += 2 + items[i].text.size();
    }
    if (chunks == 0 || chunks > 31)
        return errc::bad_argument;
    size += (chunk + 1 + 3) / 4 * 4;
    auto p = begin_packet(size, static_cast<std::uint8_t>(chunks), rtcp_type::sdes);
    if (!p)
        return p.error();
    auto out = *p;
    std::size_t pos = 4;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i == 0 || items[i].ssrc != items[i - 1].ssrc) {
            if (i != 0)
                pos = (pos + 1 + 3) / 4 * 4; // end byte and padding are already zero
            store32(out, pos, items[i].ssrc);
            pos += 4;
        }
        out[pos] = static_cast<std::uint8_t>(items[i].type);
        out[pos + 1] = static_cast<std::uint8_t>(items[i].text.size());
        std::copy(items[i].text.begin(), items[i].text.end(),
                  out.begin() + static_cast<std::ptrdiff_t>(pos + 2));
        pos += 2 + items[i].text.size();
    }
    return {};
}

boost::system::error_code rtcp_writer::add_sdes_cname(std::uint32_t ssrc,
                                                      std::string_view cname) noexcept
{
    sdes_item const item{ssrc, sdes_type::cname, cname};
    return add_sdes(std::span<sdes_item const>(&item, 1));
}

boost::system::error_code rtcp_writer::add_bye(std::span<std::uint32_t const> ssrcs,
                                               std::string_view reason) noexcept
{
    if (ssrcs.size() > 31 || reason.size() > 255)
        return errc::bad_argument;
    std::size_t size = 4 + 4 * ssrcs.size();
    if (!reason.empty())
        size += (1 + reason.size() + 3) / 4 * 4;
    auto p = begin_packet(size, static_cast<std::uint8_t>(ssrcs.size()), rtcp_type::bye);
    if (!p)
        return p.error();
    auto out = *p;
    std::size_t pos = 4;
    for (auto s : ssrcs) {
        store32(out, pos, s);
        pos += 4;
    }
    if (!reason.empty()) {
        out[pos] = static_cast<std::uint8_t>(reason.size());
        std::copy(reason.begin(), reason.end(), out.begin() + static_cast<std::ptrdiff_t>(pos + 1));
    }
    return {};
}

boost::system::error_code rtcp_writer::add_app(std::uint8_t subtype, std::uint32_t ssrc,
                                               std::string_view name,
                                               std::span<std::uint8_t const> data) noexcept
{
    if (subtype > 31 || name.size() != 4 || data.size() % 4 != 0)
        return errc::bad_argument;
    auto p = begin_packet(12 + data.size(), subtype, rtcp_type::app);
    if (!p)
        return p.error();
    auto out = *p;
    store32(out, 4, ssrc);
    std::copy(name.begin(), name.end(), out.begin() + 8);
    std::copy(data.begin(), data.end(), out.begin() + 12);
    return {};
}

boost::system::error_code rtcp_writer::add_xr_voip_metrics(std::uint32_t ssrc,
                                                           voip_metrics const& m) noexcept
{
    auto p = begin_packet(8 + voip_metrics_block_size, 0, rtcp_type::xr);
    if (!p)
        return p.error();
    store32(*p, 4, ssrc);
    (void)write_voip_metrics(m, p->subspan(8)); // sized above, cannot fail
    return {};
}

} // namespace rvoip::rtp
