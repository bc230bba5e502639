#pragma once
// WAV files as a stream's source and sink (softphone `--audio-in file:X.wav`,
// `--audio-out file:X.wav`).

#include <rvoip/media/audio_port.hpp>
#include <rvoip/media/wav.hpp>

#include <string>
#include <vector>

namespace rvoip::media {

/// Plays a WAV file of any rate and channel count as mono at the pipeline rate (channels are
/// averaged, the rate converted with the SpeexDSP resampler); silence after the end unless
/// looping.
class wav_file_source final : public audio_source
{
public:
    /// Errors of read_wav_file(), and unsupported_rate for a pipeline rate the resampler
    /// cannot reach.
    static result<wav_file_source> open(std::string const& path, int pipeline_rate,
                                        bool loop = false);
    /// The same from audio already in memory.
    static result<wav_file_source> from_audio(wav_audio const& audio, int pipeline_rate,
                                              bool loop = false);

    int sample_rate() const noexcept override { return rate_; }
    std::size_t read(std::span<std::int16_t> out) override;
    /// True once every sample has been read (never when looping).
    bool finished() const noexcept { return !loop_ && pos_ >= samples_.size(); }
    /// The converted samples.
    std::vector<std::int16_t> const& samples() const noexcept { return samples_; }

private:
    wav_file_source(std::vector<std::int16_t> samples, int rate, bool loop);
    std::vector<std::int16_t> samples_;
    std::size_t pos_ = 0;
    int rate_;
    bool loop_;
};

/// Writes the stream as a mono WAV file at the pipeline rate.
class wav_file_sink final : public audio_sink
{
public:
    static result<wav_file_sink> open(std::string const& path, int sample_rate);
    int sample_rate() const noexcept override { return writer_.sample_rate(); }
    result<void> write(std::span<std::int16_t const> samples) override
    {
        return writer_.write(samples);
    }
    /// Finishes the file (also done by the destructor).
    result<void> close() { return writer_.close(); }

private:
    explicit wav_file_sink(wav_writer w) : writer_(std::move(w)) {}
    wav_writer writer_;
};

} // namespace rvoip::media
