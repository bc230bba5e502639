#include <rvoip/media/level_meter.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace rvoip::media {
namespace {

double to_dbfs(double amplitude)
{
    return amplitude <= 0 ? -120.0 : std::max(-120.0, 20 * std::log10(amplitude / 32768.0));
}

} // namespace

level_meter::level_meter(int sample_rate) noexcept : fall_per_sample_(20.0 / sample_rate) {}

void level_meter::update(std::span<std::int16_t const> frame) noexcept
{
    if (frame.empty())
        return;
    double sum = 0;
    int peak = 0;
    for (auto s : frame) {
        sum += static_cast<double>(s) * s;
        peak = std::max(peak, std::abs(static_cast<int>(s)));
    }
    rms_dbfs_ = to_dbfs(std::sqrt(sum / static_cast<double>(frame.size())));
    peak_dbfs_ = to_dbfs(peak);
    double const fallen = level_dbfs_ - fall_per_sample_ * static_cast<double>(frame.size());
    level_dbfs_ = std::max({peak_dbfs_, fallen, -120.0});
}

} // namespace rvoip::media
