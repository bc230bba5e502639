#pragma once
// Audio level for VU displays and statistics: peak and RMS of the last frame, and a smoothed
// level that rises at once and falls at 20 dB/s like a PPM.

#include <cstdint>
#include <span>

namespace rvoip::media {

/// Measures frames of one stream direction.
class level_meter
{
public:
    /// `sample_rate` sets the decay per sample of the smoothed level.
    explicit level_meter(int sample_rate) noexcept;

    /// Measures one frame.
    void update(std::span<std::int16_t const> frame) noexcept;

    /// RMS of the last frame in dB relative to full scale (-120 for silence).
    double rms_dbfs() const noexcept { return rms_dbfs_; }
    /// Absolute peak of the last frame in dBFS (-120 for silence).
    double peak_dbfs() const noexcept { return peak_dbfs_; }
    /// The display level in dBFS: follows peaks up at once, falls by 20 dB per second.
    double level_dbfs() const noexcept { return level_dbfs_; }

private:
    double fall_per_sample_;
    double rms_dbfs_ = -120;
    double peak_dbfs_ = -120;
    double level_dbfs_ = -120;
};

} // namespace rvoip::media
