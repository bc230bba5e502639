#pragma once
// RIFF/WAVE files with 16-bit PCM samples (WAVE_FORMAT_PCM, or WAVE_FORMAT_EXTENSIBLE with the
// PCM sub-format): whole-file parse and render, and a streaming writer for recordings.

#include <rvoip/media/error.hpp>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rvoip::media {

/// Decoded WAV audio: interleaved 16-bit samples.
struct wav_audio
{
    int sample_rate = 8000;
    int channels = 1;
    std::vector<std::int16_t> samples; // frames * channels, interleaved

    std::size_t frames() const noexcept
    {
        return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0;
    }
};

/// Parses a WAV file's bytes: the RIFF header, "fmt " (PCM, 16 bits, 1-8 channels, any rate)
/// and "data" chunks; other chunks are skipped. A data chunk longer than the file (a recording
/// cut short) is read up to the end. errc::bad_wav otherwise.
result<wav_audio> parse_wav(std::span<std::uint8_t const> bytes);

/// The bytes of a canonical 44-byte-header WAV file holding `audio`.
std::vector<std::uint8_t> render_wav(wav_audio const& audio);

/// Reads and parses a file; errc::file_error when it cannot be read.
result<wav_audio> read_wav_file(std::string const& path);

/// Writes `audio` to `path`; errc::file_error on failure.
result<void> write_wav_file(std::string const& path, wav_audio const& audio);

/// The average of each frame's channels.
std::vector<std::int16_t> downmix_to_mono(wav_audio const& audio);

/// Writes a WAV file as samples arrive, patching the RIFF and data sizes on close() (and in
/// the destructor), so a recording is valid at any length.
class wav_writer
{
public:
    /// errc::file_error when `path` cannot be created; bad_argument for channels outside 1-8.
    static result<wav_writer> open(std::string const& path, int sample_rate, int channels);

    ~wav_writer();
    wav_writer(wav_writer&&) noexcept;
    wav_writer& operator=(wav_writer&&) noexcept;

    /// Appends interleaved samples (a whole number of frames).
    result<void> write(std::span<std::int16_t const> interleaved);
    /// Finishes the header and closes the file; later writes fail with errc::file_error.
    result<void> close();

    int sample_rate() const noexcept { return rate_; }
    int channels() const noexcept { return channels_; }

private:
    struct file_closer
    {
        void operator()(std::FILE* f) const noexcept { std::fclose(f); }
    };
    wav_writer(std::FILE* f, int rate, int channels);
    std::unique_ptr<std::FILE, file_closer> file_;
    int rate_;
    int channels_;
    std::uint64_t data_bytes_ = 0;
};

} // namespace rvoip::media
