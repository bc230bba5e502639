#pragma once
// Capture-side audio processing: acoustic echo cancellation (SpeexDSP's MDF adaptive filter
// plus its residual echo suppression), noise suppression and automatic gain control (SpeexDSP
// preprocessor) and voice activity detection (voice_activity_detector), each switchable per
// call.

#include <rvoip/media/error.hpp>
#include <rvoip/media/voice_activity_detector.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace rvoip::media {

/// Which processing runs. All off is an exact pass-through.
struct audio_processing_options
{
    bool echo_cancellation = false;
    bool noise_suppression = false;
    bool automatic_gain_control = false;
    bool voice_activity_detection = false;
    int echo_tail_ms = 128;      // the longest echo path the canceller models
    int noise_suppress_db = -15; // maximum noise attenuation (negative dB)
    int agc_target = 8000;       // AGC target RMS level (16-bit scale)

    friend bool operator==(audio_processing_options const&,
                           audio_processing_options const&) = default;
};

/// Processes capture frames against the playback (far-end) frames they may contain echo of.
class audio_processor
{
public:
    /// `frame_samples` per call at `sample_rate` (8000, 16000, 32000 or 48000 Hz).
    /// errc::unsupported_rate or bad_argument for other values; codec_failure when SpeexDSP
    /// cannot create its state.
    static result<audio_processor> create(int sample_rate, std::size_t frame_samples,
                                          audio_processing_options const& options = {});

    ~audio_processor();
    audio_processor(audio_processor&&) noexcept;
    audio_processor& operator=(audio_processor&&) noexcept;

    /// Switches processing on or off; the echo canceller restarts its adaptation when turned
    /// on. errc::codec_failure when SpeexDSP cannot create its state.
    result<void> set_options(audio_processing_options const& options);
    audio_processing_options const& options() const noexcept { return options_; }

    /// Processes one captured frame in place. `playback` is the frame played at the same time
    /// (its length must equal the frame size; pass silence when nothing played). Returns the
    /// voice activity decision (always true when VAD is off).
    bool process(std::span<std::int16_t> capture, std::span<std::int16_t const> playback);

    std::size_t frame_samples() const noexcept { return frame_; }

private:
    struct state;
    audio_processor(int rate, std::size_t frame);
    std::unique_ptr<state> state_;
    audio_processing_options options_;
    voice_activity_detector vad_;
    int rate_;
    std::size_t frame_;
};

} // namespace rvoip::media
