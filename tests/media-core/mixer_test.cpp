// The N-party mixer, the level meter and the stereo call recorder.
#include <rvoip/media/call_recorder.hpp>
#include <rvoip/media/level_meter.hpp>
#include <rvoip/media/mixer.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

namespace media = rvoip::media;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(mixing)

BOOST_AUTO_TEST_CASE(each_party_hears_the_others_and_not_itself)
{
    media::mixer m(160);
    auto const a = m.add_party();
    auto const b = m.add_party();
    auto const c = m.add_party();
    std::vector<std::int16_t> fa(160, 100), fb(160, 20), fc(160, 3);
    m.set_input(a, fa);
    m.set_input(b, fb);
    m.set_input(c, fc);
    m.mix();
    BOOST_TEST(m.output(a)[0] == 23);
    BOOST_TEST(m.output(b)[17] == 103);
    BOOST_TEST(m.output(c)[159] == 120);
    // Nothing sent next frame: silence, not a repeat.
    m.mix();
    BOOST_TEST(m.output(a)[0] == 0);
}

BOOST_AUTO_TEST_CASE(tones_stay_separable_per_listener)
{
    media::mixer m(800);
    auto const a = m.add_party();
    auto const b = m.add_party();
    auto const c = m.add_party();
    m.set_input(a, rvoip::test::sine(500, 8000, 800, 5000));
    m.set_input(b, rvoip::test::sine(1000, 8000, 800, 5000));
    m.set_input(c, rvoip::test::sine(1500, 8000, 800, 5000));
    m.mix();
    auto const heard_by_a = m.output(a);
    BOOST_TEST(rvoip::test::tone_power(heard_by_a, 500, 8000) < 1.0); // others: 6.25e6
    BOOST_TEST(rvoip::test::tone_power(heard_by_a, 1000, 8000) > 1e5);
    BOOST_TEST(rvoip::test::tone_power(heard_by_a, 1500, 8000) > 1e5);
}

BOOST_AUTO_TEST_CASE(loud_sums_saturate_instead_of_wrapping)
{
    media::mixer m(4);
    auto const a = m.add_party();
    auto const b = m.add_party();
    auto const c = m.add_party();
    std::vector<std::int16_t> loud{30000, -30000, 30000, 0};
    m.set_input(a, loud);
    m.set_input(b, loud);
    m.mix();
    auto const out = m.output(c);
    BOOST_TEST(out[0] == 32767);
    BOOST_TEST(out[1] == -32768);
    BOOST_TEST(out[3] == 0);
    BOOST_TEST(m.clipped_samples() == 3u); // only c hears both loud parties
    BOOST_TEST(m.output(a)[0] == 30000);
}

BOOST_AUTO_TEST_CASE(muted_party_is_heard_by_nobody_but_still_hears)
{
    media::mixer m(8);
    auto const a = m.add_party();
    auto const b = m.add_party();
    std::vector<std::int16_t> fa(8, 1000), fb(8, 50);
    m.set_muted(a, true);
    m.set_input(a, fa);
    m.set_input(b, fb);
    m.mix();
    BOOST_TEST(m.output(b)[0] == 0);
    BOOST_TEST(m.output(a)[0] == 50);
}

BOOST_AUTO_TEST_CASE(removed_party_ids_are_reused)
{
    media::mixer m(8);
    auto const a = m.add_party();
    auto const b = m.add_party();
    m.remove_party(a);
    BOOST_TEST(m.parties() == 1u);
    BOOST_TEST(m.add_party() == a);
    (void)b;
}

BOOST_AUTO_TEST_CASE(level_meter_reports_dbfs_and_falls_at_20_db_per_second)
{
    media::level_meter meter(8000);
    auto const tone = rvoip::test::sine(1000, 8000, 160, 16384);
    meter.update(tone);
    BOOST_TEST(meter.peak_dbfs() == -6.02, tt::tolerance(0.01));
    BOOST_TEST(meter.rms_dbfs() == -9.03, tt::tolerance(0.01));
    std::vector<std::int16_t> silence(160);
    for (int i = 0; i < 25; ++i) // 0.5 s
        meter.update(silence);
    BOOST_TEST(meter.rms_dbfs() == -120.0);
    BOOST_TEST(meter.level_dbfs() == -16.02, tt::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(recorder_writes_local_left_and_remote_right)
{
    auto const path =
        (std::filesystem::temp_directory_path() / "rvoip-media-recorder.wav").string();
    auto const local = rvoip::test::sine(400, 8000, 1600, 6000);
    auto const remote = rvoip::test::sine(900, 8000, 1600, 3000);
    {
        auto rec = media::call_recorder::open(path, 8000);
        BOOST_TEST_REQUIRE(rec.has_value());
        for (std::size_t at = 0; at < 1600; at += 160)
            BOOST_TEST(
                rec->write(std::span(local).subspan(at, 160), std::span(remote).subspan(at, 160))
                    .has_value());
        BOOST_TEST(rec->write(std::span(local).first(10), {}).has_value()); // remote padded
    }
    auto wav = media::read_wav_file(path);
    std::filesystem::remove(path);
    BOOST_TEST_REQUIRE(wav.has_value());
    BOOST_TEST(wav->channels == 2);
    BOOST_TEST(wav->frames() == 1610u);
    for (std::size_t i = 0; i < 1600; ++i) {
        BOOST_TEST_REQUIRE(wav->samples[2 * i] == local[i]);
        BOOST_TEST_REQUIRE(wav->samples[2 * i + 1] == remote[i]);
    }
    BOOST_TEST(wav->samples[2 * 1605 + 1] == 0);
}

BOOST_AUTO_TEST_SUITE_END()
