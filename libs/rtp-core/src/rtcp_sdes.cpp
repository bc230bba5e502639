#include <rvoip/rtp/rtcp_sdes.hpp>

#include "bytes.hpp"

namespace rvoip::rtp {
namespace {

/// Walks `chunks` chunks of `body`, calling fn(item) for each; returns false on overrun.
template<class Fn>
bool walk_chunks(std::span<std::uint8_t const> body, std::size_t chunks, Fn&& fn) noexcept
{
    std::size_t pos = 0;
    for (std::size_t c = 0; c < chunks; ++c) {
        if (pos + 4 > body.size())
            return false;
        std::uint32_t const ssrc = detail::load32(body, pos);
        pos += 4;
        for (;;) {
            if (pos >= body.size())
                return false; // no end item
            auto const type = body[pos];
            if (type == 0)
                break;
            if (pos + 2 > body.size() || pos + 2 + body[pos + 1] > body.size())
                return false;
            std::size_t const len = body[pos + 1];
            std::string_view const text(reinterpret_cast<char const*>(body.data() + pos + 2), len);
            fn(sdes_item{ssrc, static_cast<sdes_type>(type), text});
            pos += 2 + len;
        }
        pos = (pos + 1 + 3) / 4 * 4; // the end byte, then pad to the next 32-bit boundary
        if (pos > body.size())
            return false;
    }
    return true;
}

} // namespace

template<class Fn> void sdes_view::walk(Fn&& fn) const noexcept
{
    walk_chunks(body_, chunks_, fn);
}

std::size_t sdes_view::items(std::span<sdes_item> out) const noexcept
{
    std::size_t n = 0;
    walk([&](sdes_item const& item) {
        if (n < out.size())
            out[n++] = item;
    });
    return n;
}

std::optional<std::string_view> sdes_view::find(std::uint32_t ssrc, sdes_type type) const noexcept
{
    std::optional<std::string_view> found;
    walk([&](sdes_item const& item) {
        if (!found && item.ssrc == ssrc && item.type == type)
            found = item.text;
    });
    return found;
}

result<sdes_view> parse_sdes(rtcp_packet_view packet) noexcept
{
    if (packet.type() != rtcp_type::sdes)
        return errc::wrong_packet_type;
    sdes_view v;
    v.body_ = packet.body();
    v.chunks_ = packet.count();
    if (!walk_chunks(v.body_, v.chunks_, [&](sdes_item const&) { ++v.items_; }))
        return errc::bad_length;
    return v;
}

} // namespace rvoip::rtp
