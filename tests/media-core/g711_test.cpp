// G.711 against the ITU-T G.711 definition, the PCMU/PCMA codecs and their pitch PLC.
#include <rvoip/media/g711.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

namespace media = rvoip::media;

namespace {

// G.711 Table 1a: an A-law code with segment s (0-7) and step m (0-15) decodes, on the 13-bit
// scale, to the centre of its interval: (2m+1) for s = 0, (2m+33) * 2^(s-1) otherwise; 16-bit
// values are that times 8 (the 3 unused low bits).
int itu_alaw_magnitude(int segment, int step)
{
    int const v13 = segment == 0 ? (2 * step + 1) : (2 * step + 33) << (segment - 1);
    return v13 * 8;
}

// G.711 Table 2a: a mu-law code with segment s and step m decodes, on the 14-bit scale, to
// ((2m+33) * 2^s - 33); 16-bit values are that times 4.
int itu_ulaw_magnitude(int segment, int step)
{
    return (((2 * step + 33) << segment) - 33) * 4;
}

} // namespace

BOOST_AUTO_TEST_SUITE(g711)

BOOST_AUTO_TEST_CASE(ulaw_codes_decode_to_the_itu_interval_centres)
{
    for (int code = 0; code < 256; ++code) {
        int const inverted = ~code & 0xFF; // G.711 §3: mu-law codes are sent inverted
        int const segment = (inverted >> 4) & 7;
        int const step = inverted & 15;
        int const sign = (inverted & 0x80) ? -1 : 1;
        BOOST_TEST(media::ulaw_to_linear(static_cast<std::uint8_t>(code)) ==
                   sign * itu_ulaw_magnitude(segment, step));
    }
}

BOOST_AUTO_TEST_CASE(alaw_codes_decode_to_the_itu_interval_centres)
{
    for (int code = 0; code < 256; ++code) {
        int const a = code ^ 0x55; // G.711 §2: even bits inverted
        int const segment = (a >> 4) & 7;
        int const step = a & 15;
        int const sign = (a & 0x80) ? 1 : -1;
        BOOST_TEST(media::alaw_to_linear(static_cast<std::uint8_t>(code)) ==
                   sign * itu_alaw_magnitude(segment, step));
    }
}

BOOST_AUTO_TEST_CASE(known_values)
{
    BOOST_TEST(media::ulaw_to_linear(0xFF) == 0);
    BOOST_TEST(media::ulaw_to_linear(0x80) == 32124);
    BOOST_TEST(media::ulaw_to_linear(0x00) == -32124);
    BOOST_TEST(media::linear_to_ulaw(0) == 0xFF);
    BOOST_TEST(media::linear_to_ulaw(32767) == 0x80);
    BOOST_TEST(media::linear_to_ulaw(-32768) == 0x00);
    BOOST_TEST(media::alaw_to_linear(0xD5) == 8);
    BOOST_TEST(media::alaw_to_linear(0x55) == -8);
    BOOST_TEST(media::alaw_to_linear(0xAA) == 32256);
    BOOST_TEST(media::alaw_to_linear(0x2A) == -32256);
    BOOST_TEST(media::linear_to_alaw(0) == 0xD5);
    BOOST_TEST(media::linear_to_alaw(-1) == 0x55);
    BOOST_TEST(media::linear_to_alaw(32767) == 0xAA);
    BOOST_TEST(media::linear_to_alaw(-32768) == 0x2A);
}

BOOST_AUTO_TEST_CASE(every_code_decodes_and_reencodes_to_itself)
{
    for (int code = 0; code < 256; ++code) {
        auto const c = static_cast<std::uint8_t>(code);
        BOOST_TEST(media::linear_to_alaw(media::alaw_to_linear(c)) == c);
        // mu-law has two zeros: 0x7F (negative zero) decodes to 0, which encodes as 0xFF.
        auto const expected = code == 0x7F ? 0xFF : code;
        BOOST_TEST(media::linear_to_ulaw(media::ulaw_to_linear(c)) == expected);
    }
}

BOOST_AUTO_TEST_CASE(every_linear_value_goes_to_the_nearest_level_of_its_segment)
{
    // Quantisation error is at most half a step: steps are 16,16,32,...,1024 (A-law) and
    // 8,16,...,1024 (mu-law) in 16-bit units, plus the dropped low bits; clipping aside.
    int prev_a = -40000, prev_u = -40000;
    for (int x = -32768; x <= 32767; ++x) {
        auto const s = static_cast<std::int16_t>(x);
        int const a = media::alaw_to_linear(media::linear_to_alaw(s));
        int const u = media::ulaw_to_linear(media::linear_to_ulaw(s));
        BOOST_TEST_REQUIRE(a >= prev_a); // monotonic
        BOOST_TEST_REQUIRE(u >= prev_u);
        prev_a = a;
        prev_u = u;
        if (std::abs(x) < 32256)
            BOOST_TEST_REQUIRE(std::abs(a - x) <= std::max(8, std::abs(x) / 32 + 8));
        if (std::abs(x) < 32124)
            BOOST_TEST_REQUIRE(std::abs(u - x) <= std::max(4, std::abs(x) / 32 + 4) + 4);
    }
}

BOOST_AUTO_TEST_CASE(codec_encodes_every_sample_as_the_g711_rules_do)
{
    // The codec encodes through tables; they must agree with the rules for all 65536 inputs.
    std::vector<std::int16_t> all(65600); // every value, then zeros to a whole 10 ms frame
    for (int i = 0; i < 65536; ++i)
        all[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i - 32768);
    for (auto law : {media::g711_law::ulaw, media::g711_law::alaw}) {
        media::g711_codec c(law);
        std::vector<std::uint8_t> out(all.size());
        auto const n = c.encode(all, out);
        BOOST_TEST_REQUIRE(n.has_value());
        BOOST_TEST_REQUIRE(*n == all.size());
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            auto const want = law == media::g711_law::ulaw ? media::linear_to_ulaw(all[i])
                                                           : media::linear_to_alaw(all[i]);
            mismatches += out[i] != want ? 1 : 0;
        }
        BOOST_TEST(mismatches == 0u);
    }
}

BOOST_AUTO_TEST_CASE(codec_describes_itself_for_sdp)
{
    media::g711_codec pcmu(media::g711_law::ulaw);
    media::g711_codec pcma(media::g711_law::alaw);
    BOOST_TEST(pcmu.rtpmap() == "PCMU/8000");
    BOOST_TEST(pcma.rtpmap() == "PCMA/8000");
    BOOST_TEST(*pcmu.static_payload_type() == 0);
    BOOST_TEST(*pcma.static_payload_type() == 8);
    BOOST_TEST(pcmu.fmtp().empty());
    BOOST_TEST(*pcmu.frame_samples(20) == 160u);
    BOOST_TEST(*pcmu.frame_samples(60) == 480u);
    BOOST_TEST(pcmu.frame_samples(5).error() == media::errc::bad_ptime);
    BOOST_TEST(pcmu.frame_samples(70).error() == media::errc::bad_ptime);
    BOOST_TEST(pcmu.frame_samples(25).error() == media::errc::bad_ptime);
    BOOST_TEST(pcmu.rtp_timestamp_step(160) == 160u);
}

BOOST_AUTO_TEST_CASE(tone_round_trip_has_g711_snr)
{
    for (auto law : {media::g711_law::ulaw, media::g711_law::alaw}) {
        media::g711_codec c(law);
        auto const tone = rvoip::test::sine(1000, 8000, 160, 10000, 0.3);
        std::vector<std::uint8_t> payload(160);
        std::vector<std::int16_t> out(160);
        BOOST_TEST_REQUIRE(*c.encode(tone, payload) == 160u);
        BOOST_TEST_REQUIRE(*c.decode(payload, out) == 160u);
        // G.711's segmented quantiser gives about 38 dB SNR on a loud sine.
        BOOST_TEST(rvoip::test::snr_db(tone, out, 0) > 35.0);
    }
}

BOOST_AUTO_TEST_CASE(encode_rejects_bad_frames_and_small_buffers)
{
    media::g711_codec c(media::g711_law::ulaw);
    std::vector<std::int16_t> pcm(100);
    std::vector<std::uint8_t> out(160);
    BOOST_TEST(c.encode(pcm, out).error() == media::errc::bad_frame_size);
    pcm.resize(160);
    out.resize(80);
    BOOST_TEST(c.encode(pcm, out).error() == media::errc::buffer_too_small);
    std::vector<std::int16_t> small(10);
    std::vector<std::uint8_t> payload(160, 0xFF);
    BOOST_TEST(c.decode(payload, small).error() == media::errc::buffer_too_small);
}

BOOST_AUTO_TEST_CASE(plc_repeats_the_pitch_then_fades_out)
{
    media::g711_codec c(media::g711_law::ulaw);
    // A 125 Hz voiced-like signal: period 64 samples.
    auto const voiced = rvoip::test::sine(125, 8000, 800, 8000);
    std::vector<std::uint8_t> payload(160);
    std::vector<std::int16_t> out(160);
    for (std::size_t f = 0; f < 4; ++f) {
        BOOST_TEST_REQUIRE(c.encode(std::span(voiced).subspan(f * 160, 160), payload).has_value());
        BOOST_TEST_REQUIRE(c.decode(payload, out).has_value());
    }
    // The fifth frame is lost: the concealment continues the sine with the found period.
    BOOST_TEST(c.conceal(out) == 160u);
    auto const expected = std::span(voiced).subspan(640, 160);
    BOOST_TEST(rvoip::test::snr_db(expected.first(80), std::span(out).first(80), 0) > 15.0);
    // Appendix I attenuation: quieter by 40-60 ms, silent after 60 ms.
    std::vector<std::int16_t> later(160);
    c.conceal(later);
    c.conceal(later);
    BOOST_TEST(rvoip::test::energy(later) < 0.3 * rvoip::test::energy(out));
    BOOST_TEST(rvoip::test::energy(later) > 0.0);
    c.conceal(later);
    BOOST_TEST(rvoip::test::energy(later) == 0.0);
}

BOOST_AUTO_TEST_CASE(plc_finds_the_pitch_period)
{
    media::pitch_plc plc(8000);
    auto voiced = rvoip::test::sine(100, 8000, 400, 8000); // 80 samples
    plc.good_frame(voiced);
    std::vector<std::int16_t> out(80);
    plc.conceal(out);
    BOOST_TEST(plc.pitch_period() == 80u);
}

BOOST_AUTO_TEST_CASE(plc_beats_silence_on_a_voiced_signal)
{
    media::g711_codec c(media::g711_law::alaw);
    auto const voiced = rvoip::test::sine(180, 8000, 1600, 8000);
    std::vector<std::uint8_t> payload(160);
    std::vector<std::int16_t> decoded(1600);
    for (std::size_t f = 0; f < 10; ++f) {
        auto const frame = std::span(decoded).subspan(f * 160, 160);
        if (f == 5) {
            c.conceal(frame);
            continue;
        }
        BOOST_TEST_REQUIRE(c.encode(std::span(voiced).subspan(f * 160, 160), payload).has_value());
        BOOST_TEST_REQUIRE(c.decode(payload, frame).has_value());
    }
    auto const lost = std::span(decoded).subspan(800, 160);
    auto const truth = std::span(voiced).subspan(800, 160);
    // Silence would score 0 dB; repetition of the period keeps the waveform.
    BOOST_TEST(rvoip::test::snr_db(truth, lost, 0) > 6.0);
}

BOOST_AUTO_TEST_SUITE_END()
