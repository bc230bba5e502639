#include <rvoip/media/tone_source.hpp>

#include <cmath>
#include <numbers>

namespace rvoip::media {

tone_source::tone_source(double frequency, int sample_rate, double amplitude) noexcept
    : step_(2.0 * std::numbers::pi * frequency / sample_rate), amplitude_(amplitude),
      rate_(sample_rate)
{
}

std::size_t tone_source::read(std::span<std::int16_t> out)
{
    for (auto& s : out) {
        s = static_cast<std::int16_t>(std::lround(amplitude_ * std::sin(phase_)));
        phase_ += step_;
        if (phase_ > 2.0 * std::numbers::pi)
            phase_ -= 2.0 * std::numbers::pi;
    }
    return out.size();
}

} // namespace rvoip::media
