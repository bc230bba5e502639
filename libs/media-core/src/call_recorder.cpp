#include <rvoip/media/call_recorder.hpp>

#include <algorithm>

namespace rvoip::media {

result<call_recorder> call_recorder::open(std::string const& path, int sample_rate)
{
    auto w = wav_writer::open(path, sample_rate, 2);
    if (!w)
        return w.error();
    return call_recorder(std::move(*w));
}

result<void> call_recorder::write(std::span<std::int16_t const> local,
                                  std::span<std::int16_t const> remote)
{
    auto const n = std::max(local.size(), remote.size());
    interleaved_.resize(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        interleaved_[2 * i] = i < local.size() ? local[i] : std::int16_t{0};
        interleaved_[2 * i + 1] = i < remote.size() ? remote[i] : std::int16_t{0};
    }
    return writer_.write(interleaved_);
}

} // namespace rvoip::media
