// The wrapped ports of a call's audio.
#include "call_audio_tap.hpp"

#include <algorithm>

namespace rvoip::client::detail {

media::result<void> tapped_sink::write(std::span<std::int16_t const> samples)
{
    if (tap_->on_frame)
        tap_->on_frame(samples, tap_->rate);
    if (inner_)
        return inner_->write(samples);
    return {};
}

std::size_t fed_source::read(std::span<std::int16_t> out)
{
    auto* ring = tap_->consumer_ring();
    auto const queued = ring ? ring->pop(out) : 0;
    if (queued > 0) {
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(queued), out.end(), std::int16_t{0});
        return queued;
    }
    if (inner_)
        return inner_->read(out);
    std::fill(out.begin(), out.end(), std::int16_t{0});
    return 0;
}

} // namespace rvoip::client::detail
