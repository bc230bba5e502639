#pragma once
// Where a stream's audio comes from and goes to: mono 16-bit PCM frames at a fixed rate.

#include <rvoip/media/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::media {

/// A producer of mono PCM (microphone, file, tone, silence). Not thread-safe.
class audio_source
{
public:
    virtual ~audio_source() = default;
    /// The rate of the samples read() returns, in Hz.
    virtual int sample_rate() const noexcept = 0;
    /// Fills all of `out`; returns how many samples were real audio (the rest are silence, e.g.
    /// at the end of a file or when a device has not delivered yet).
    virtual std::size_t read(std::span<std::int16_t> out) = 0;
};

/// A consumer of mono PCM (speaker, file, nothing). Not thread-safe.
class audio_sink
{
public:
    virtual ~audio_sink() = default;
    /// The rate write() expects, in Hz.
    virtual int sample_rate() const noexcept = 0;
    /// Takes one frame; errc::file_error / device_failure when it cannot be delivered.
    virtual result<void> write(std::span<std::int16_t const> samples) = 0;
};

} // namespace rvoip::media
