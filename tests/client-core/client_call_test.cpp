// Two and three clients over loopback with real media: calls, audio each way, hold, DTMF,
// mute checked on the audio, rejection, hang-up, history, transfers, and every misuse with
// its error.
#include "client_test_support.hpp"

#include <rvoip/media/wav.hpp>

#include <filesystem>

using namespace rvoip::client;
using namespace rvoip::client::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(client_call_test)

BOOST_AUTO_TEST_CASE(a_call_carries_each_sides_tone_and_reports_what_it_is)
{
    connected_pair p(440, 880);
    BOOST_TEST(eventually([&] { return tone_present(*p.bob.heard, 440) && tone_present(*p.alice.heard, 880); }));

    auto in = p.bob.log.of<incoming_call_event>();
    BOOST_TEST_REQUIRE(in.size() == 1u);
    BOOST_TEST(in[0].subject == "test call");
    BOOST_TEST(in[0].display_name == "alice test");
    BOOST_TEST(in[0].caller.starts_with("sip:alice@127.0.0.1"));

    auto info = p.alice.c->get_call(p.a).value();
    BOOST_TEST((info.direction == call_direction::outgoing));
    BOOST_TEST((info.state == call_state::connected));
    BOOST_TEST(info.codec == "opus");
    BOOST_TEST(info.connected_at.has_value());
    BOOST_TEST(!info.sip_call_id.empty());
    BOOST_TEST(info.remote_media_address.starts_with("127.0.0.1:"));
    auto bob_side = p.bob.c->get_call(p.b).value();
    BOOST_TEST((bob_side.direction == call_direction::incoming));
    BOOST_TEST(bob_side.sip_call_id == info.sip_call_id);

    auto codec = p.alice.c->get_call_codec_info(p.a).value();
    BOOST_TEST(codec.codec.name == "opus");
    BOOST_TEST(codec.ptime_ms == 20);
    BOOST_TEST(codec.telephone_event);
    BOOST_TEST(p.alice.c->list_calls().size() == 1u);
    BOOST_TEST(p.alice.c->get_active_calls().size() == 1u);
    BOOST_TEST(p.alice.c->get_calls_by_direction(call_direction::incoming).empty());
    BOOST_TEST(p.bob.c->get_calls_by_direction(call_direction::incoming).size() == 1u);

    auto media = p.alice.c->get_media_statistics(p.a).value();
    BOOST_TEST(media.packets_sent > 10u);
    BOOST_TEST(media.packets_received > 10u);
    auto kinds = p.alice.log.of<media_event>();
    BOOST_TEST_REQUIRE(!kinds.empty());
    BOOST_TEST((kinds.front().kind == media_event_kind::audio_started));

    auto states = p.alice.log.states(p.a);
    BOOST_TEST_REQUIRE(states.size() >= 2u);
    BOOST_TEST((states.front() == call_state::initiating));
    BOOST_TEST((states.back() == call_state::connected));

    p.alice.c->hangup_call(p.a).value();
    BOOST_TEST(p.bob.wait_state(p.b, call_state::terminated));
    BOOST_TEST(p.alice.wait_state(p.a, call_state::terminated));
    auto history = p.alice.c->get_call_history();
    BOOST_TEST_REQUIRE(history.size() == 1u);
    BOOST_TEST(history[0].ended_at.has_value());
    BOOST_TEST(history[0].end_reason.find("local") != std::string::npos);
    BOOST_TEST(p.bob.c->get_call_history().at(0).end_reason.find("remote") != std::string::npos);
    BOOST_TEST((p.alice.c->get_call(p.a).value().state == call_state::terminated));
    // Hanging up again is no error; anything else on the ended call is call_not_found.
    BOOST_TEST(p.alice.c->hangup_call(p.a).get().has_value());
    auto held = p.alice.c->hold_call(p.a).get();
    BOOST_TEST_REQUIRE(!held.has_value());
    BOOST_TEST((held.error().code() == errc::call_not_found));
    BOOST_TEST((held.error().category() == error_category::call));
    BOOST_TEST(p.alice.c->list_calls().empty());
    auto stats = p.alice.c->get_client_stats();
    BOOST_TEST(stats.total_calls == 1u);
    BOOST_TEST(stats.connected_calls == 1u);
    BOOST_TEST(stats.active_calls == 0u);
}

BOOST_AUTO_TEST_CASE(hold_and_resume_stop_and_restart_the_audio_and_dtmf_travels)
{
    connected_pair p(440, 880);
    BOOST_TEST_REQUIRE(eventually([&] { return tone_present(*p.bob.heard, 440); }));
    p.alice.c->hold_call(p.a).value();
    BOOST_TEST(p.alice.wait_state(p.a, call_state::held));
    BOOST_TEST(p.bob.wait_state(p.b, call_state::held));
    BOOST_TEST(p.alice.c->is_call_on_hold(p.a).value());
    BOOST_TEST(!p.bob.c->is_call_on_hold(p.b).value());
    BOOST_TEST(p.bob.c->get_call(p.b).value().remote_hold);
    // The holding side stops sending: Bob hears silence.
    BOOST_TEST(eventually([&] { return loudness(*p.bob.heard) < 1000; }));
    p.alice.c->resume_call(p.a).value();
    BOOST_TEST(p.alice.wait_state(p.a, call_state::connected));
    BOOST_TEST(eventually([&] { return tone_present(*p.bob.heard, 440); }));
    BOOST_TEST(p.alice.log.wait_for<media_event>([](auto const& e) { return e.kind == media_event_kind::hold_ended; }));
    auto holds = p.alice.log.of<media_event>();
    BOOST_TEST(std::count_if(holds.begin(), holds.end(), [](auto const& e) { return e.kind == media_event_kind::hold_started; }) == 1);
    BOOST_TEST(std::count_if(holds.begin(), holds.end(), [](auto const& e) { return e.kind == media_event_kind::hold_ended; }) == 1);

    p.alice.c->send_dtmf(p.a, "15#").value();
    BOOST_TEST(eventually([&] { return p.bob.log.of<dtmf_received_event>().size() >= 3u; }));
    auto digits = p.bob.log.of<dtmf_received_event>();
    BOOST_TEST_REQUIRE(digits.size() == 3u);
    BOOST_TEST(digits[0].digit == '1');
    BOOST_TEST(digits[2].digit == '#');
    BOOST_TEST((digits[0].via == dtmf_source::rfc4733));
    auto bad = p.alice.c->send_dtmf(p.a, "12x").get();
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST((bad.error().code() == errc::bad_dtmf));
    BOOST_TEST((p.alice.c->send_dtmf(p.a, "").get().error().code() == errc::bad_dtmf));
}

BOOST_AUTO_TEST_CASE(dtmf_goes_by_sip_info_when_telephone_event_was_not_negotiated)
{
    auto no_te = [](client_builder& b) {
        b.with_media(media_config_builder().dtmf_enabled(false).build());
    };
    connected_pair p(440, 880, no_te, no_te);
    BOOST_TEST(!p.alice.c->get_call_codec_info(p.a).value().telephone_event);
    p.alice.c->send_dtmf(p.a, "7").value();
    BOOST_TEST(p.bob.log.wait_for<dtmf_received_event>([](auto const& e) { return e.digit == '7'; }));
    auto d = p.bob.log.of<dtmf_received_event>();
    BOOST_TEST_REQUIRE(!d.empty());
    BOOST_TEST((d.front().via == dtmf_source::sip_info));
}

BOOST_AUTO_TEST_CASE(microphone_mute_silences_what_the_peer_hears_and_speaker_mute_what_we_play)
{
    connected_pair p(440, 880);
    BOOST_TEST_REQUIRE(eventually([&] { return tone_present(*p.bob.heard, 440) && tone_present(*p.alice.heard, 880); }));
    p.alice.c->set_microphone_mute(p.a, true).value();
    BOOST_TEST(p.alice.c->is_microphone_muted(p.a).value());
    BOOST_TEST(eventually([&] { return loudness(*p.bob.heard) < 100; }));
    BOOST_TEST(tone_present(*p.alice.heard, 880)); // the other way still flows
    p.alice.c->set_microphone_mute(p.a, false).value();
    BOOST_TEST(eventually([&] { return tone_present(*p.bob.heard, 440); }));

    p.alice.c->set_speaker_mute(p.a, true).value();
    BOOST_TEST(p.alice.c->is_speaker_muted(p.a).value());
    BOOST_TEST(eventually([&] { return loudness(*p.alice.heard) < 100; }));
    BOOST_TEST(tone_present(*p.bob.heard, 440));
    p.alice.c->set_speaker_mute(p.a, false).value();
    BOOST_TEST(eventually([&] { return tone_present(*p.alice.heard, 880); }));
    auto e = p.alice.log.of<media_event>();
    BOOST_TEST(std::count_if(e.begin(), e.end(), [](auto const& m) { return m.kind == media_event_kind::speaker_muted; }) == 1);
}

BOOST_AUTO_TEST_CASE(a_rejected_call_fails_with_the_status_and_the_reason)
{
    party alice("alice"), bob("bob");
    auto a = alice.c->make_call(bob.uri()).value();
    auto b = bob.wait_incoming();
    BOOST_TEST((bob.c->get_call(b).value().state == call_state::incoming_pending));
    BOOST_TEST((bob.c->reject_call(b, 200).get().error().code() == errc::call_failed));
    bob.c->reject_call(b, 603).value();
    BOOST_TEST(alice.wait_state(a, call_state::failed));
    auto ended = alice.c->get_call(a).value();
    BOOST_TEST(ended.end_status == 603);
    BOOST_TEST(ended.end_reason.find("603") != std::string::npos);
    BOOST_TEST(alice.c->get_client_stats().failed_calls == 1u);
    BOOST_TEST((alice.c->answer_call(a).get().error().code() == errc::call_not_found));
}

BOOST_AUTO_TEST_CASE(hanging_up_before_the_answer_cancels_the_call)
{
    party alice("alice"), bob("bob");
    auto a = alice.c->make_call(bob.uri()).value();
    auto b = bob.wait_incoming();
    BOOST_TEST(alice.wait_state(a, call_state::ringing));
    BOOST_TEST((alice.c->answer_call(a).get().error().code() == errc::wrong_call_state));
    alice.c->hangup_call(a).value();
    BOOST_TEST(bob.wait_state(b, call_state::cancelled));
    BOOST_TEST((alice.wait_state(a, call_state::cancelled) || alice.wait_state(a, call_state::terminated)));
}

BOOST_AUTO_TEST_CASE(a_call_over_tcp_carries_the_audio)
{
    auto tcp = [](client_builder& b) { b.transports({transport::udp, transport::tcp}); };
    party alice("alice", tcp), bob("bob", [&](client_builder& b) {
        tcp(b);
        b.auto_answer(true);
    });
    call_request r;
    r.to = bob.uri() + ";transport=tcp";
    r.audio = alice.audio(440);
    auto a = alice.c->make_call(std::move(r)).value();
    BOOST_TEST_REQUIRE(alice.wait_state(a, call_state::connected));
    BOOST_TEST(eventually([&] { return alice.c->get_media_statistics(a).value().packets_received > 20; }));
    alice.c->hangup_call(a).value();
    BOOST_TEST(alice.wait_state(a, call_state::terminated));
}

BOOST_AUTO_TEST_CASE(misuse_gets_the_right_error_and_category)
{
    party alice("alice");
    auto bad_uri = alice.c->make_call("bob at home").get();
    BOOST_TEST_REQUIRE(!bad_uri.has_value());
    BOOST_TEST((bad_uri.error().code() == errc::invalid_uri));
    BOOST_TEST((bad_uri.error().category() == error_category::call));
    BOOST_CHECK_THROW(alice.c->make_call("mailto:bob@example.com").value(), error);
    BOOST_TEST((alice.c->hangup_call(999).get().error().code() == errc::call_not_found));
    BOOST_TEST((alice.c->get_call(999).error().code() == errc::call_not_found));
    BOOST_TEST((alice.c->get_call_quality(999).error().code() == errc::call_not_found));
    BOOST_TEST((alice.c->send_audio_frame(999, {}).error().code() == errc::call_not_found));
    BOOST_TEST((alice.c->transfer_call(999, "sip:x@127.0.0.1").get().error().code() == errc::call_not_found));
    BOOST_TEST((alice.c->get_registration(5).error().code() == errc::registration_not_found));
    BOOST_TEST((alice.c->get_registration(5).error().category() == error_category::registration));
    auto codec = alice.c->set_preferred_codecs({"G729"}).get();
    BOOST_TEST_REQUIRE(!codec.has_value());
    BOOST_TEST((codec.error().code() == errc::no_common_codec));
    BOOST_TEST((codec.error().category() == error_category::codec));
}

BOOST_AUTO_TEST_CASE(the_preferred_codecs_apply_to_the_next_call)
{
    party alice("alice"), bob("bob", [](client_builder& b) { b.auto_answer(true); });
    alice.c->set_preferred_codecs({"PCMA"}).value();
    BOOST_TEST((alice.c->get_media_config().preferred_codecs == std::vector<std::string>{"PCMA"}));
    auto a = alice.c->make_call(bob.uri()).value();
    BOOST_TEST_REQUIRE(alice.wait_state(a, call_state::connected));
    BOOST_TEST(eventually([&] { return alice.c->get_call(a).value().codec == "PCMA"; }));
}

BOOST_AUTO_TEST_CASE(srtp_mandatory_on_both_sides_encrypts_and_against_plain_rtp_fails)
{
    auto secure = [](client_builder& b) { b.media_preset(media_preset::secure).echo_cancellation(false); };
    {
        connected_pair p(440, 880, secure, secure);
        BOOST_TEST(p.alice.c->get_call(p.a).value().srtp);
        BOOST_TEST(eventually([&] { return tone_present(*p.bob.heard, 440); }));
    }
    party alice("alice", secure), bob("bob", [](client_builder& b) { b.auto_answer(true); });
    auto a = alice.c->make_call(bob.uri()).value();
    BOOST_TEST(alice.wait_state(a, call_state::failed));
    BOOST_TEST(alice.c->get_call(a).value().end_status == 488);
}

BOOST_AUTO_TEST_CASE(recording_writes_a_stereo_wav_of_both_directions)
{
    connected_pair p(440, 880);
    auto const path = (std::filesystem::temp_directory_path() / "rvoip-client-record-test.wav").string();
    p.alice.c->start_recording(p.a, path).value();
    std::this_thread::sleep_for(600ms);
    p.alice.c->stop_recording(p.a).value();
    auto wav = rvoip::media::read_wav_file(path);
    BOOST_TEST_REQUIRE(wav.has_value());
    BOOST_TEST(wav->channels == 2);
    BOOST_TEST(wav->samples.size() > static_cast<std::size_t>(rate)); // > 0.5 s of stereo frames
    std::filesystem::remove(path);
    BOOST_TEST((p.alice.c->start_recording(p.a, "/nonexistent-dir/x.wav").get().error().code() ==
                errc::recording_failure));
}

BOOST_AUTO_TEST_CASE(an_application_reads_decoded_frames_and_sends_its_own)
{
    connected_pair p(0, 880);
    auto frames = std::make_shared<std::atomic<int>>(0);
    BOOST_TEST(p.alice.c->subscribe_audio_frames(p.a, [frames](std::span<std::int16_t const> s, int hz) {
        if (hz == rate && !s.empty())
            ++*frames;
    }).has_value());
    BOOST_TEST(eventually([&] { return *frames > 10; }));
    // 1.5 s of 1000 Hz pushed in 20 ms pieces as an application would, in place of silence.
    auto const tone = rvoip::test::sine(1000, rate, rate * 3 / 2);
    for (std::size_t at = 0; at < tone.size(); at += rate / 50) {
        auto const n = std::min<std::size_t>(rate / 50, tone.size() - at);
        BOOST_TEST(p.alice.c->send_audio_frame(p.a, {tone.data() + at, n}).value() == n);
        std::this_thread::sleep_for(20ms);
        if (tone_present(*p.bob.heard, 1000, 200))
            break;
    }
    BOOST_TEST(tone_present(*p.bob.heard, 1000, 200));
    BOOST_TEST(p.alice.c->subscribe_audio_frames(p.a, nullptr).has_value());
}

BOOST_AUTO_TEST_CASE(blind_transfer_moves_the_call_to_the_target)
{
    auto answer = [](client_builder& b) { b.auto_answer(true); };
    connected_pair p(440, 880);
    party carol("carol", answer);
    p.bob.c->transfer_call(p.b, carol.uri()).value();
    BOOST_TEST(p.alice.log.wait_for<incoming_transfer_request_event>([](auto const&) { return true; }));
    BOOST_TEST(carol.log.wait_for<call_state_changed_event>([](auto const& e) { return e.new_state == call_state::connected; }));
    BOOST_TEST(p.bob.log.wait_for<transfer_progress_event>([](auto const& e) { return e.final && e.status == 200; }));
    BOOST_TEST(p.bob.wait_state(p.b, call_state::terminated));
    auto t = p.alice.log.of<incoming_transfer_request_event>().at(0);
    BOOST_TEST(t.target.find("carol") != std::string::npos);
    BOOST_TEST(eventually([&] {
        auto c = p.alice.c->get_call(t.new_call);
        return c && c->state == call_state::connected;
    }));
}

BOOST_AUTO_TEST_CASE(attended_transfer_replaces_the_consultation_call)
{
    auto answer = [](client_builder& b) { b.auto_answer(true); };
    connected_pair p(440, 880);
    party carol("carol", answer);
    // Bob consults Carol, then hands Alice over to her.
    auto consult = p.bob.c->make_call(carol.uri()).value();
    BOOST_TEST_REQUIRE(p.bob.wait_state(consult, call_state::connected));
    p.bob.c->attended_transfer(p.b, consult).value();
    BOOST_TEST(p.bob.wait_state(p.b, call_state::terminated));
    BOOST_TEST(p.bob.wait_state(consult, call_state::terminated));
    BOOST_TEST(eventually([&] {
        auto calls = carol.c->get_active_calls();
        return calls.size() == 1u && calls[0].remote_uri.find("alice") != std::string::npos;
    }));
    // Carol hears of Alice's call as one that replaces Bob's consultation, answered already.
    BOOST_TEST(carol.log.wait_for<incoming_call_event>([&](auto const& e) {
        return e.replaces.has_value() && e.caller.find("alice") != std::string::npos;
    }));
    auto const incoming = carol.log.of<incoming_call_event>();
    BOOST_TEST_REQUIRE(incoming.size() == 2u);
    BOOST_TEST(!incoming[0].replaces);
    BOOST_TEST((incoming[1].replaces == std::optional<call_id>(incoming[0].call)));
}

BOOST_AUTO_TEST_CASE(a_local_conference_lets_each_call_hear_the_other)
{
    auto answer = [](client_builder& b) { b.auto_answer(true); };
    party host("host", [](client_builder& b) { b.codecs({"PCMU"}); });
    party bob("bob", answer), carol("carol", answer);
    call_request to_bob;
    to_bob.to = bob.uri();
    to_bob.audio = host.audio(0);
    auto b = host.c->make_call(std::move(to_bob)).value();
    auto c = host.c->make_call(carol.uri()).value();
    BOOST_TEST_REQUIRE(host.wait_state(b, call_state::connected));
    BOOST_TEST_REQUIRE(host.wait_state(c, call_state::connected));
    // Bob and Carol answer with the default (silent) audio; the mix is checked by counters:
    // each call keeps sending while conferenced.
    auto conf = host.c->conference({b, c}).value();
    auto before = host.c->get_media_statistics(c).value().packets_sent;
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(host.c->get_media_statistics(c).value().packets_sent > before + 5);
    host.c->end_conference(conf).value();
    BOOST_TEST((host.c->end_conference(conf).get().error().code() != errc::call_failed));
}

BOOST_AUTO_TEST_SUITE_END()
