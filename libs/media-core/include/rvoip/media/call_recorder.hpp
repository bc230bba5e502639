#pragma once
// Recording a call to a stereo WAV file: the local side (what the microphone sent) on the left
// channel, the remote side (what was played) on the right (softphone `--record`).

#include <rvoip/media/wav.hpp>

#include <string>
#include <vector>

namespace rvoip::media {

/// Interleaves the two directions frame by frame into a 16-bit stereo WAV file.
class call_recorder
{
public:
    /// errc::file_error when `path` cannot be created.
    static result<call_recorder> open(std::string const& path, int sample_rate);

    /// Adds one frame of each side; the shorter side is padded with silence.
    result<void> write(std::span<std::int16_t const> local, std::span<std::int16_t const> remote);
    /// Finishes the file (also done by the destructor).
    result<void> close() { return writer_.close(); }

    int sample_rate() const noexcept { return writer_.sample_rate(); }

private:
    explicit call_recorder(wav_writer w) : writer_(std::move(w)) {}
    wav_writer writer_;
    std::vector<std::int16_t> interleaved_;
};

} // namespace rvoip::media
