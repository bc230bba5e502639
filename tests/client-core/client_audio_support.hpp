#pragma once
// What a test or an interop peer hears on a call (captured thread-safely), the tone detector
// and loudness on it, and waiting for a condition with a deadline instead of fixed sleeps.

#include <rvoip/media/audio_port.hpp>

#include "signals.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace rvoip::client::test {

inline constexpr int rate = 16000;

/// Samples written by the client's thread, read by the test's.
struct heard_audio
{
    std::mutex mutex;
    std::vector<std::int16_t> samples;

    std::vector<std::int16_t> last(std::size_t ms)
    {
        std::lock_guard lock(mutex);
        auto const n = std::min(samples.size(), rate * ms / 1000);
        return {samples.end() - static_cast<std::ptrdiff_t>(n), samples.end()};
    }
    std::size_t size()
    {
        std::lock_guard lock(mutex);
        return samples.size();
    }
};

class capture_sink final : public media::audio_sink
{
public:
    explicit capture_sink(std::shared_ptr<heard_audio> out) : out_(std::move(out)) {}
    int sample_rate() const noexcept override { return rate; }
    media::result<void> write(std::span<std::int16_t const> s) override
    {
        std::lock_guard lock(out_->mutex);
        out_->samples.insert(out_->samples.end(), s.begin(), s.end());
        return {};
    }

private:
    std::shared_ptr<heard_audio> out_;
};

/// The power of `hz` in the last `ms` heard, against that of two frequencies beside it.
inline bool tone_present(heard_audio& h, double hz, std::size_t ms = 300)
{
    auto x = h.last(ms);
    if (x.size() < rate * ms / 1000)
        return false;
    double const p = rvoip::test::tone_power(x, hz, rate);
    return p > 1e5 && p > 20 * rvoip::test::tone_power(x, hz * 0.7, rate) &&
           p > 20 * rvoip::test::tone_power(x, hz * 1.3, rate);
}

/// Mean energy per sample of the last `ms` heard.
inline double loudness(heard_audio& h, std::size_t ms = 200)
{
    auto x = h.last(ms);
    return x.empty() ? 0 : rvoip::test::energy(x) / static_cast<double>(x.size());
}

/// Waits until `done()` holds (checked every 5 ms), at most `limit`.
inline bool eventually(std::function<bool()> const& done, std::chrono::milliseconds limit = std::chrono::seconds{5})
{
    auto const end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    return true;
}

} // namespace rvoip::client::test
