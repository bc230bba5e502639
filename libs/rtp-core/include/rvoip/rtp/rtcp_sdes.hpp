#pragma once
// Source description packets (RFC 3550 §6.5): chunks of (SSRC, items), CNAME above all.

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace rvoip::rtp {

/// SDES item types (RFC 3550 §6.5.1-§6.5.8).
enum class sdes_type : std::uint8_t
{
    end = 0,
    cname = 1,
    name = 2,
    email = 3,
    phone = 4,
    loc = 5,
    tool = 6,
    note = 7,
    priv = 8,
};

/// One SDES item. `text` views the packet bytes (or, for building, the caller's string).
struct sdes_item
{
    std::uint32_t ssrc = 0;
    sdes_type type = sdes_type::cname;
    std::string_view text;
};

/// A checked SDES packet. Views the packet bytes.
class sdes_view
{
public:
    /// Number of items (end markers not counted).
    std::size_t size() const noexcept { return items_; }
    /// Copies up to out.size() items in wire order; returns how many were copied.
    std::size_t items(std::span<sdes_item> out) const noexcept;
    /// The first item of `type` for `ssrc`, if any.
    std::optional<std::string_view> find(std::uint32_t ssrc, sdes_type type) const noexcept;
    /// The CNAME of `ssrc`, if present.
    std::optional<std::string_view> cname(std::uint32_t ssrc) const noexcept
    {
        return find(ssrc, sdes_type::cname);
    }

private:
    friend result<sdes_view> parse_sdes(rtcp_packet_view) noexcept;
    template<class Fn> void walk(Fn&& fn) const noexcept;
    std::span<std::uint8_t const> body_;
    std::size_t chunks_ = 0;
    std::size_t items_ = 0;
};

/// Reads an SDES packet: `count` chunks, each an SSRC then items `type(8) length(8) text`
/// ended by a zero byte and padded to 32 bits.
/// Errors: errc::wrong_packet_type, errc::bad_length (a chunk or item runs past the packet,
/// or fewer chunks than the count).
result<sdes_view> parse_sdes(rtcp_packet_view packet) noexcept;

} // namespace rvoip::rtp
