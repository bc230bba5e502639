#pragma once
// Voice activity detection by frame energy against a tracked noise floor, with hangover.
// (SpeexDSP's own VAD is, in its own words, "a hack pending a complete rewrite".)

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::media {

/// Decides per frame whether someone is talking: active when the frame's energy is 9 dB above
/// the noise floor and above -55 dBFS; stays active for 200 ms after the last such frame so
/// that word endings are not clipped. The floor follows quiet frames down at once and rises
/// by 0.5 dB per 10 ms, so steady noise soon counts as floor.
class voice_activity_detector
{
public:
    explicit voice_activity_detector(int sample_rate) noexcept;

    /// Classifies one frame; returns true for voice.
    bool update(std::span<std::int16_t const> frame) noexcept;

    /// The current noise floor estimate in dBFS.
    double noise_floor_dbfs() const noexcept { return floor_db_; }

private:
    std::size_t rate_;
    double floor_db_ = -60.0;
    std::size_t hangover_left_ = 0; // samples
};

} // namespace rvoip::media
