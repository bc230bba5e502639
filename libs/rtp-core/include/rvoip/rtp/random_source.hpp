#pragma once
// The random source rtp-core draws from (SSRCs, initial sequence numbers and timestamps, RTCP
// interval randomisation, SRTP keys). Injected, so tests can seed it.

#include <rvoip/rtp/error.hpp>

#include <cstdint>
#include <span>

namespace rvoip::rtp {

/// Fills buffers with random bytes. Implementations used for SRTP keys must be CSPRNGs.
class random_source
{
public:
    virtual ~random_source() = default;
    /// Fills `out` completely, or returns an error (errc::random_failed).
    virtual boost::system::error_code fill(std::span<std::uint8_t> out) noexcept = 0;
};

/// The operating system's CSPRNG (getrandom(2), blocking only until the pool is seeded).
class system_random final : public random_source
{
public:
    boost::system::error_code fill(std::span<std::uint8_t> out) noexcept override;
};

/// A uniformly distributed 32-bit value from `r`.
result<std::uint32_t> random_u32(random_source& r) noexcept;

/// A uniformly distributed value in [0, 1) from `r` (53 random bits).
result<double> random_unit(random_source& r) noexcept;

} // namespace rvoip::rtp
