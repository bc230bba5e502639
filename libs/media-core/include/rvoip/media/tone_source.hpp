#pragma once
// A sine source (softphone `--audio-in tone:HZ`).

#include <rvoip/media/audio_port.hpp>

namespace rvoip::media {

/// A continuous sine at `frequency` Hz and peak `amplitude`, phase-continuous across reads.
class tone_source final : public audio_source
{
public:
    tone_source(double frequency, int sample_rate, double amplitude = 8000.0) noexcept;
    int sample_rate() const noexcept override { return rate_; }
    std::size_t read(std::span<std::int16_t> out) override;

private:
    double step_; // phase increment per sample, radians
    double phase_ = 0.0;
    double amplitude_;
    int rate_;
};

} // namespace rvoip::media
