// Two session layers calling each other over loopback with real RTP: audio that arrives is
// checked by its frequency, DTMF by each path, hold, mute, late offer, refusals and quality.
#include <rvoip/session/layer.hpp>

#include "session_print.hpp"
#include "session_test_support.hpp"

#include <rvoip/media/wav.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <unistd.h>

using namespace rvoip::session;
using namespace rvoip::session::test;
using namespace std::chrono_literals;

namespace {

struct two_parties
{
    explicit two_parties(layer_options a = {}, layer_options b = {})
        : alice(io, "alice", 1, std::move(a)), bob(io, "bob", 2, std::move(b))
    {
    }

    call_id connect(double alice_hz = 1000, bool late_offer = false)
    {
        return call_and_connect(io, alice, bob, alice_hz, true, late_offer);
    }

    boost::asio::io_context io;
    party alice, bob;
};

std::uint64_t received(party& p, call_id id)
{
    return p.ua->report(id)->media.packets_received;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_callee_hears_the_callers_tone_and_the_caller_the_callees)
{
    two_parties t;
    t.bob.answer_tone = 600;
    auto const id = t.connect(1000);
    run_for(t.io, 700ms);
    BOOST_TEST(tone_present(*t.bob.heard, 1000));
    BOOST_TEST(!tone_present(*t.bob.heard, 600));
    BOOST_TEST(tone_present(*t.alice.heard, 600));
    auto const info = t.alice.ua->info(id);
    BOOST_TEST(info->codec == "opus");
    BOOST_TEST(info->telephone_event);
    BOOST_TEST(!t.alice.ua->hangup(id));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.bob.ended.empty(); }));
    BOOST_TEST(t.bob.ended[0].reason == end_reason::remote_hangup);
    BOOST_TEST(t.alice.ended[0].reason == end_reason::local_hangup);
    BOOST_TEST(t.alice.ended[0].report.media.packets_sent > 20u);
}

BOOST_AUTO_TEST_CASE(each_codec_is_really_encoded_and_heard)
{
    for (auto const* name : {"PCMU", "PCMA", "G722", "opus"}) {
        layer_options a;
        a.media.codecs = {name};
        two_parties t{std::move(a)};
        auto const id = t.connect(800);
        run_for(t.io, 600ms);
        BOOST_TEST(t.alice.ua->info(id)->codec == name);
        BOOST_TEST(tone_present(*t.bob.heard, 800), name);
    }
}

BOOST_AUTO_TEST_CASE(a_late_offer_call_connects_with_the_answer_in_the_ack)
{
    two_parties t;
    auto const id = t.connect(1000, true);
    run_for(t.io, 600ms);
    BOOST_TEST(tone_present(*t.bob.heard, 1000));
    BOOST_TEST(t.alice.ua->info(id)->codec == "opus");
}

BOOST_AUTO_TEST_CASE(dtmf_arrives_once_per_digit_by_rfc4733)
{
    two_parties t;
    auto const id = t.connect();
    BOOST_TEST(!t.alice.ua->send_dtmf(id, "12#"));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.digits.size() >= 3; }));
    run_for(t.io, 300ms);
    BOOST_TEST(t.bob.digits == "12#");
    BOOST_TEST(t.bob.dtmf_paths[0] == dtmf_path::rfc4733);
    BOOST_TEST(t.alice.ua->send_dtmf(id, "1x") == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(dtmf_goes_by_sip_info_without_telephone_event)
{
    layer_options b;
    b.media.telephone_event = false;
    two_parties t{{}, std::move(b)};
    auto const id = t.connect();
    BOOST_TEST(!t.alice.ua->info(id)->telephone_event);
    BOOST_TEST(!t.alice.ua->send_dtmf(id, "5*"));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.digits.size() >= 2; }));
    BOOST_TEST(t.bob.digits == "5*");
    BOOST_TEST(t.bob.dtmf_paths[0] == dtmf_path::sip_info);
}

BOOST_AUTO_TEST_CASE(inband_dtmf_tones_are_detected_in_the_audio)
{
    layer_options a;
    a.media.codecs = {"PCMU"};
    two_parties t{std::move(a)};
    auto const id = t.connect(0.0);
    BOOST_TEST(!t.alice.ua->send_dtmf(id, "7", true));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.bob.digits.empty(); }));
    run_for(t.io, 300ms);
    BOOST_TEST(t.bob.digits == "7");
    BOOST_TEST(t.bob.dtmf_paths[0] == dtmf_path::inband);
}

BOOST_AUTO_TEST_CASE(hold_stops_the_packets_both_ways_and_resume_restarts_them)
{
    two_parties t;
    auto const id = t.connect();
    run_for(t.io, 300ms);
    auto const ssrc = t.alice.ua->info(id)->ssrc;
    BOOST_TEST(!t.alice.ua->hold(id));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.last_state == call_state::on_hold; }));
    BOOST_TEST(t.bob.last_state == call_state::held);
    run_for(t.io, 150ms);
    auto const bob_call = t.bob.incoming.at(0);
    auto const a0 = received(t.alice, id), b0 = received(t.bob, bob_call);
    run_for(t.io, 400ms);
    BOOST_TEST(received(t.alice, id) == a0);
    BOOST_TEST(received(t.bob, bob_call) == b0);
    BOOST_TEST(!t.alice.ua->resume(id));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.last_state == call_state::connected; }));
    run_for(t.io, 400ms);
    BOOST_TEST(received(t.alice, id) > a0 + 5);
    BOOST_TEST(received(t.bob, bob_call) > b0 + 5);
    BOOST_TEST(t.bob.last_state == call_state::connected);
    BOOST_TEST(tone_present(*t.bob.heard, 1000));
    BOOST_TEST(t.alice.ua->info(id)->ssrc == ssrc); // RFC 3550: the same source throughout
}

BOOST_AUTO_TEST_CASE(microphone_mute_silences_what_the_peer_hears)
{
    two_parties t;
    auto const id = t.connect();
    run_for(t.io, 500ms);
    BOOST_TEST(tone_present(*t.bob.heard, 1000));
    BOOST_TEST(!t.alice.ua->set_microphone_muted(id, true));
    run_for(t.io, 500ms);
    BOOST_TEST(!tone_present(*t.bob.heard, 1000, 200));
    BOOST_TEST(t.alice.ua->info(id)->microphone_muted);
}

BOOST_AUTO_TEST_CASE(no_common_codec_fails_the_call_with_488_and_a_reason)
{
    layer_options a, b;
    a.media.codecs = {"PCMU"};
    b.media.codecs = {"PCMA"};
    two_parties t{std::move(a), std::move(b)};
    call_options o;
    o.to = t.bob.uri();
    auto id = t.alice.ua->call(std::move(o));
    BOOST_TEST_REQUIRE(id.has_value());
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.alice.ended.empty(); }));
    BOOST_TEST(t.alice.ended[0].reason == end_reason::no_common_codec);
    BOOST_TEST(t.alice.ended[0].status == 488);
    BOOST_TEST(t.bob.incoming.empty());
}

BOOST_AUTO_TEST_CASE(mandatory_srtp_carries_the_audio_encrypted_and_refuses_plain_peers)
{
    layer_options a, b;
    a.media.srtp = srtp_policy::mandatory;
    b.media.srtp = srtp_policy::optional;
    two_parties t{a, b};
    auto const id = t.connect();
    run_for(t.io, 600ms);
    BOOST_TEST(t.alice.ua->info(id)->srtp);
    BOOST_TEST(tone_present(*t.bob.heard, 1000));

    two_parties plain{a};
    call_options o;
    o.to = plain.bob.uri();
    BOOST_TEST_REQUIRE(plain.alice.ua->call(std::move(o)).has_value());
    BOOST_TEST_REQUIRE(run_until(plain.io, [&] { return !plain.alice.ended.empty(); }));
    BOOST_TEST(plain.alice.ended[0].reason == end_reason::srtp_required);
}

BOOST_AUTO_TEST_CASE(quality_samples_rate_a_clean_loopback_call_high)
{
    two_parties t;
    auto const id = t.connect();
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.quality.size() >= 2; }, 3s));
    BOOST_TEST(t.bob.quality.back().loss_pct == 0.0);
    BOOST_TEST(t.bob.quality.back().mos > 4.0);
    auto const r = t.alice.ua->report(id);
    BOOST_TEST(r->media.packets_received > 0u);
}

BOOST_AUTO_TEST_CASE(a_blind_transfer_moves_the_call_to_a_third_party)
{
    two_parties t;
    party carol{t.io, "carol", 3};
    auto const id = t.connect(1000);
    auto const bob_call = t.bob.incoming.at(0);
    BOOST_TEST(!t.bob.ua->transfer(bob_call, carol.uri()));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.bob.ended.empty() && !carol.incoming.empty(); }));
    BOOST_TEST(t.bob.ended[0].reason == end_reason::transferred);
    BOOST_TEST_REQUIRE(t.alice.transferred_to.size() == 1u);
    // Progress came back by NOTIFY sipfrag (RFC 3515): the transfer settled with a 200.
    BOOST_TEST_REQUIRE(!t.bob.transfer_statuses.empty());
    BOOST_TEST(t.bob.transfer_statuses.back() == 200);
    run_for(t.io, 600ms);
    BOOST_TEST(tone_present(*carol.heard, 1000)); // Alice's audio followed her to Carol
    BOOST_TEST(t.alice.ua->info(t.alice.transferred_to[0])->state == call_state::connected);
    BOOST_TEST(!t.alice.ua->info(id)); // the old call ended (Bob's BYE)
}

BOOST_AUTO_TEST_CASE(an_attended_transfer_replaces_the_consultation_call)
{
    two_parties t;
    party carol{t.io, "carol", 3};
    auto const ab = t.connect(1000);
    (void)ab;
    auto const bob_alice = t.bob.incoming.at(0);
    call_options o;
    o.to = carol.uri();
    auto const bc = t.bob.ua->call(std::move(o));
    BOOST_TEST_REQUIRE(bc.has_value());
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.ua->info(*bc) && t.bob.ua->info(*bc)->state == call_state::connected; }));
    auto const carol_bob = carol.incoming.at(0);
    BOOST_TEST(!t.bob.ua->attended_transfer(bob_alice, *bc));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.ua->calls().empty() && carol.incoming.size() == 2; }));
    // Carol's call with Bob was replaced by Alice's, which took over its audio.
    BOOST_TEST(!carol.ua->info(carol_bob));
    auto const carol_alice = carol.incoming.at(1);
    BOOST_TEST_REQUIRE(carol.ua->info(carol_alice).has_value());
    run_for(t.io, 600ms);
    BOOST_TEST(carol.ua->info(carol_alice)->state == call_state::connected);
    BOOST_TEST(tone_present(*carol.heard, 1000));
}

BOOST_AUTO_TEST_CASE(a_reinvite_switches_the_codec_and_the_stream_carries_on)
{
    two_parties t;
    auto const id = t.connect(1000);
    run_for(t.io, 400ms);
    auto const before = t.alice.ua->info(id);
    BOOST_TEST(before->codec == "opus");
    BOOST_TEST(!t.alice.ua->renegotiate(id, {"G722", "PCMU"}));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.ua->info(id)->codec == "G722"; }));
    t.bob.heard->clear();
    run_for(t.io, 600ms);
    auto const after = t.alice.ua->info(id);
    BOOST_TEST(after->ssrc == before->ssrc); // RFC 3550: one source, whatever it encodes
    BOOST_TEST(t.bob.ua->info(t.bob.incoming.at(0))->codec == "G722");
    BOOST_TEST(tone_present(*t.bob.heard, 1000));
    BOOST_TEST(t.alice.ua->renegotiate(id, {"iLBC"}) == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(early_media_plays_before_the_answer)
{
    two_parties t;
    t.bob.auto_answer = false;
    call_options o;
    o.to = t.bob.uri();
    o.sink = t.alice.ear();
    auto id = t.alice.ua->call(std::move(o));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.bob.incoming.empty(); }));
    answer_options announcement;
    announcement.source = t.bob.tone(700);
    BOOST_TEST(!t.bob.ua->early_media(t.bob.incoming[0], std::move(announcement)));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.last_state == call_state::early_media; }));
    run_for(t.io, 600ms);
    BOOST_TEST(tone_present(*t.alice.heard, 700)); // heard while the call is not answered
    BOOST_TEST(t.alice.ua->info(*id)->state == call_state::early_media);
    BOOST_TEST(!t.bob.ua->answer(t.bob.incoming[0]));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.last_state == call_state::connected; }));
    run_for(t.io, 300ms);
    BOOST_TEST(tone_present(*t.alice.heard, 700)); // the same stream goes on
}

BOOST_AUTO_TEST_CASE(an_incoming_call_can_be_rejected_and_a_ringing_one_cancelled)
{
    two_parties t;
    t.bob.auto_answer = false;
    call_options o;
    o.to = t.bob.uri();
    BOOST_TEST_REQUIRE(t.alice.ua->call(std::move(o)).has_value());
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.bob.incoming.empty() && t.alice.last_state == call_state::ringing; }));
    BOOST_TEST(!t.bob.ua->reject(t.bob.incoming[0], 603));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return !t.alice.ended.empty(); }));
    BOOST_TEST(t.alice.ended[0].reason == end_reason::rejected);
    BOOST_TEST(t.alice.ended[0].status == 603);

    call_options again;
    again.to = t.bob.uri();
    auto id = t.alice.ua->call(std::move(again));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.incoming.size() == 2 && t.alice.last_state == call_state::ringing; }));
    BOOST_TEST(!t.alice.ua->hangup(*id));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.bob.ended.size() == 2; }));
    BOOST_TEST(t.bob.ended[1].reason == end_reason::cancelled);
    BOOST_TEST(t.alice.ended[1].reason == end_reason::cancelled);
    BOOST_TEST(t.alice.ua->hangup(*id) == errc::no_such_call);
}

BOOST_AUTO_TEST_CASE(a_recording_holds_our_side_left_and_the_peers_right)
{
    two_parties t;
    t.bob.answer_tone = 600;
    auto const id = t.connect(1000);
    auto const path = (std::filesystem::temp_directory_path() / ("rvoip-rec-" + std::to_string(::getpid()) + ".wav")).string();
    BOOST_TEST(!t.alice.ua->start_recording(id, path));
    run_for(t.io, 800ms);
    BOOST_TEST(!t.alice.ua->stop_recording(id));
    auto wav = rvoip::media::read_wav_file(path);
    std::filesystem::remove(path);
    BOOST_TEST_REQUIRE(wav.has_value());
    BOOST_TEST(wav->channels == 2);
    BOOST_TEST(wav->sample_rate == rate);
    std::vector<std::int16_t> left, right;
    for (std::size_t i = 0; i + 1 < wav->samples.size(); i += 2) {
        left.push_back(wav->samples[i]);
        right.push_back(wav->samples[i + 1]);
    }
    BOOST_TEST(left.size() > static_cast<std::size_t>(rate / 2));
    BOOST_TEST(tone_present(left, 1000));
    BOOST_TEST(!tone_present(left, 600));
    BOOST_TEST(tone_present(right, 600));
    BOOST_TEST(!tone_present(right, 1000));
}

BOOST_AUTO_TEST_CASE(a_local_conference_lets_each_party_hear_the_others)
{
    two_parties t;
    party carol{t.io, "carol", 3};
    t.bob.answer_tone = 600;
    carol.answer_tone = 900;
    auto const ab = t.connect(0.0);
    call_options o;
    o.to = carol.uri();
    auto const ac = t.alice.ua->call(std::move(o));
    BOOST_TEST_REQUIRE(run_until(t.io, [&] { return t.alice.ua->info(*ac)->state == call_state::connected; }));
    answer_options host;
    host.source = t.alice.tone(1000);
    host.sink = t.alice.ear();
    auto conf = t.alice.ua->conference({ab, *ac}, std::move(host));
    BOOST_TEST_REQUIRE(conf.has_value());
    t.bob.heard->clear();
    carol.heard->clear();
    run_for(t.io, 800ms);
    BOOST_TEST(tone_present(*t.bob.heard, 1000)); // the host
    BOOST_TEST(tone_present(*t.bob.heard, 900));  // Carol, through the mix
    BOOST_TEST(!tone_present(*t.bob.heard, 600)); // not his own voice back
    BOOST_TEST(tone_present(*carol.heard, 600));
    BOOST_TEST(tone_present(*carol.heard, 1000));
    BOOST_TEST(tone_present(*t.alice.heard, 600));
    BOOST_TEST(tone_present(*t.alice.heard, 900));
    BOOST_TEST(!t.alice.ua->end_conference(*conf));
    BOOST_TEST(t.alice.ua->end_conference(*conf) == errc::no_such_call);
}

BOOST_AUTO_TEST_CASE(each_srtp_suite_carries_the_audio)
{
    using rvoip::rtp::crypto_suite;
    for (auto suite : {crypto_suite::aes_cm_128_hmac_sha1_32, crypto_suite::aead_aes_128_gcm}) {
        layer_options a, b;
        a.media.srtp = b.media.srtp = srtp_policy::mandatory;
        a.media.srtp_suites = {suite};
        two_parties t{a, b};
        auto const id = t.connect(1000);
        run_for(t.io, 600ms);
        BOOST_TEST(t.alice.ua->info(id)->srtp);
        BOOST_TEST(tone_present(*t.bob.heard, 1000), rvoip::rtp::to_string(suite));
        BOOST_TEST(t.bob.ua->statistics(t.bob.incoming.at(0))->srtp_auth_failures == 0u);
    }
}

BOOST_AUTO_TEST_CASE(rtcp_brings_the_round_trip_and_the_peers_own_quality_estimate)
{
    layer_options fast;
    fast.rtcp_interval = 300ms; // RFC 3550 §6.2 allows a smaller Tmin; it keeps the test short
    two_parties t{fast, fast};
    (void)t.connect(1000);
    BOOST_TEST_REQUIRE(run_until(t.io, [&] {
        return !t.bob.quality.empty() && t.bob.quality.back().remote_mos.has_value() && t.bob.quality.back().rtt_ms > 0;
    }, 4s));
    BOOST_TEST(*t.bob.quality.back().remote_mos > 4.0); // Alice's XR VoIP metrics of our stream
    BOOST_TEST(t.bob.quality.back().rtt_ms < 50.0);
}

BOOST_AUTO_TEST_CASE(a_layer_destroyed_while_its_io_context_runs_on_leaves_no_handler_behind)
{
    // A client that stops keeps its thread and io_context: the handlers the layer posted (the
    // freeing of an ended call, the media clock) then run after it is gone.
    boost::asio::io_context io;
    auto alice = std::make_unique<party>(io, "alice", 1);
    auto bob = std::make_unique<party>(io, "bob", 2);
    bob->auto_answer = true;
    auto id = call_and_connect(io, *alice, *bob, 440);
    BOOST_TEST(!alice->ua->hangup(id));
    alice.reset();
    bob.reset();
    run_for(io, 50ms);
}
