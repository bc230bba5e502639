// The SpeexDSP resampler between 8, 16 and 48 kHz: lengths, preserved tones, round trips.
#include <rvoip/media/resampler.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

namespace media = rvoip::media;

BOOST_AUTO_TEST_SUITE(resampling)

BOOST_AUTO_TEST_CASE(frames_convert_to_exact_lengths)
{
    int const rates[] = {8000, 16000, 48000};
    for (int in : rates)
        for (int out : rates) {
            auto r = media::resampler::create(in, out);
            BOOST_TEST_REQUIRE(r.has_value());
            std::vector<std::int16_t> frame(static_cast<std::size_t>(in / 50)); // 20 ms
            std::vector<std::int16_t> converted(r->output_size(frame.size()));
            for (int k = 0; k < 5; ++k) {
                auto n = r->process(frame, converted);
                BOOST_TEST_REQUIRE(n.has_value());
                BOOST_TEST(*n == static_cast<std::size_t>(out / 50));
            }
        }
}

BOOST_AUTO_TEST_CASE(a_tone_keeps_its_frequency_and_shape)
{
    struct conversion
    {
        int in, out;
    };
    for (auto [in, out] :
         {conversion{8000, 48000}, conversion{48000, 8000}, conversion{16000, 48000},
          conversion{48000, 16000}, conversion{8000, 16000}, conversion{16000, 8000}}) {
        auto r = media::resampler::create(in, out);
        BOOST_TEST_REQUIRE(r.has_value());
        auto const tone = rvoip::test::sine(1000, in, static_cast<std::size_t>(in / 2), 10000);
        std::vector<std::int16_t> converted(r->output_size(tone.size()));
        auto n = r->process(tone, converted);
        BOOST_TEST_REQUIRE(n.has_value());
        auto const expected = rvoip::test::sine(1000, out, *n, 10000);
        // Compare after the filter has settled, at the resampler's delay.
        auto const snr = rvoip::test::snr_db(expected, converted, *n / 4,
                                             static_cast<std::size_t>(out / 1000) * 4);
        BOOST_TEST_MESSAGE(in << " -> " << out << ": SNR " << snr << " dB");
        BOOST_TEST(snr > 30.0);
        BOOST_TEST(rvoip::test::tone_power(std::span(converted).subspan(*n / 4), 1000, out) >
                   100 * rvoip::test::tone_power(std::span(converted).subspan(*n / 4), 1500, out));
    }
}

BOOST_AUTO_TEST_CASE(downsampling_removes_what_the_lower_rate_cannot_carry)
{
    auto r = media::resampler::create(48000, 8000);
    auto const tone = rvoip::test::sine(6000, 48000, 24000, 10000); // above 4 kHz Nyquist
    std::vector<std::int16_t> out(r->output_size(tone.size()));
    auto n = r->process(tone, out);
    BOOST_TEST_REQUIRE(n.has_value());
    double const in_energy = rvoip::test::energy(tone) / static_cast<double>(tone.size());
    double const out_energy =
        rvoip::test::energy(std::span(out).first(*n)) / static_cast<double>(*n);
    BOOST_TEST(out_energy < in_energy / 100); // at least 20 dB of anti-aliasing
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_rejected)
{
    BOOST_TEST(media::resampler::create(4000, 8000).error() == media::errc::unsupported_rate);
    BOOST_TEST(media::resampler::create(8000, 8000, 11).error() == media::errc::bad_argument);
    auto r = media::resampler::create(8000, 48000);
    std::vector<std::int16_t> in(160), out(100);
    BOOST_TEST(r->process(in, out).error() == media::errc::buffer_too_small);
}

BOOST_AUTO_TEST_SUITE_END()
