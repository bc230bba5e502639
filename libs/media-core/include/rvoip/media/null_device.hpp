#pragma once
// The null source (silence) and null sink (discards), used when there is no sound card.

#include <rvoip/media/audio_port.hpp>

#include <algorithm>

namespace rvoip::media {

/// A source of digital silence.
class null_source final : public audio_source
{
public:
    explicit null_source(int sample_rate) noexcept : rate_(sample_rate) {}
    int sample_rate() const noexcept override { return rate_; }
    /// Writes zeros; returns 0 (no real audio).
    std::size_t read(std::span<std::int16_t> out) override
    {
        std::fill(out.begin(), out.end(), std::int16_t{0});
        return 0;
    }

private:
    int rate_;
};

/// A sink that drops everything and counts what it dropped.
class null_sink final : public audio_sink
{
public:
    explicit null_sink(int sample_rate) noexcept : rate_(sample_rate) {}
    int sample_rate() const noexcept override { return rate_; }
    result<void> write(std::span<std::int16_t const> samples) override
    {
        written_ += samples.size();
        return {};
    }
    /// Samples written so far.
    std::size_t samples_written() const noexcept { return written_; }

private:
    int rate_;
    std::size_t written_ = 0;
};

} // namespace rvoip::media
