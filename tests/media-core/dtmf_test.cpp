// In-band DTMF: generation of all 16 digits, Goertzel detection, rejection of speech-like
// signals, single tones, noise, excessive twist and short bursts.
#include <rvoip/media/dtmf.hpp>

#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <numbers>

namespace media = rvoip::media;

namespace {

std::string detect(std::vector<std::int16_t> const& pcm, int rate, std::size_t frame = 160)
{
    media::dtmf_detector d(rate);
    std::string out;
    for (std::size_t at = 0; at < pcm.size(); at += frame)
        out += d.feed(std::span(pcm).subspan(at, std::min(frame, pcm.size() - at)));
    return out;
}

std::vector<std::int16_t> generate(std::string_view digits, int rate, media::dtmf_timing t = {})
{
    media::dtmf_generator g(rate, t);
    g.queue(digits);
    std::vector<std::int16_t> out;
    std::vector<std::int16_t> frame(static_cast<std::size_t>(rate / 50));
    while (g.fill(frame))
        out.insert(out.end(), frame.begin(), frame.end());
    return out;
}

std::vector<std::int16_t> two_tones(double f1, double a1, double f2, double a2, int rate,
                                    std::size_t n)
{
    auto a = rvoip::test::sine(f1, rate, n, a1);
    auto const b = rvoip::test::sine(f2, rate, n, a2);
    for (std::size_t i = 0; i < n; ++i)
        a[i] = static_cast<std::int16_t>(a[i] + b[i]);
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(dtmf)

BOOST_AUTO_TEST_CASE(all_sixteen_digits_are_detected_at_8_16_and_48_khz)
{
    for (int rate : {8000, 16000, 48000}) {
        auto const pcm = generate("0123456789*#ABCD", rate);
        BOOST_TEST(detect(pcm, rate, static_cast<std::size_t>(rate / 50)) == "0123456789*#ABCD");
    }
}

BOOST_AUTO_TEST_CASE(digits_survive_noise_and_a_quiet_level)
{
    auto pcm = generate("159#", 8000, {.tone_ms = 60, .gap_ms = 40, .amplitude = 1500});
    rvoip::test::noise n(11);
    for (auto& s : pcm)
        s = static_cast<std::int16_t>(s + n.next(100));
    BOOST_TEST(detect(pcm, 8000) == "159#");
}

BOOST_AUTO_TEST_CASE(a_long_digit_is_reported_once_and_repeats_need_a_gap)
{
    auto pcm = generate("55", 8000, {.tone_ms = 500, .gap_ms = 60, .amplitude = 7000});
    BOOST_TEST(detect(pcm, 8000) == "55");
}

BOOST_AUTO_TEST_CASE(frequencies_follow_q23)
{
    auto const f = media::dtmf_frequencies('9');
    BOOST_TEST_REQUIRE(f.has_value());
    BOOST_TEST(f->low == 852.0);
    BOOST_TEST(f->high == 1477.0);
    BOOST_TEST(media::dtmf_frequencies('d')->high == 1633.0);
    BOOST_TEST(!media::dtmf_frequencies('E').has_value());
    media::dtmf_generator g(8000);
    BOOST_TEST(g.queue("1x2") == 2u);
}

BOOST_AUTO_TEST_CASE(a_single_tone_is_not_a_digit)
{
    BOOST_TEST(detect(rvoip::test::sine(697, 8000, 8000, 10000), 8000).empty());
    BOOST_TEST(detect(rvoip::test::sine(1336, 8000, 8000, 10000), 8000).empty());
}

BOOST_AUTO_TEST_CASE(a_chirp_is_not_a_digit)
{
    std::vector<std::int16_t> chirp(16000);
    double phase = 0;
    for (std::size_t i = 0; i < chirp.size(); ++i) {
        double const hz = 300 + 3100 * static_cast<double>(i) / static_cast<double>(chirp.size());
        phase += 2 * std::numbers::pi * hz / 8000;
        chirp[i] = static_cast<std::int16_t>(10000 * std::sin(phase));
    }
    BOOST_TEST(detect(chirp, 8000).empty());
}

BOOST_AUTO_TEST_CASE(noise_is_not_a_digit)
{
    BOOST_TEST(detect(rvoip::test::noise(5).samples(40000, 12000), 8000).empty());
}

BOOST_AUTO_TEST_CASE(speech_like_harmonics_are_not_digits)
{
    // A voiced sound: pitch gliding 100-180 Hz with 20 harmonics under a formant envelope that
    // peaks near 700 Hz and 1200 Hz, where DTMF rows and columns sit.
    std::vector<std::int16_t> voice(24000);
    double phase = 0;
    for (std::size_t i = 0; i < voice.size(); ++i) {
        double const f0 =
            100 + 80 * std::sin(2 * std::numbers::pi * static_cast<double>(i) / 12000);
        phase += 2 * std::numbers::pi * f0 / 8000;
        double v = 0;
        for (int h = 1; h <= 20; ++h) {
            double const hz = h * f0;
            double const env = std::exp(-std::pow((hz - 700) / 250, 2)) +
                               0.7 * std::exp(-std::pow((hz - 1200) / 300, 2)) + 0.05;
            v += env * std::sin(h * phase);
        }
        voice[i] = static_cast<std::int16_t>(4000 * v);
    }
    BOOST_TEST(detect(voice, 8000).empty());
}

BOOST_AUTO_TEST_CASE(excessive_twist_is_rejected)
{
    // High tone 12 dB weaker than the low one (Q.24 allows 8 dB).
    BOOST_TEST(detect(two_tones(770, 8000, 1336, 2000, 8000, 4000), 8000).empty());
    // High tone 8 dB stronger (allowed: 4 dB).
    BOOST_TEST(detect(two_tones(770, 2000, 1336, 5000, 8000, 4000), 8000).empty());
    // Within limits: 4 dB normal twist.
    BOOST_TEST(detect(two_tones(770, 6000, 1336, 3800, 8000, 4000), 8000) == "5");
}

BOOST_AUTO_TEST_CASE(a_burst_shorter_than_40_ms_is_rejected)
{
    auto const burst = generate("7", 8000, {.tone_ms = 25, .gap_ms = 100, .amplitude = 7000});
    BOOST_TEST(detect(burst, 8000).empty());
}

BOOST_AUTO_TEST_CASE(quiet_tones_below_the_floor_are_ignored)
{
    BOOST_TEST(detect(two_tones(852, 200, 1209, 200, 8000, 4000), 8000).empty());
}

BOOST_AUTO_TEST_SUITE_END()
