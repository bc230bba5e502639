// BYE and APP parsing: both are a few fixed fields and a tail.
#include <rvoip/rtp/rtcp_app.hpp>
#include <rvoip/rtp/rtcp_bye.hpp>

#include "bytes.hpp"

namespace rvoip::rtp {

std::uint32_t bye_view::ssrc(std::size_t i) const noexcept
{
    return detail::load32(ssrcs_, 4 * i);
}

result<bye_view> parse_bye(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::bye)
        return errc::wrong_packet_type;
    auto const body = packet.body();
    std::size_t const ssrc_bytes = 4u * packet.count();
    if (ssrc_bytes > body.size())
        return errc::bad_length;
    bye_view v;
    v.ssrcs_ = body.first(ssrc_bytes);
    if (body.size() > ssrc_bytes) {
        std::size_t const len = body[ssrc_bytes];
        if (ssrc_bytes + 1 + len > body.size())
            return errc::bad_length;
        v.reason_ = {reinterpret_cast<char const*>(body.data() + ssrc_bytes + 1), len};
    }
    return v;
}

result<app_view> parse_app(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::app)
        return errc::wrong_packet_type;
    auto const body = packet.body();
    if (body.size() < 8 || body.size() % 4 != 0)
        return errc::bad_length;
    app_view v;
    v.subtype = packet.count();
    v.ssrc = detail::load32(body, 0);
    v.name = {reinterpret_cast<char const*>(body.data() + 4), 4};
    v.data = body.subspan(8);
    return v;
}

} // namespace rvoip::rtp
