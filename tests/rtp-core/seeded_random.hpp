#pragma once
// A deterministic random_source for tests (splitmix64), and a constant one.

#include <rvoip/rtp/random_source.hpp>

#include <cstdint>

namespace rvoip::rtp::test {

/// splitmix64: the same seed gives the same bytes on every run.
class seeded_random final : public random_source
{
public:
    explicit seeded_random(std::uint64_t seed) : state_(seed) {}

    boost::system::error_code fill(std::span<std::uint8_t> out) noexcept override
    {
        for (auto& b : out)
            b = static_cast<std::uint8_t>(next() >> 56);
        return {};
    }

    std::uint64_t next() noexcept
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1).
    double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

/// Every byte is `value`; `fail` makes fill() report errc::random_failed.
class constant_random final : public random_source
{
public:
    explicit constant_random(std::uint8_t value, bool fail = false) : value_(value), fail_(fail) {}
    boost::system::error_code fill(std::span<std::uint8_t> out) noexcept override
    {
        if (fail_)
            return errc::random_failed;
        for (auto& b : out)
            b = value_;
        return {};
    }

private:
    std::uint8_t value_;
    bool fail_;
};

} // namespace rvoip::rtp::test
