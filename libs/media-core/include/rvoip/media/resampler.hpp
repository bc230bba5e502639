#pragma once
// Sample-rate conversion between device and codec rates (SpeexDSP's resampler).

#include <rvoip/media/error.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace rvoip::media {

/// A streaming mono resampler; keeps its filter history between calls.
class resampler
{
public:
    /// `quality` 0-10 (SpeexDSP; 3 is its VoIP default). errc::unsupported_rate for rates
    /// outside 8000-192000 Hz, bad_argument for a quality out of range.
    static result<resampler> create(int input_rate, int output_rate, int quality = 3);

    ~resampler();
    resampler(resampler&&) noexcept;
    resampler& operator=(resampler&&) noexcept;

    int input_rate() const noexcept { return in_rate_; }
    int output_rate() const noexcept { return out_rate_; }

    /// The number of output samples `input_samples` turn into.
    std::size_t output_size(std::size_t input_samples) const noexcept;

    /// Converts all of `in` into `out` (at least output_size(in.size()) long); returns the
    /// samples written. errc::buffer_too_small when `out` is shorter.
    result<std::size_t> process(std::span<std::int16_t const> in, std::span<std::int16_t> out);

private:
    struct state;
    resampler(std::unique_ptr<state> s, int in_rate, int out_rate);
    std::unique_ptr<state> state_;
    int in_rate_;
    int out_rate_;
};

} // namespace rvoip::media
