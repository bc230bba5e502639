#pragma once
// The media path steps the benchmark times: build and parse an RTP packet, and a jitter buffer
// fed by a steady stream on a manual clock.

#include <rvoip/rtp/jitter_buffer.hpp>

#include <array>
#include <cstdint>

namespace rvoip::bench {

/// A 20 ms PCMU packet's payload size.
inline constexpr std::size_t pcmu_payload = 160;

/// Builds packet number `n` (sequence, timestamp, marker on the first) into `out` and parses
/// it back; returns a value derived from the parse so the work cannot be optimised away.
unsigned build_and_parse(std::uint32_t n, std::array<std::uint8_t, 1500>& out) noexcept;

/// A jitter buffer driven at 20 ms per packet by a manual clock.
class jitter_drive
{
public:
    jitter_drive();
    /// One put of the next packet and one get; returns a value derived from the frame.
    unsigned step() noexcept;

private:
    rtp::jitter_buffer jb_;
    std::array<std::uint8_t, pcmu_payload> payload_{};
    std::uint32_t n_ = 0;
};

} // namespace rvoip::bench
