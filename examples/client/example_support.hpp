#pragma once
// What the client examples share: a sink that keeps what a call played (safe to read from
// another thread) and a Goertzel check for a tone in it.

#include <rvoip/media/audio_port.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <numbers>
#include <span>
#include <vector>

namespace example {

inline constexpr int rate = 16000; // client_config::audio_rate's default

struct heard
{
    std::mutex mutex;
    std::vector<std::int16_t> samples;

    /// Whether the last 300 ms are dominated by `hz` (against 0.7 and 1.3 times it).
    bool has_tone(double hz)
    {
        std::lock_guard lock(mutex);
        std::size_t const n = rate * 3 / 10;
        if (samples.size() < n)
            return false;
        std::span<std::int16_t const> x{samples.data() + samples.size() - n, n};
        auto power = [&](double f) {
            double const c = 2 * std::cos(2 * std::numbers::pi * f / rate);
            double s1 = 0, s2 = 0;
            for (auto v : x) {
                double const s0 = v + c * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            return (s1 * s1 + s2 * s2 - c * s1 * s2) / (static_cast<double>(n) * static_cast<double>(n));
        };
        double const p = power(hz);
        return p > 1e5 && p > 20 * power(hz * 0.7) && p > 20 * power(hz * 1.3);
    }
};

class recorder final : public rvoip::media::audio_sink
{
public:
    explicit recorder(std::shared_ptr<heard> out) : out_(std::move(out)) {}
    int sample_rate() const noexcept override { return rate; }
    rvoip::media::result<void> write(std::span<std::int16_t const> s) override
    {
        std::lock_guard lock(out_->mutex);
        out_->samples.insert(out_->samples.end(), s.begin(), s.end());
        return {};
    }

private:
    std::shared_ptr<heard> out_;
};

} // namespace example
