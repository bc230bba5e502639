#pragma once
// In-band DTMF (ITU-T Q.23 frequencies, Q.24 detection limits) for peers without RFC 4733:
// a tone generator and a Goertzel detector.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rvoip::media {

/// The low (row) and high (column) frequency of a DTMF digit, in Hz (Q.23 Table 1).
struct dtmf_pair
{
    double low;
    double high;
};

/// The frequencies of '0'-'9', '*', '#', 'A'-'D' (case-insensitive); nothing otherwise.
std::optional<dtmf_pair> dtmf_frequencies(char digit) noexcept;

/// How the generator shapes each digit.
struct dtmf_timing
{
    int tone_ms = 100;       // Q.24: at least 40 ms; 100 ms is the usual dialler value
    int gap_ms = 60;         // silence after each digit
    double amplitude = 7000; // peak of each of the two sines (about -10 dBm0 each)
};

/// Plays queued digits as sine pairs into a stream, continuing across frames.
class dtmf_generator
{
public:
    explicit dtmf_generator(int sample_rate, dtmf_timing timing = {}) noexcept;

    /// Queues digits; characters that are not DTMF digits are skipped. Returns how many were
    /// queued.
    std::size_t queue(std::string_view digits);

    /// While digits are pending, overwrites `frame` with tone (or the gap's silence) and
    /// returns true; returns false and leaves `frame` alone when idle.
    bool fill(std::span<std::int16_t> frame) noexcept;

    bool idle() const noexcept { return pending_.empty(); }

private:
    std::string pending_;
    std::size_t at_ = 0; // samples into the current digit (tone then gap)
    std::size_t tone_len_;
    std::size_t gap_len_;
    double amplitude_;
    int rate_;
};

/// A Goertzel DTMF detector: blocks of 25.6 ms (205 samples at 8 kHz, scaled at other rates),
/// a digit is accepted when both tones are present above an energy floor, each is the strongest
/// of its group by 6 dB, the twist is within 8 dB normal / 4 dB reverse (Q.24), the two tones
/// carry at least 80% of the block energy (this rejects speech and noise), and the same digit
/// holds for two consecutive blocks (>= 40 ms). A digit is reported once until the tone stops.
class dtmf_detector
{
public:
    /// `sample_rate` 8000-48000 Hz.
    explicit dtmf_detector(int sample_rate);

    /// Consumes samples; returns the digits that were completed in them (usually none).
    std::string feed(std::span<std::int16_t const> samples);

private:
    std::optional<char> classify() const noexcept;
    void end_block(std::string& out);

    std::array<double, 8> coeff_{}; // 2 cos(2 pi k / N) for the 8 Goertzel bins
    std::array<double, 8> s1_{}, s2_{};
    double energy_ = 0;
    std::size_t block_;
    std::size_t filled_ = 0;
    std::optional<char> last_; // the previous block's candidate
    bool reported_ = false;    // last_ has already been reported
};

} // namespace rvoip::media
