#pragma once
// Packet-loss concealment by pitch-period repetition, after ITU-T G.711 Appendix I: on the
// first lost frame the pitch period is found by normalised cross-correlation over the last
// 48.75 ms of good speech, the last period is repeated (1, then 2, then 3 periods as the loss
// grows by 10 ms steps), every loop seam is smoothed by a 1/4-period overlap-add, the output
// fades by 20% per 10 ms after the first 10 ms (silent after 60 ms), and the first good frame
// is overlap-added with the continued concealment (1/4 period plus 4 ms per extra 10 ms).
// Unlike Appendix I it adds no 3.75 ms output delay: seams are smoothed inside the repeated
// buffer instead of in already-played history. Works at any rate from 8 to 48 kHz.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rvoip::media {

/// Concealment state of one decoder. Feed every decoded frame through good_frame() and call
/// conceal() for every lost one.
class pitch_plc
{
public:
    /// `sample_rate` in Hz (8000-48000).
    explicit pitch_plc(int sample_rate);

    /// Records a decoded frame as history; when the frame ends an erasure, blends its start
    /// with the continued concealment (modifies `frame`).
    void good_frame(std::span<std::int16_t> frame);

    /// Writes a concealment of one lost frame of `out.size()` samples.
    void conceal(std::span<std::int16_t> out);

    /// The pitch period (in samples) the current or last erasure repeats; 0 before any.
    std::size_t pitch_period() const noexcept { return period_; }

private:
    float next_sample();
    void start_erasure();
    void build_loop(std::size_t periods);
    void push_history(std::span<std::int16_t const> samples);

    std::size_t ms_;                    // samples per millisecond
    std::size_t min_period_;            // 5 ms (200 Hz)
    std::size_t max_period_;            // 15 ms (66.7 Hz)
    std::vector<std::int16_t> history_; // ring of the last 48.75 ms played
    std::size_t history_at_ = 0;        // the oldest sample (next to be overwritten)
    std::vector<float> pitch_buf_;      // history_ in order when the erasure began
    std::vector<float> loop_;           // the repeated segment, seam already smoothed
    std::vector<float> old_loop_;       // the previous loop during a switch to more periods
    std::size_t pos_ = 0;
    std::size_t old_pos_ = 0;
    std::size_t switch_left_ = 0; // samples of the old/new loop overlap-add still to do
    std::size_t period_ = 0;
    std::size_t periods_ = 0;
    std::size_t lost_ = 0; // samples concealed in the current erasure
    bool concealing_ = false;
};

} // namespace rvoip::media
