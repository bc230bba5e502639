#include <rvoip/media/pitch_plc.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace rvoip::media {
namespace {

std::int16_t to_pcm(float v)
{
    return static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

} // namespace

pitch_plc::pitch_plc(int sample_rate)
    : ms_(static_cast<std::size_t>(sample_rate) / 1000), min_period_(5 * ms_),
      max_period_(15 * ms_),
      // G.711 Appendix I HISTORYLEN: 3 maximal periods plus a 1/4 period for the seam.
      history_(3 * max_period_ + max_period_ / 4, 0)
{
    assert(sample_rate >= 8000 && sample_rate <= 48000);
}

void pitch_plc::push_history(std::span<std::int16_t const> samples)
{
    // A ring, so that a good frame costs one copy: the history is put in order only when an
    // erasure begins.
    auto const h = history_.size();
    if (samples.size() >= h) {
        std::copy(samples.end() - static_cast<std::ptrdiff_t>(h), samples.end(), history_.begin());
        history_at_ = 0;
        return;
    }
    auto const first = std::min(samples.size(), h - history_at_);
    std::copy_n(samples.begin(), first,
                history_.begin() + static_cast<std::ptrdiff_t>(history_at_));
    std::copy(samples.begin() + static_cast<std::ptrdiff_t>(first), samples.end(),
              history_.begin());
    history_at_ = (history_at_ + samples.size()) % h;
}

void pitch_plc::start_erasure()
{
    auto const h = history_.size();
    pitch_buf_.resize(h);
    for (std::size_t i = 0; i < h; ++i)
        pitch_buf_[i] = static_cast<float>(history_[(history_at_ + i) % h]);
    auto const corr_len = 20 * ms_; // G.711 Appendix I CORRLEN: a 20 ms window
    auto const* x = pitch_buf_.data();
    auto const* target = x + (h - corr_len);
    double best = -1.0;
    period_ = min_period_;
    for (std::size_t p = min_period_; p <= max_period_; ++p) {
        auto const* cand = target - p;
        double cross = 0.0, energy = 0.0;
        for (std::size_t i = 0; i < corr_len; ++i) {
            cross += static_cast<double>(target[i]) * cand[i];
            energy += static_cast<double>(cand[i]) * cand[i];
        }
        double const score = energy > 0.0 ? cross / std::sqrt(energy) : 0.0;
        if (score > best) {
            best = score;
            period_ = p;
        }
    }
    build_loop(1);
    pos_ = 0;
    switch_left_ = 0;
    lost_ = 0;
    concealing_ = true;
}

void pitch_plc::build_loop(std::size_t periods)
{
    periods_ = periods;
    auto const h = pitch_buf_.size();
    auto const len = periods * period_;
    auto const seam = period_ / 4;
    auto const begin = h - len;
    loop_.assign(pitch_buf_.begin() + static_cast<std::ptrdiff_t>(begin), pitch_buf_.end());
    // The loop jumps from its last sample back to pitch_buf_[begin]; fade its tail into the
    // samples that precede `begin` so that the jump continues the waveform.
    for (std::size_t i = 0; i < seam; ++i) {
        float const w = static_cast<float>(i + 1) / static_cast<float>(seam + 1);
        auto& s = loop_[len - seam + i];
        s = s * (1.0f - w) + pitch_buf_[begin - seam + i] * w;
    }
}

float pitch_plc::next_sample()
{
    auto const ten_ms = 10 * ms_;
    auto const wanted = std::min<std::size_t>(3, 1 + lost_ / ten_ms);
    if (wanted > periods_) {
        old_loop_ = loop_;
        old_pos_ = pos_;
        build_loop(wanted);
        switch_left_ = period_ / 4;
    }
    float v = loop_[pos_];
    pos_ = (pos_ + 1) % loop_.size();
    if (switch_left_ > 0) {
        auto const seam = period_ / 4;
        float const w = static_cast<float>(switch_left_) / static_cast<float>(seam + 1);
        v = v * (1.0f - w) + old_loop_[old_pos_] * w;
        old_pos_ = (old_pos_ + 1) % old_loop_.size();
        --switch_left_;
    }
    // G.711 Appendix I ATTENFAC: full level for 10 ms, then 20% less per 10 ms.
    float gain = 1.0f;
    if (lost_ > ten_ms)
        gain = std::max(0.0f, 1.0f - 0.2f * static_cast<float>(lost_ - ten_ms) /
                                         static_cast<float>(ten_ms));
    ++lost_;
    return v * gain;
}

void pitch_plc::conceal(std::span<std::int16_t> out)
{
    if (!concealing_)
        start_erasure();
    for (auto& s : out)
        s = to_pcm(next_sample());
    push_history(out);
}

void pitch_plc::good_frame(std::span<std::int16_t> frame)
{
    if (concealing_) {
        // Appendix I: overlap-add 1/4 period plus 4 ms per 10 ms of erasure after the first,
        // at most 10 ms.
        auto const extra = lost_ > 10 * ms_ ? (lost_ - 1) / (10 * ms_) : 0;
        auto const ola = std::min({period_ / 4 + extra * 4 * ms_, 10 * ms_, frame.size()});
        for (std::size_t i = 0; i < ola; ++i) {
            float const w = static_cast<float>(i + 1) / static_cast<float>(ola + 1);
            float const synth = next_sample();
            frame[i] = to_pcm(static_cast<float>(frame[i]) * w + synth * (1.0f - w));
        }
        concealing_ = false;
    }
    push_history(frame);
}

} // namespace rvoip::media
