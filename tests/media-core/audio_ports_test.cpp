// Null, tone and WAV file sources and sinks; WAV parsing, rendering and round trips.
#include <rvoip/media/null_device.hpp>
#include <rvoip/media/tone_source.hpp>
#include <rvoip/media/wav.hpp>
#include <rvoip/media/wav_file_port.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

namespace media = rvoip::media;

namespace {

/// A file path in the temporary directory that is removed when the test ends.
struct temp_path
{
    std::string path;
    explicit temp_path(std::string const& name)
        : path((std::filesystem::temp_directory_path() / ("rvoip-media-" + name)).string())
    {
    }
    ~temp_path() { std::filesystem::remove(path); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(audio_ports)

BOOST_AUTO_TEST_CASE(null_source_is_silent_and_null_sink_counts)
{
    media::null_source src(8000);
    std::vector<std::int16_t> frame(160, 7);
    BOOST_TEST(src.read(frame) == 0u);
    BOOST_TEST(rvoip::test::energy(frame) == 0.0);
    media::null_sink sink(8000);
    BOOST_TEST(sink.write(frame).has_value());
    BOOST_TEST(sink.samples_written() == 160u);
}

BOOST_AUTO_TEST_CASE(tone_source_is_a_continuous_sine)
{
    media::tone_source tone(440, 8000, 10000);
    std::vector<std::int16_t> all(8000);
    for (std::size_t at = 0; at < all.size(); at += 160)
        BOOST_TEST(tone.read(std::span(all).subspan(at, 160)) == 160u);
    auto const expected = rvoip::test::sine(440, 8000, 8000, 10000);
    BOOST_TEST(rvoip::test::snr_db(expected, all, 0) > 60.0);
}

BOOST_AUTO_TEST_CASE(wav_bytes_round_trip_at_any_rate_and_channel_count)
{
    for (int channels : {1, 2, 3})
        for (int rate : {8000, 11025, 44100, 48000}) {
            media::wav_audio a{
                rate, channels,
                rvoip::test::noise(7).samples(300 * static_cast<std::size_t>(channels), 30000)};
            auto const bytes = media::render_wav(a);
            BOOST_TEST(bytes.size() == 44 + a.samples.size() * 2);
            auto back = media::parse_wav(bytes);
            BOOST_TEST_REQUIRE(back.has_value());
            BOOST_TEST(back->sample_rate == rate);
            BOOST_TEST(back->channels == channels);
            BOOST_TEST((back->samples == a.samples));
        }
}

BOOST_AUTO_TEST_CASE(wav_header_is_canonical_little_endian)
{
    media::wav_audio a{8000, 1, {1, -2}};
    auto const b = media::render_wav(a);
    std::vector<std::uint8_t> const head(b.begin(), b.begin() + 12);
    std::vector<std::uint8_t> const expected{'R', 'I', 'F', 'F', 40, 0, 0, 0, 'W', 'A', 'V', 'E'};
    BOOST_TEST(head == expected, boost::test_tools::per_element());
    BOOST_TEST(b[24] == 0x40); // 8000 = 0x1F40
    BOOST_TEST(b[25] == 0x1F);
    BOOST_TEST(b[44] == 1);
    BOOST_TEST(b[46] == 0xFE); // -2
    BOOST_TEST(b[47] == 0xFF);
}

BOOST_AUTO_TEST_CASE(wav_parser_skips_unknown_chunks_and_rejects_non_pcm)
{
    media::wav_audio a{16000, 1, {5, 6, 7}};
    auto b = media::render_wav(a);
    // Insert a LIST chunk of odd size (padded) between fmt and data.
    std::vector<std::uint8_t> list{'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
    b.insert(b.begin() + 36, list.begin(), list.end());
    auto back = media::parse_wav(b);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((back->samples == a.samples));

    auto f = media::render_wav(a);
    f[20] = 3; // WAVE_FORMAT_IEEE_FLOAT
    BOOST_TEST(media::parse_wav(f).error() == media::errc::bad_wav);
    auto g = media::render_wav(a);
    g[34] = 8; // 8-bit
    BOOST_TEST(media::parse_wav(g).error() == media::errc::bad_wav);
    std::vector<std::uint8_t> junk{'R', 'I', 'F', 'X'};
    BOOST_TEST(media::parse_wav(junk).error() == media::errc::bad_wav);
    auto truncated = media::render_wav(a);
    truncated.resize(40);
    BOOST_TEST(media::parse_wav(truncated).error() == media::errc::bad_wav);
}

BOOST_AUTO_TEST_CASE(wav_files_round_trip_through_the_streaming_writer)
{
    temp_path tmp("writer.wav");
    auto const samples = rvoip::test::noise(3).samples(2000, 20000);
    {
        auto w = media::wav_writer::open(tmp.path, 22050, 2);
        BOOST_TEST_REQUIRE(w.has_value());
        BOOST_TEST(w->write(std::span(samples).first(1000)).has_value());
        BOOST_TEST(w->write(std::span(samples).subspan(1000)).has_value());
        BOOST_TEST(w->write(std::span(samples).first(3)).error() == media::errc::bad_argument);
    } // the destructor finishes the header
    auto back = media::read_wav_file(tmp.path);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->sample_rate == 22050);
    BOOST_TEST(back->channels == 2);
    BOOST_TEST((back->samples == samples));
    BOOST_TEST(media::read_wav_file(tmp.path + ".missing").error() == media::errc::file_error);
}

BOOST_AUTO_TEST_CASE(wav_source_converts_stereo_44k1_to_mono_at_the_pipeline_rate)
{
    temp_path tmp("stereo.wav");
    auto const left = rvoip::test::sine(500, 44100, 44100, 8000);
    media::wav_audio a{44100, 2, {}};
    for (auto s : left) {
        a.samples.push_back(s);
        a.samples.push_back(s); // the same on both channels: the mono mix is the sine
    }
    BOOST_TEST_REQUIRE(media::write_wav_file(tmp.path, a).has_value());
    auto src = media::wav_file_source::open(tmp.path, 8000);
    BOOST_TEST_REQUIRE(src.has_value());
    BOOST_TEST(src->sample_rate() == 8000);
    BOOST_TEST(src->samples().size() == 8000u);
    // 44.1 -> 8 kHz delays by a fraction of a sample, so check frequency and level, not shape.
    auto const settled = std::span(src->samples()).subspan(1000);
    BOOST_TEST(rvoip::test::tone_power(settled, 500, 8000) >
               1000 * rvoip::test::tone_power(settled, 1000, 8000));
    double const rms =
        std::sqrt(rvoip::test::energy(settled) / static_cast<double>(settled.size()));
    BOOST_TEST(std::abs(rms - 8000 / std::sqrt(2.0)) < 0.05 * 8000);
    std::vector<std::int16_t> frame(160);
    std::size_t real = 0;
    for (int k = 0; k < 51; ++k)
        real += src->read(frame);
    BOOST_TEST(real == 8000u);
    BOOST_TEST(src->finished());
    BOOST_TEST(rvoip::test::energy(frame) == 0.0); // silence after the end
}

BOOST_AUTO_TEST_CASE(wav_sink_then_source_round_trips_exactly)
{
    temp_path tmp("sink.wav");
    auto const tone = rvoip::test::sine(1000, 16000, 3200, 12000);
    {
        auto sink = media::wav_file_sink::open(tmp.path, 16000);
        BOOST_TEST_REQUIRE(sink.has_value());
        for (std::size_t at = 0; at < tone.size(); at += 320)
            BOOST_TEST(sink->write(std::span(tone).subspan(at, 320)).has_value());
        BOOST_TEST(sink->close().has_value());
    }
    auto src = media::wav_file_source::open(tmp.path, 16000, true);
    BOOST_TEST_REQUIRE(src.has_value());
    BOOST_TEST((src->samples() == tone));
    std::vector<std::int16_t> frame(3000);
    src->read(frame);
    BOOST_TEST(src->read(frame) == 3000u); // looping never runs dry
    BOOST_TEST(frame[200] == tone[0]);
}

BOOST_AUTO_TEST_SUITE_END()
