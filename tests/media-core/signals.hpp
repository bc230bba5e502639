#pragma once
// Test signals and measurements for media-core: sines, lag-aligned SNR, single-bin power.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace rvoip::test {

/// `n` samples of a sine at `hz`, peak `amplitude`, sampled at `rate`.
inline std::vector<std::int16_t> sine(double hz, int rate, std::size_t n, double amplitude = 10000,
                                      double phase = 0)
{
    std::vector<std::int16_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::int16_t>(std::lround(
            amplitude *
            std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate + phase)));
    return out;
}

/// SNR in dB of `out` against `ref`, over `ref[skip..]`, at the lag (0..max_lag samples of codec
/// delay) that maximises it.
inline double snr_db(std::span<std::int16_t const> ref, std::span<std::int16_t const> out,
                     std::size_t skip, std::size_t max_lag = 0)
{
    double best = -1e9;
    for (std::size_t lag = 0; lag <= max_lag; ++lag) {
        double sig = 0, err = 0;
        for (std::size_t i = skip; i + lag < out.size() && i < ref.size(); ++i) {
            double const r = ref[i];
            double const d = r - out[i + lag];
            sig += r * r;
            err += d * d;
        }
        best = std::max(best, 10 * std::log10(sig / std::max(err, 1e-9)));
    }
    return best;
}

/// Energy of `x`.
inline double energy(std::span<std::int16_t const> x)
{
    double e = 0;
    for (auto s : x)
        e += static_cast<double>(s) * s;
    return e;
}

/// Power of `x` at `hz` (Goertzel), normalised by length squared.
inline double tone_power(std::span<std::int16_t const> x, double hz, int rate)
{
    double const w = 2 * std::numbers::pi * hz / rate;
    double const c = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (auto v : x) {
        double const s0 = v + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double const p = s1 * s1 + s2 * s2 - c * s1 * s2;
    return p / (static_cast<double>(x.size()) * static_cast<double>(x.size()));
}

/// A deterministic white-noise generator (xorshift), so that tests do not use std::rand.
class noise
{
public:
    explicit noise(std::uint32_t seed) : state_(seed ? seed : 1) {}
    std::int16_t next(int amplitude)
    {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        auto const u = static_cast<double>(state_) / 4294967296.0; // [0, 1)
        return static_cast<std::int16_t>(std::lround((2 * u - 1) * amplitude));
    }
    std::vector<std::int16_t> samples(std::size_t n, int amplitude)
    {
        std::vector<std::int16_t> out(n);
        for (auto& s : out)
            s = next(amplitude);
        return out;
    }

private:
    std::uint32_t state_;
};

} // namespace rvoip::test
