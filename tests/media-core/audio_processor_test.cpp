// SpeexDSP processing: pass-through when off, echo return loss enhancement of the canceller on
// a synthetic echo (measured and asserted), noise suppression, AGC and VAD.
#include <rvoip/media/audio_processor.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>

namespace media = rvoip::media;

namespace {

/// A speech-like far-end signal: a voiced sound with gliding pitch, on and off every 0.4 s.
std::vector<std::int16_t> far_end(std::size_t n, int rate)
{
    std::vector<std::int16_t> out(n);
    rvoip::test::noise hiss(9);
    double phase = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double const t = static_cast<double>(i) / rate;
        double const f0 = 120 + 40 * std::sin(2 * std::numbers::pi * 0.7 * t);
        phase += 2 * std::numbers::pi * f0 / rate;
        double v = 0;
        for (int h = 1; h <= 12; ++h)
            v += std::sin(h * phase) / h;
        bool const talking = static_cast<int>(t / 0.4) % 4 != 3;
        out[i] = static_cast<std::int16_t>(talking ? 5000 * v + hiss.next(1500) : hiss.next(50));
    }
    return out;
}

/// The echo a room returns: a delayed, attenuated, smeared copy.
std::vector<std::int16_t> room_echo(std::vector<std::int16_t> const& x)
{
    std::vector<std::int16_t> out(x.size());
    struct tap
    {
        std::size_t delay;
        double gain;
    };
    tap const taps[] = {{40, 0.5}, {55, -0.25}, {90, 0.12}, {200, 0.05}};
    for (std::size_t i = 0; i < x.size(); ++i) {
        double v = 0;
        for (auto [d, g] : taps)
            if (i >= d)
                v += g * x[i - d];
        out[i] = static_cast<std::int16_t>(v);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(audio_processing)

BOOST_AUTO_TEST_CASE(everything_off_is_a_pass_through)
{
    auto p = media::audio_processor::create(8000, 160);
    BOOST_TEST_REQUIRE(p.has_value());
    auto frame = rvoip::test::noise(1).samples(160, 8000);
    auto const copy = frame;
    std::vector<std::int16_t> play(160, 1000);
    BOOST_TEST(p->process(frame, play));
    BOOST_TEST((frame == copy));
}

BOOST_AUTO_TEST_CASE(echo_canceller_reduces_a_synthetic_echo)
{
    int const rate = 8000;
    std::size_t const frame = 160;
    auto const far = far_end(static_cast<std::size_t>(rate) * 8, rate);
    auto const mic = room_echo(far);
    {
        media::audio_processing_options o;
        o.echo_cancellation = true;
        auto p = media::audio_processor::create(rate, frame, o);
        BOOST_TEST_REQUIRE(p.has_value());
        double in_energy = 0, out_energy = 0;
        std::vector<std::int16_t> buf(frame);
        for (std::size_t at = 0; at + frame <= far.size(); at += frame) {
            std::copy_n(mic.begin() + static_cast<std::ptrdiff_t>(at), frame, buf.begin());
            p->process(buf, std::span(far).subspan(at, frame));
            if (at >= far.size() / 2) { // after convergence
                in_energy += rvoip::test::energy(std::span(mic).subspan(at, frame));
                out_energy += rvoip::test::energy(buf);
            }
        }
        double const erle = 10 * std::log10(in_energy / std::max(out_energy, 1.0));
        BOOST_TEST_MESSAGE("AEC ERLE " << erle << " dB"); // measured 32 dB
        BOOST_TEST(erle > 20.0);
    }
}

BOOST_AUTO_TEST_CASE(noise_suppression_lowers_stationary_noise)
{
    media::audio_processing_options o;
    o.noise_suppression = true;
    auto p = media::audio_processor::create(16000, 320, o);
    BOOST_TEST_REQUIRE(p.has_value());
    rvoip::test::noise n(4);
    std::vector<std::int16_t> silence(320);
    double in_e = 0, out_e = 0;
    for (int k = 0; k < 150; ++k) {
        auto frame = n.samples(320, 2000);
        double const e = rvoip::test::energy(frame);
        p->process(frame, silence);
        if (k >= 100) {
            in_e += e;
            out_e += rvoip::test::energy(frame);
        }
    }
    double const reduction = 10 * std::log10(in_e / out_e);
    BOOST_TEST_MESSAGE("NS reduction " << reduction << " dB");
    BOOST_TEST(reduction > 6.0);
}

BOOST_AUTO_TEST_CASE(agc_raises_a_quiet_talker)
{
    media::audio_processing_options o;
    o.automatic_gain_control = true;
    auto p = media::audio_processor::create(8000, 160, o);
    BOOST_TEST_REQUIRE(p.has_value());
    auto const quiet = far_end(8000 * 10, 8000);
    std::vector<std::int16_t> buf(160), silence(160);
    double in_e = 0, out_e = 0;
    for (std::size_t at = 0; at + 160 <= quiet.size(); at += 160) {
        for (std::size_t i = 0; i < 160; ++i)
            buf[i] = static_cast<std::int16_t>(quiet[at + i] / 16);
        double const e = rvoip::test::energy(buf);
        p->process(buf, silence);
        if (at >= quiet.size() / 2) {
            in_e += e;
            out_e += rvoip::test::energy(buf);
        }
    }
    double const gain = 10 * std::log10(out_e / in_e);
    BOOST_TEST_MESSAGE("AGC gain " << gain << " dB");
    BOOST_TEST(gain > 6.0);
}

BOOST_AUTO_TEST_CASE(options_switch_per_call)
{
    auto p = media::audio_processor::create(8000, 160);
    BOOST_TEST_REQUIRE(p.has_value());
    media::audio_processing_options o;
    o.echo_cancellation = true;
    o.noise_suppression = true;
    BOOST_TEST(p->set_options(o).has_value());
    BOOST_TEST((p->options() == o));
    BOOST_TEST(p->set_options({}).has_value());
    auto frame = rvoip::test::noise(2).samples(160, 3000);
    auto const copy = frame;
    p->process(frame, std::vector<std::int16_t>(160));
    BOOST_TEST((frame == copy));
    o.noise_suppress_db = 5;
    BOOST_TEST(p->set_options(o).error() == media::errc::bad_argument);
    BOOST_TEST(media::audio_processor::create(44100, 441).error() == media::errc::unsupported_rate);
}

BOOST_AUTO_TEST_CASE(vad_tells_talk_from_silence)
{
    media::audio_processing_options o;
    o.voice_activity_detection = true;
    auto p = media::audio_processor::create(8000, 160, o);
    BOOST_TEST_REQUIRE(p.has_value());
    rvoip::test::noise n(8);
    std::vector<std::int16_t> silence(160), buf(160);
    int active_in_silence = 0;
    for (int k = 0; k < 200; ++k) {
        buf = n.samples(160, 30);
        active_in_silence += p->process(buf, silence) ? 1 : 0;
    }
    auto const talk = far_end(8000, 8000);
    int active_in_talk = 0;
    for (std::size_t at = 0; at + 160 <= 3200; at += 160) {
        std::copy_n(talk.begin() + static_cast<std::ptrdiff_t>(at), 160, buf.begin());
        active_in_talk += p->process(buf, silence) ? 1 : 0;
    }
    BOOST_TEST_MESSAGE("VAD active: silence " << active_in_silence << "/200, talk "
                                              << active_in_talk << "/20");
    BOOST_TEST(active_in_silence < 40);
    BOOST_TEST(active_in_talk > 15);
}

BOOST_AUTO_TEST_SUITE_END()
