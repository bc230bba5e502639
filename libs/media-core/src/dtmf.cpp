#include <rvoip/media/dtmf.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rvoip::media {
namespace {

constexpr std::array<double, 4> rows{697, 770, 852, 941};
constexpr std::array<double, 4> cols{1209, 1336, 1477, 1633};
constexpr std::string_view keypad = "123A456B789C*0#D";

} // namespace

std::optional<dtmf_pair> dtmf_frequencies(char digit) noexcept
{
    if (digit >= 'a' && digit <= 'd')
        digit = static_cast<char>(digit - 'a' + 'A');
    auto const pos = keypad.find(digit);
    if (pos == std::string_view::npos)
        return {};
    return dtmf_pair{rows[pos / 4], cols[pos % 4]};
}

dtmf_generator::dtmf_generator(int sample_rate, dtmf_timing timing) noexcept
    : tone_len_(static_cast<std::size_t>(sample_rate / 1000 * timing.tone_ms)),
      gap_len_(static_cast<std::size_t>(sample_rate / 1000 * timing.gap_ms)),
      amplitude_(timing.amplitude), rate_(sample_rate)
{
}

std::size_t dtmf_generator::queue(std::string_view digits)
{
    std::size_t n = 0;
    for (char d : digits)
        if (dtmf_frequencies(d)) {
            pending_ += d;
            ++n;
        }
    return n;
}

bool dtmf_generator::fill(std::span<std::int16_t> frame) noexcept
{
    if (pending_.empty())
        return false;
    for (auto& s : frame) {
        if (pending_.empty()) {
            s = 0;
            continue;
        }
        if (at_ < tone_len_) {
            auto const f = *dtmf_frequencies(pending_.front());
            double const t = static_cast<double>(at_) / rate_;
            double const v = amplitude_ * (std::sin(2 * std::numbers::pi * f.low * t) +
                                           std::sin(2 * std::numbers::pi * f.high * t));
            s = static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
        } else {
            s = 0;
        }
        if (++at_ >= tone_len_ + gap_len_) {
            at_ = 0;
            pending_.erase(0, 1);
        }
    }
    return true;
}

dtmf_detector::dtmf_detector(int sample_rate)
    : block_(static_cast<std::size_t>(std::lround(205.0 * sample_rate / 8000.0)))
{
    // Each filter is tuned to the exact frequency rather than the nearest DFT bin: with 205
    // points the 770 Hz row falls 10 Hz from its bin and would lose 3 dB.
    for (std::size_t i = 0; i < 8; ++i) {
        double const hz = i < 4 ? rows[i] : cols[i - 4];
        coeff_[i] = 2.0 * std::cos(2.0 * std::numbers::pi * hz / sample_rate);
    }
}

std::string dtmf_detector::feed(std::span<std::int16_t const> samples)
{
    std::string out;
    for (auto sample : samples) {
        double const x = sample;
        energy_ += x * x;
        for (std::size_t i = 0; i < 8; ++i) {
            double const s0 = x + coeff_[i] * s1_[i] - s2_[i];
            s2_[i] = s1_[i];
            s1_[i] = s0;
        }
        if (++filled_ == block_)
            end_block(out);
    }
    return out;
}

std::optional<char> dtmf_detector::classify() const noexcept
{
    std::array<double, 8> power{};
    for (std::size_t i = 0; i < 8; ++i)
        power[i] = s1_[i] * s1_[i] + s2_[i] * s2_[i] - coeff_[i] * s1_[i] * s2_[i];
    auto const row = static_cast<std::size_t>(std::max_element(power.begin(), power.begin() + 4) -
                                              power.begin());
    auto const col =
        static_cast<std::size_t>(std::max_element(power.begin() + 4, power.end()) - power.begin());
    double const n = static_cast<double>(block_);
    // A sine of peak A gives |X|^2 = (A N / 2)^2: demand A >= 400 (about -38 dBm0) per tone.
    double const floor = (400.0 * n / 2) * (400.0 * n / 2);
    if (power[row] < floor || power[col] < floor)
        return {};
    // Each tone must stand 6 dB above the others of its group.
    for (std::size_t i = 0; i < 8; ++i)
        if (i != row && i != col && 4.0 * power[i] > power[i < 4 ? row : col])
            return {};
    // Twist (Q.24): the high tone may be up to 8 dB weaker or 4 dB stronger than the low one.
    if (power[row] > 6.31 * power[col] || power[col] > 2.51 * power[row])
        return {};
    // The two tones must carry the block: a sine's energy over N samples is 2 |X|^2 / N.
    double const tone_energy = 2.0 * (power[row] + power[col]) / n;
    if (tone_energy < 0.8 * energy_)
        return {};
    return keypad[row * 4 + (col - 4)];
}

void dtmf_detector::end_block(std::string& out)
{
    auto const digit = classify();
    if (digit && digit == last_ && !reported_) {
        out += *digit;
        reported_ = true;
    }
    if (digit != last_)
        reported_ = false;
    last_ = digit;
    s1_.fill(0);
    s2_.fill(0);
    energy_ = 0;
    filled_ = 0;
}

} // namespace rvoip::media
