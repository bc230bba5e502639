#include <rvoip/media/voice_activity_detector.hpp>

#include <algorithm>
#include <cmath>

namespace rvoip::media {

voice_activity_detector::voice_activity_detector(int sample_rate) noexcept
    : rate_(static_cast<std::size_t>(sample_rate))
{
}

bool voice_activity_detector::update(std::span<std::int16_t const> frame) noexcept
{
    if (frame.empty())
        return hangover_left_ > 0;
    double sum = 0;
    for (auto s : frame)
        sum += static_cast<double>(s) * s;
    double const mean = sum / static_cast<double>(frame.size());
    double const db = mean > 0 ? 10 * std::log10(mean / (32768.0 * 32768.0)) : -120.0;
    double const ms = 1000.0 * static_cast<double>(frame.size()) / static_cast<double>(rate_);
    if (db < floor_db_)
        floor_db_ = db;
    else
        floor_db_ = std::min(db, floor_db_ + 0.05 * ms);
    bool const loud = db > floor_db_ + 9.0 && db > -55.0;
    if (loud)
        hangover_left_ = rate_ / 5;
    else
        hangover_left_ -= std::min(hangover_left_, frame.size());
    return loud || hangover_left_ > 0;
}

} // namespace rvoip::media
