// The per-stream pipeline: a call between two streams through their packet events, with loss,
// resampling, mute, in-band DTMF, recording and level meters.
#include <rvoip/media/make_codec.hpp>
#include <rvoip/media/media_stream.hpp>
#include <rvoip/media/mixer.hpp>
#include <rvoip/media/null_device.hpp>
#include <rvoip/media/tone_source.hpp>
#include <rvoip/media/wav.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <filesystem>

namespace media = rvoip::media;

namespace {

struct captured_packets
{
    std::deque<std::vector<std::uint8_t>> packets;
    std::vector<std::uint32_t> timestamps;
    std::vector<bool> markers;
    media::media_stream_events events()
    {
        return {[this](std::span<std::uint8_t const> p, std::uint32_t ts, bool marker) {
                    packets.emplace_back(p.begin(), p.end());
                    timestamps.push_back(ts);
                    markers.push_back(marker);
                },
                {}};
    }
};

media::media_stream make_stream(std::string_view codec, media::media_stream_options o,
                                media::media_stream_events e)
{
    auto c = media::make_codec(codec);
    BOOST_TEST_REQUIRE(c.has_value());
    auto s = media::media_stream::create(std::move(*c), o, std::move(e));
    BOOST_TEST_REQUIRE(s.has_value());
    return std::move(*s);
}

} // namespace

BOOST_AUTO_TEST_SUITE(media_streams)

BOOST_AUTO_TEST_CASE(a_tone_crosses_a_pcmu_call)
{
    captured_packets wire;
    auto alice = make_stream("PCMU", {}, wire.events());
    auto bob = make_stream("PCMU", {}, {});
    BOOST_TEST(alice.frame_samples() == 160u);
    media::tone_source tone(1000, 8000, 10000);
    std::vector<std::int16_t> heard;
    for (int k = 0; k < 25; ++k) {
        BOOST_TEST_REQUIRE(alice.send_from(tone).has_value());
        BOOST_TEST_REQUIRE(wire.packets.size() == 1u);
        BOOST_TEST(wire.packets.front().size() == 160u);
        auto frame = bob.receive(wire.packets.front());
        wire.packets.pop_front();
        BOOST_TEST_REQUIRE(frame.has_value());
        heard.insert(heard.end(), frame->begin(), frame->end());
    }
    BOOST_TEST(wire.timestamps[1] == 160u);
    BOOST_TEST(wire.timestamps[24] == 24u * 160);
    BOOST_TEST(wire.markers[0]); // the first packet begins a talkspurt
    BOOST_TEST(!wire.markers[1]);
    BOOST_TEST(alice.packets_sent() == 25u);
    auto const expected = rvoip::test::sine(1000, 8000, heard.size(), 10000);
    BOOST_TEST(rvoip::test::snr_db(expected, heard, 0) > 35.0);
    BOOST_TEST(alice.send_level().rms_dbfs() == -13.3, boost::test_tools::tolerance(0.01));
    BOOST_TEST(bob.receive_level().rms_dbfs() > -14.0);
}

BOOST_AUTO_TEST_CASE(opus_at_a_16k_pipeline_resamples_and_repairs_a_loss_with_fec)
{
    captured_packets wire;
    media::media_stream_options o;
    o.pipeline_rate = 16000;
    auto alice = make_stream("opus", o, wire.events());
    auto bob = make_stream("opus", o, {});
    BOOST_TEST(alice.frame_samples() == 320u);
    media::tone_source tone(440, 16000, 8000);
    for (int k = 0; k < 20; ++k)
        BOOST_TEST_REQUIRE(alice.send_from(tone).has_value());
    BOOST_TEST(wire.timestamps[1] == 960u); // 20 ms at the 48 kHz RTP clock
    BOOST_TEST_REQUIRE(wire.packets.size() == 20u);
    for (std::size_t k = 0; k < 20; ++k) {
        if (k == 10) {
            auto const repaired = bob.receive_lost(wire.packets[11]);
            BOOST_TEST(repaired.size() == 320u);
            BOOST_TEST(rvoip::test::energy(repaired) > 0.0);
            continue;
        }
        auto frame = bob.receive(wire.packets[k]);
        BOOST_TEST_REQUIRE(frame.has_value());
        BOOST_TEST(frame->size() == 320u);
    }
    BOOST_TEST(bob.frames_concealed() == 1u);
    BOOST_TEST(bob.receive_level().rms_dbfs() > -20.0);
}

BOOST_AUTO_TEST_CASE(microphone_mute_sends_silence_and_speaker_mute_plays_silence)
{
    captured_packets wire;
    auto alice = make_stream("PCMA", {}, wire.events());
    auto bob = make_stream("PCMA", {}, {});
    media::tone_source tone(700, 8000, 10000);
    alice.set_microphone_muted(true);
    BOOST_TEST_REQUIRE(alice.send_from(tone).has_value());
    auto frame = bob.receive(wire.packets.back());
    BOOST_TEST(rvoip::test::energy(*frame) <= 160.0 * 64); // A-law has no zero: +-8 is silence
    alice.set_microphone_muted(false);
    bob.set_speaker_muted(true);
    BOOST_TEST_REQUIRE(alice.send_from(tone).has_value());
    frame = bob.receive(wire.packets.back());
    BOOST_TEST(rvoip::test::energy(*frame) == 0.0);
    BOOST_TEST(bob.receive_level().peak_dbfs() == -120.0);
}

BOOST_AUTO_TEST_CASE(inband_dtmf_is_sent_and_detected_across_the_call)
{
    captured_packets wire;
    std::string digits;
    auto alice = make_stream("PCMU", {}, wire.events());
    media::media_stream_options o;
    o.detect_inband_dtmf = true;
    auto bob = make_stream("PCMU", o, {{}, [&](char d) { digits += d; }});
    BOOST_TEST(alice.send_inband_dtmf("1#9") == 3u);
    media::null_source mic(8000);
    for (int k = 0; k < 40; ++k) {
        BOOST_TEST_REQUIRE(alice.send_from(mic).has_value());
        BOOST_TEST_REQUIRE(bob.receive(wire.packets.back()).has_value());
    }
    BOOST_TEST(digits == "1#9");
}

BOOST_AUTO_TEST_CASE(recording_puts_local_left_and_remote_right)
{
    auto const path =
        (std::filesystem::temp_directory_path() / "rvoip-media-stream-rec.wav").string();
    captured_packets wire;
    auto alice = make_stream("PCMU", {}, wire.events());
    BOOST_TEST_REQUIRE(alice.start_recording(path).has_value());
    media::tone_source mic(500, 8000, 6000);
    std::vector<std::int16_t> remote(160, 1234);
    media::null_sink speaker(8000);
    for (int k = 0; k < 10; ++k) {
        BOOST_TEST_REQUIRE(alice.send_from(mic).has_value());
        BOOST_TEST_REQUIRE(alice.played(remote, &speaker).has_value());
    }
    BOOST_TEST_REQUIRE(alice.stop_recording().has_value());
    BOOST_TEST(speaker.samples_written() == 1600u);
    auto wav = media::read_wav_file(path);
    std::filesystem::remove(path);
    BOOST_TEST_REQUIRE(wav.has_value());
    BOOST_TEST(wav->channels == 2);
    BOOST_TEST(wav->frames() == 1600u);
    auto const tone = rvoip::test::sine(500, 8000, 1600, 6000);
    std::vector<std::int16_t> left(1600), right(1600);
    for (std::size_t i = 0; i < 1600; ++i) {
        left[i] = wav->samples[2 * i];
        right[i] = wav->samples[2 * i + 1];
    }
    BOOST_TEST(rvoip::test::snr_db(tone, left, 0) > 60.0);
    BOOST_TEST(right[800] == 1234);
}

BOOST_AUTO_TEST_CASE(three_streams_conference_through_the_mixer)
{
    media::mixer m(160);
    std::vector<captured_packets> wires(3);
    std::vector<media::media_stream> streams;
    std::vector<media::mixer::party_id> ids;
    for (auto& w : wires) {
        streams.push_back(make_stream("PCMU", {}, w.events()));
        ids.push_back(m.add_party());
    }
    // Each remote party sends a different tone; decode each and let the mixer combine them.
    std::vector<media::tone_source> tones{
        {400, 8000, 5000}, {1000, 8000, 5000}, {1700, 8000, 5000}};
    std::vector<media::media_stream> remotes;
    for (int i = 0; i < 3; ++i)
        remotes.push_back(make_stream("PCMU", {}, wires[static_cast<std::size_t>(i)].events()));
    for (int k = 0; k < 5; ++k) {
        for (std::size_t i = 0; i < 3; ++i) {
            BOOST_TEST_REQUIRE(remotes[i].send_from(tones[i]).has_value());
            auto frame = streams[i].receive(wires[i].packets.back());
            BOOST_TEST_REQUIRE(frame.has_value());
            m.set_input(ids[i], *frame);
        }
        m.mix();
    }
    auto const to_first = m.output(ids[0]);
    BOOST_TEST(rvoip::test::tone_power(to_first, 400, 8000) <
               0.01 * rvoip::test::tone_power(to_first, 1000, 8000));
    BOOST_TEST(rvoip::test::tone_power(to_first, 1700, 8000) > 1e5);
}

BOOST_AUTO_TEST_CASE(vad_suppresses_silence_and_marks_the_next_talkspurt)
{
    captured_packets wire;
    media::media_stream_options o;
    o.processing.voice_activity_detection = true;
    auto alice = make_stream("PCMU", o, wire.events());
    media::null_source quiet(8000);
    media::tone_source talk(300, 8000, 8000);
    for (int k = 0; k < 20; ++k)
        BOOST_TEST_REQUIRE(alice.send_from(quiet).has_value());
    BOOST_TEST(wire.packets.empty());
    for (int k = 0; k < 3; ++k)
        BOOST_TEST_REQUIRE(alice.send_from(talk).has_value());
    BOOST_TEST_REQUIRE(wire.packets.size() == 3u);
    BOOST_TEST(wire.timestamps[0] == 20u * 160); // time ran on through the silence
    BOOST_TEST(wire.markers[0]);
    BOOST_TEST(!wire.markers[2]);
}

BOOST_AUTO_TEST_CASE(bad_configurations_are_rejected)
{
    auto c = media::make_codec("opus");
    media::media_stream_options o;
    o.ptime_ms = 30;
    BOOST_TEST(media::media_stream::create(std::move(*c), o, {}).error() == media::errc::bad_ptime);
    auto p = media::make_codec("PCMU");
    o.ptime_ms = 20;
    o.pipeline_rate = 4000;
    BOOST_TEST(media::media_stream::create(std::move(*p), o, {}).error() ==
               media::errc::unsupported_rate);
    auto s = make_stream("PCMU", {}, {});
    std::vector<std::int16_t> wrong(100);
    BOOST_TEST(s.send(wrong).error() == media::errc::bad_frame_size);
    media::null_source wideband(16000);
    BOOST_TEST(s.send_from(wideband).error() == media::errc::unsupported_rate);
}

BOOST_AUTO_TEST_SUITE_END()
