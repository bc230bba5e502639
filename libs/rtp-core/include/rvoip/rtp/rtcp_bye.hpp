#pragma once
// Goodbye packets (RFC 3550 §6.6).

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace rvoip::rtp {

/// A checked BYE packet. Views the packet bytes.
class bye_view
{
public:
    /// Number of sources leaving.
    std::size_t size() const noexcept { return ssrcs_.size() / 4; }
    /// Source i, i < size().
    std::uint32_t ssrc(std::size_t i) const noexcept;
    /// The optional reason for leaving (empty when absent).
    std::string_view reason() const noexcept { return reason_; }

private:
    friend result<bye_view> parse_bye(rtcp_packet_view) noexcept;
    std::span<std::uint8_t const> ssrcs_;
    std::string_view reason_;
};

/// Reads a BYE: `count` SSRCs, then optionally `length(8) reason`.
/// Errors: errc::wrong_packet_type, errc::bad_length (SSRCs or the reason overrun the packet).
result<bye_view> parse_bye(rtcp_packet_view packet) noexcept;

} // namespace rvoip::rtp
