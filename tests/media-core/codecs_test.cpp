// G.722 (spandsp), Opus (libopus), telephone-event and make_codec: known-answer tone tests with
// SNR thresholds, the SDP text of each codec, FEC and concealment.
#include <rvoip/media/g722_codec.hpp>
#include <rvoip/media/make_codec.hpp>
#include <rvoip/media/opus_codec.hpp>
#include <rvoip/media/telephone_event.hpp>

#include "print.hpp"
#include "signals.hpp"

#include <boost/test/unit_test.hpp>

namespace media = rvoip::media;
using rvoip::test::sine;
using rvoip::test::snr_db;

namespace {

/// Encodes and decodes `pcm` through `c` in frames of `frame` samples; returns the output.
std::vector<std::int16_t> round_trip(media::codec& c, std::vector<std::int16_t> const& pcm,
                                     std::size_t frame)
{
    std::vector<std::int16_t> out(pcm.size());
    std::vector<std::uint8_t> payload(c.max_payload_size(frame));
    for (std::size_t at = 0; at + frame <= pcm.size(); at += frame) {
        auto const len = c.encode(std::span(pcm).subspan(at, frame), payload);
        BOOST_TEST_REQUIRE(len.has_value());
        auto const n = c.decode(std::span(payload).first(*len), std::span(out).subspan(at, frame));
        BOOST_TEST_REQUIRE(n.has_value());
        BOOST_TEST_REQUIRE(*n == frame);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(codecs)

BOOST_AUTO_TEST_CASE(g722_runs_at_16k_with_an_8k_rtp_clock)
{
    media::g722_codec c;
    BOOST_TEST(c.sample_rate() == 16000);
    BOOST_TEST(c.rtp_clock_rate() == 8000);
    BOOST_TEST(c.rtpmap() == "G722/8000");
    BOOST_TEST(*c.static_payload_type() == 9);
    BOOST_TEST(*c.frame_samples(20) == 320u);
    BOOST_TEST(c.rtp_timestamp_step(320) == 160u); // 20 ms advances the timestamp by 160
    std::vector<std::int16_t> pcm(320);
    std::vector<std::uint8_t> payload(c.max_payload_size(320));
    BOOST_TEST(*c.encode(pcm, payload) == 160u); // 64 kbit/s
}

BOOST_AUTO_TEST_CASE(g722_tone_known_answer)
{
    media::g722_codec c;
    auto const tone = sine(1000, 16000, 16000, 10000);
    auto const out = round_trip(c, tone, 320);
    auto const snr = snr_db(tone, out, 1600, 64); // the QMF pair delays by 22 samples
    BOOST_TEST_MESSAGE("G.722 1 kHz SNR " << snr << " dB");
    BOOST_TEST(snr > 35.0); // measured 47 dB
}

BOOST_AUTO_TEST_CASE(g722_conceals_a_lost_packet)
{
    media::g722_codec c;
    auto const tone = sine(200, 16000, 3200, 8000);
    std::vector<std::uint8_t> payload(160);
    std::vector<std::int16_t> out(320);
    for (std::size_t f = 0; f < 5; ++f) {
        BOOST_TEST_REQUIRE(c.encode(std::span(tone).subspan(f * 320, 320), payload).has_value());
        BOOST_TEST_REQUIRE(c.decode(payload, out).has_value());
    }
    BOOST_TEST(c.conceal(out) == 320u);
    BOOST_TEST(rvoip::test::energy(out) > 0.25 * rvoip::test::energy(std::span(tone).first(320)));
}

BOOST_AUTO_TEST_CASE(opus_describes_itself_per_rfc7587)
{
    media::opus_options o;
    o.max_average_bitrate = 24000;
    auto c = media::opus_codec::create(o);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->rtpmap() == "opus/48000/2");
    BOOST_TEST(!c->static_payload_type().has_value());
    BOOST_TEST(c->fmtp() == "minptime=10;useinbandfec=1;usedtx=0;maxaveragebitrate=24000");
    BOOST_TEST(*c->frame_samples(20) == 960u);
    BOOST_TEST(c->frame_samples(30).error() == media::errc::bad_ptime); // no 30 ms Opus frame
    BOOST_TEST(c->rtp_timestamp_step(960) == 960u);
}

BOOST_AUTO_TEST_CASE(opus_applies_the_peer_fmtp)
{
    auto o = media::apply_opus_fmtp({}, "useinbandfec=0; usedtx=1;maxaveragebitrate=16000;x=y");
    BOOST_TEST_REQUIRE(o.has_value());
    BOOST_TEST(!o->use_inband_fec);
    BOOST_TEST(o->use_dtx);
    BOOST_TEST(o->max_average_bitrate == 16000);
    BOOST_TEST(media::apply_opus_fmtp({}, "maxaveragebitrate=12x").error() ==
               media::errc::bad_argument);
    BOOST_TEST(media::apply_opus_fmtp({}, "usedtx=2").error() == media::errc::bad_argument);
    BOOST_TEST(media::opus_codec::create(media::opus_options{.max_average_bitrate = 100}).error() ==
               media::errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(opus_tone_known_answer)
{
    auto c = media::opus_codec::create();
    BOOST_TEST_REQUIRE(c.has_value());
    auto const tone = sine(1000, 48000, 48000, 10000);
    auto const out = round_trip(*c, tone, 960);
    auto const snr = snr_db(tone, out, 9600, 960);
    BOOST_TEST_MESSAGE("Opus 1 kHz SNR " << snr << " dB");
    BOOST_TEST(snr > 20.0); // measured 28.7 dB at 32 kbit/s
}

BOOST_AUTO_TEST_CASE(opus_fec_rebuilds_a_lost_packet_from_the_next)
{
    auto enc = media::opus_codec::create(media::opus_options{.expected_loss_pct = 20});
    auto with_fec = media::opus_codec::create();
    auto plc_only = media::opus_codec::create();
    BOOST_TEST_REQUIRE((enc && with_fec && plc_only));
    // A voiced-like signal whose pitch glides, so that plain repetition cannot guess it.
    std::vector<std::int16_t> pcm(48000);
    double phase = 0;
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        double const hz = 150 + 250 * static_cast<double>(i) / 48000.0;
        phase += 2 * std::numbers::pi * hz / 48000.0;
        pcm[i] = static_cast<std::int16_t>(6000 * std::sin(phase) + 3000 * std::sin(3 * phase));
    }
    std::vector<std::vector<std::uint8_t>> packets;
    for (std::size_t at = 0; at + 960 <= pcm.size(); at += 960) {
        std::vector<std::uint8_t> p(1276);
        auto const len = enc->encode(std::span(pcm).subspan(at, 960), p);
        BOOST_TEST_REQUIRE(len.has_value());
        p.resize(*len);
        packets.push_back(std::move(p));
    }
    std::size_t const lost = 30;
    std::vector<std::int16_t> fec_out(pcm.size()), plc_out(pcm.size());
    for (std::size_t k = 0; k < packets.size(); ++k) {
        auto const a = std::span(fec_out).subspan(k * 960, 960);
        auto const b = std::span(plc_out).subspan(k * 960, 960);
        if (k == lost) {
            BOOST_TEST_REQUIRE(*with_fec->recover(packets[k + 1], a) == 960u);
            BOOST_TEST(plc_only->conceal(b) == 960u);
            continue;
        }
        BOOST_TEST_REQUIRE(with_fec->decode(packets[k], a).has_value());
        BOOST_TEST_REQUIRE(plc_only->decode(packets[k], b).has_value());
    }
    // Compare against the decoder's own output on the lossless stream.
    auto clean = media::opus_codec::create();
    std::vector<std::int16_t> clean_out(pcm.size());
    for (std::size_t k = 0; k < packets.size(); ++k)
        BOOST_TEST_REQUIRE(clean->decode(packets[k], std::span(clean_out).subspan(k * 960, 960)));
    auto const ref = std::span<std::int16_t const>(clean_out).subspan(lost * 960, 960);
    auto const fec_snr = snr_db(ref, std::span(fec_out).subspan(lost * 960, 960), 0);
    auto const plc_snr = snr_db(ref, std::span(plc_out).subspan(lost * 960, 960), 0);
    BOOST_TEST_MESSAGE("Opus lost frame: FEC " << fec_snr << " dB, PLC " << plc_snr << " dB");
    // Measured with libopus 1.3.1: FEC 6.3 dB, PLC 2.6 dB against the lossless decode.
    BOOST_TEST(fec_snr > plc_snr + 2.0);
    BOOST_TEST(fec_snr > 4.0);
}

BOOST_AUTO_TEST_CASE(opus_conceals_with_its_own_plc)
{
    auto c = media::opus_codec::create();
    BOOST_TEST_REQUIRE(c.has_value());
    auto const tone = sine(300, 48000, 9600, 8000);
    auto const out = round_trip(*c, tone, 960);
    std::vector<std::int16_t> lost(960);
    BOOST_TEST(c->conceal(lost) == 960u);
    BOOST_TEST(rvoip::test::energy(lost) > 0.1 * rvoip::test::energy(std::span(out).last(960)));
}

BOOST_AUTO_TEST_CASE(opus_dtx_sends_almost_nothing_in_silence)
{
    auto c = media::opus_codec::create(media::opus_options{.use_dtx = true});
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->fmtp().find("usedtx=1") != std::string::npos);
    std::vector<std::int16_t> silence(960);
    std::vector<std::uint8_t> out(1276);
    std::size_t dtx_frames = 0;
    for (int k = 0; k < 50; ++k)
        dtx_frames += *c->encode(silence, out) <= 2 ? 1 : 0;
    BOOST_TEST(dtx_frames > 30u); // measured 39 of 50: DTX refreshes every 400 ms
}

BOOST_AUTO_TEST_CASE(opus_rejects_bad_frames_and_payloads)
{
    auto c = media::opus_codec::create();
    std::vector<std::int16_t> pcm(500);
    std::vector<std::uint8_t> out(1276);
    BOOST_TEST(c->encode(pcm, out).error() == media::errc::bad_frame_size);
    std::vector<std::uint8_t> junk{0xFF, 0xFF, 0xFF};
    std::vector<std::int16_t> dec(5760);
    BOOST_TEST(!c->decode(junk, dec).has_value());
    BOOST_TEST(c->decode({}, dec).error() == media::errc::bad_payload);
}

BOOST_AUTO_TEST_CASE(telephone_event_round_trips)
{
    media::telephone_event e{.event = 11, .end = true, .volume = 10, .duration = 1280};
    auto bytes = media::serialize(e);
    BOOST_TEST_REQUIRE(bytes.has_value());
    std::array<std::uint8_t, 4> const expected{11, 0x8A, 0x05, 0x00}; // RFC 4733 §2.3 layout
    BOOST_TEST(*bytes == expected);
    auto back = media::parse_telephone_event(*bytes);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == e));
    BOOST_TEST(media::parse_telephone_event(std::span(*bytes).first(3)).error() ==
               media::errc::bad_payload);
    BOOST_TEST(media::serialize(media::telephone_event{.volume = 64}).error() ==
               media::errc::bad_argument);
    BOOST_TEST(*media::dtmf_event_code('#') == 11);
    BOOST_TEST(*media::dtmf_event_code('d') == 15);
    BOOST_TEST(!media::dtmf_event_code('x').has_value());
    BOOST_TEST(*media::dtmf_digit(10) == '*');
    BOOST_TEST(media::telephone_event_rtpmap == "telephone-event/8000");
}

BOOST_AUTO_TEST_CASE(make_codec_knows_the_supported_names)
{
    for (auto name : media::supported_codecs) {
        auto c = media::make_codec(name);
        BOOST_TEST_REQUIRE(c.has_value());
        BOOST_TEST((*c)->encoding_name() == name);
    }
    BOOST_TEST((*media::make_codec("pcmu"))->encoding_name() == "PCMU");
    BOOST_TEST(media::make_codec("G729").error() == media::errc::unsupported_codec);
}

BOOST_AUTO_TEST_SUITE_END()
