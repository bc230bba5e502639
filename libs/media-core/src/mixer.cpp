#include <rvoip/media/mixer.hpp>

#include <algorithm>
#include <cassert>

namespace rvoip::media {

mixer::mixer(std::size_t frame_samples) : frame_(frame_samples), sum_(frame_samples) {}

mixer::party_id mixer::add_party()
{
    for (std::size_t i = 0; i < parties_.size(); ++i)
        if (!parties_[i].active) {
            parties_[i] = party{true, false};
            std::fill_n(inputs_.begin() + static_cast<std::ptrdiff_t>(i * frame_), frame_,
                        std::int16_t{0});
            return i;
        }
    parties_.push_back(party{true, false});
    inputs_.resize(parties_.size() * frame_, 0);
    outputs_.resize(parties_.size() * frame_, 0);
    return parties_.size() - 1;
}

void mixer::remove_party(party_id id)
{
    assert(id < parties_.size());
    parties_[id].active = false;
}

std::size_t mixer::parties() const noexcept
{
    return static_cast<std::size_t>(
        std::count_if(parties_.begin(), parties_.end(), [](party const& p) { return p.active; }));
}

void mixer::set_input(party_id id, std::span<std::int16_t const> frame)
{
    assert(id < parties_.size() && parties_[id].active);
    auto const n = std::min(frame.size(), frame_);
    auto const dst = inputs_.begin() + static_cast<std::ptrdiff_t>(id * frame_);
    std::copy_n(frame.begin(), n, dst);
    std::fill(dst + static_cast<std::ptrdiff_t>(n), dst + static_cast<std::ptrdiff_t>(frame_),
              std::int16_t{0});
}

void mixer::set_muted(party_id id, bool muted)
{
    assert(id < parties_.size());
    parties_[id].muted = muted;
}

void mixer::mix()
{
    std::fill(sum_.begin(), sum_.end(), 0);
    for (std::size_t p = 0; p < parties_.size(); ++p) {
        if (!parties_[p].active || parties_[p].muted)
            continue;
        auto const* in = inputs_.data() + p * frame_;
        for (std::size_t i = 0; i < frame_; ++i)
            sum_[i] += in[i];
    }
    for (std::size_t p = 0; p < parties_.size(); ++p) {
        if (!parties_[p].active)
            continue;
        bool const heard = !parties_[p].muted;
        auto* in = inputs_.data() + p * frame_;
        auto* out = outputs_.data() + p * frame_;
        for (std::size_t i = 0; i < frame_; ++i) {
            std::int32_t v = sum_[i] - (heard ? in[i] : 0);
            if (v > 32767 || v < -32768) {
                ++clipped_;
                v = std::clamp(v, -32768, 32767);
            }
            out[i] = static_cast<std::int16_t>(v);
        }
    }
    std::fill(inputs_.begin(), inputs_.end(), std::int16_t{0});
}

std::span<std::int16_t const> mixer::output(party_id id) const noexcept
{
    assert(id < parties_.size());
    return {outputs_.data() + id * frame_, frame_};
}

} // namespace rvoip::media
