#pragma once
// Network byte order loads and stores over spans (private to rtp-core).

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::rtp::detail {

inline std::uint16_t load16(std::span<std::uint8_t const> b, std::size_t at) noexcept
{
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline std::uint32_t load24(std::span<std::uint8_t const> b, std::size_t at) noexcept
{
    return (std::uint32_t{b[at]} << 16) | (std::uint32_t{b[at + 1]} << 8) | b[at + 2];
}

inline std::uint32_t load32(std::span<std::uint8_t const> b, std::size_t at) noexcept
{
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

inline void store16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) noexcept
{
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}

inline void store24(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) noexcept
{
    b[at] = static_cast<std::uint8_t>(v >> 16);
    b[at + 1] = static_cast<std::uint8_t>(v >> 8);
    b[at + 2] = static_cast<std::uint8_t>(v);
}

inline void store32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) noexcept
{
    b[at] = static_cast<std::uint8_t>(v >> 24);
    b[at + 1] = static_cast<std::uint8_t>(v >> 16);
    b[at + 2] = static_cast<std::uint8_t>(v >> 8);
    b[at + 3] = static_cast<std::uint8_t>(v);
}

} // namespace rvoip::rtp::detail
