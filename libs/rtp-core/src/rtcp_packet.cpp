#include <rvoip/rtp/rtcp_packet.hpp>

#include "bytes.hpp"

namespace rvoip::rtp {

rtcp_packet_view::rtcp_packet_view(std::span<std::uint8_t const> bytes) noexcept
    : bytes_(bytes), body_(bytes.subspan(4))
{
    if (has_padding())
        body_ = body_.first(body_.size() - bytes.back());
}

result<rtcp_packet_view> parse_rtcp_packet(std::span<std::uint8_t const> bytes) noexcept
{
    if (bytes.size() < 4)
        return errc::truncated;
    if ((bytes[0] >> 6) != 2)
        return errc::bad_version;
    std::size_t const size = 4 * (std::size_t{detail::load16(bytes, 2)} + 1);
    if (size > bytes.size())
        return errc::truncated;
    auto const packet = bytes.first(size);
    if ((packet[0] & 0x20) != 0) {
        std::size_t const pad = packet.back();
        if (pad == 0 || pad > size - 4)
            return errc::bad_padding;
    }
    return rtcp_packet_view(packet);
}

rtcp_packet_view rtcp_compound::iterator::operator*() const noexcept
{
    std::size_t const size = 4 * (std::size_t{detail::load16(rest_, 2)} + 1);
    return rtcp_packet_view(rest_.first(size));
}

rtcp_compound::iterator& rtcp_compound::iterator::operator++() noexcept
{
    std::size_t const size = 4 * (std::size_t{detail::load16(rest_, 2)} + 1);
    rest_ = rest_.subspan(size);
    return *this;
}

result<rtcp_compound> parse_compound(std::span<std::uint8_t const> bytes,
                                     compound_rules rules) noexcept
{
    rtcp_compound c;
    c.bytes_ = bytes;
    auto rest = bytes;
    if (rest.empty())
        return errc::truncated;
    while (!rest.empty()) {
        auto p = parse_rtcp_packet(rest);
        if (!p)
            return p.error();
        if (c.count_ == 0 && rules.report_first && p->type() != rtcp_type::sender_report &&
            p->type() != rtcp_type::receiver_report)
            return errc::bad_compound;
        rest = rest.subspan(p->bytes().size());
        if (p->has_padding() && !rest.empty())
            return errc::bad_compound; // RFC 3550 §6.4.1: only the last packet may be padded
        ++c.count_;
    }
    return c;
}

} // namespace rvoip::rtp
