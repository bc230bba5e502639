// The offer/answer engine: RFC 3264 offers and answers, payload type numbering, ptime, hold
// directions, rtcp-mux and SDES keys.
#include <rvoip/session/offer_answer.hpp>

#include "seeded_random.hpp"
#include "session_print.hpp"

#include <rvoip/sip/sdp.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace sdp = rvoip::sip::sdp;
using namespace rvoip::session;
using rvoip::rtp::test::seeded_random;

namespace {

local_media const alice_media{"192.0.2.1", 40000, 0};
local_media const bob_media{"192.0.2.2", 50000, 0};

sdp::session_description parsed(std::string const& text)
{
    auto d = rvoip::sip::parse_sdp(text);
    BOOST_TEST_REQUIRE(d.has_value());
    return *d;
}

std::string const linphone_offer = "v=0\r\n"
                                   "o=bob 2890844527 2890844527 IN IP4 198.51.100.7\r\n"
                                   "s=Talk\r\n"
                                   "c=IN IP4 198.51.100.7\r\n"
                                   "t=0 0\r\n"
                                   "m=audio 7078 RTP/AVP 96 0 8 9 97\r\n"
                                   "a=rtpmap:96 opus/48000/2\r\n"
                                   "a=fmtp:96 useinbandfec=1\r\n"
                                   "a=rtpmap:97 telephone-event/8000\r\n"
                                   "a=ptime:30\r\n"
                                   "m=video 9078 RTP/AVP 103\r\n"
                                   "a=rtpmap:103 VP8/90000\r\n";

} // namespace

BOOST_AUTO_TEST_CASE(offer_lists_codecs_in_preference_order_with_telephone_event_per_clock_rate)
{
    seeded_random r{1};
    offer_answer oa{{}, r};
    auto offer = oa.create_offer(alice_media);
    BOOST_TEST_REQUIRE(offer.has_value());
    auto d = parsed(*offer);
    BOOST_TEST_REQUIRE(d.media.size() == 1u);
    auto const& m = d.media[0];
    BOOST_TEST(m.proto == "RTP/AVP");
    BOOST_TEST(m.port == 40000);
    BOOST_TEST_REQUIRE(m.formats.size() == 6u);
    BOOST_TEST(m.rtpmap_for(std::stoi(m.formats[0]))->encoding_name == "opus");
    BOOST_TEST(m.formats[1] == "9");
    BOOST_TEST(m.formats[2] == "0");
    BOOST_TEST(m.formats[3] == "8");
    BOOST_TEST(m.rtpmap_for(101)->clock_rate == 8000u);
    auto const te48 = m.rtpmap_for(std::stoi(m.formats[4])); // the clock rates in codec order
    BOOST_TEST(te48->encoding_name == "telephone-event");
    BOOST_TEST(te48->clock_rate == 48000u);
    BOOST_TEST(m.rtcp_mux());
    BOOST_TEST(m.ptime() == 20u);
    BOOST_TEST(d.connection->address == "192.0.2.1");
    BOOST_TEST(m.cryptos().empty());
}

BOOST_AUTO_TEST_CASE(answer_picks_our_preference_keeps_the_offerers_numbers_and_refuses_video)
{
    seeded_random r{2};
    media_options o;
    o.codecs = {"G722", "PCMU", "opus"};
    offer_answer oa{o, r};
    auto a = oa.receive_offer(linphone_offer, bob_media);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->audio.codec.encoding_name == "G722");
    BOOST_TEST(a->audio.codec.send_payload_type == 9);
    BOOST_TEST(a->audio.codec.receive_payload_type == 9);
    BOOST_TEST(a->audio.send_telephone_event.value_or(0) == 97); // 8000 Hz like G.722's clock
    BOOST_TEST(a->audio.remote.address == "198.51.100.7");
    BOOST_TEST(a->audio.remote.port == 7078);
    BOOST_TEST(a->audio.remote_rtcp_port == 7079);
    BOOST_TEST(!a->audio.rtcp_mux);
    BOOST_TEST(a->audio.ptime_ms == 30); // the offerer asked for 30 ms
    BOOST_TEST(a->audio.direction == sdp::direction::sendrecv);
    auto d = parsed(a->sdp);
    BOOST_TEST_REQUIRE(d.media.size() == 2u);
    BOOST_TEST(d.media[0].formats == (std::vector<std::string>{"9", "97"}));
    BOOST_TEST(d.media[1].port == 0); // video refused, the call goes on
    BOOST_TEST(d.media[1].media == "video");
}

BOOST_AUTO_TEST_CASE(opus_is_chosen_at_its_dynamic_number_and_gets_telephone_event_only_at_48k)
{
    seeded_random r{3};
    offer_answer oa{{}, r};
    auto a = oa.receive_offer(linphone_offer, bob_media);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->audio.codec.encoding_name == "opus");
    BOOST_TEST(a->audio.codec.send_payload_type == 96);
    BOOST_TEST(a->audio.codec.remote_fmtp == "useinbandfec=1");
    BOOST_TEST(!a->audio.send_telephone_event); // only telephone-event/8000 was offered
    BOOST_TEST(a->audio.ptime_ms == 20);        // 30 ms is no Opus frame size
}

BOOST_AUTO_TEST_CASE(static_payload_types_without_rtpmap_are_understood)
{
    seeded_random r{4};
    offer_answer oa{{}, r};
    auto a = oa.receive_offer("v=0\r\no=- 1 1 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
                              "m=audio 4000 RTP/AVP 18 8\r\n",
                              bob_media);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->audio.codec.encoding_name == "PCMA");
    BOOST_TEST(a->audio.codec.send_payload_type == 8);
}

BOOST_AUTO_TEST_CASE(no_common_codec_is_refused_488_with_warning_305)
{
    seeded_random r{5};
    offer_answer oa{{}, r};
    auto a = oa.receive_offer("v=0\r\no=- 1 1 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
                              "m=audio 4000 RTP/AVP 18 3\r\n",
                              bob_media);
    BOOST_TEST_REQUIRE(!a.has_value());
    BOOST_TEST(a.error() == errc::no_common_codec);
    auto const why = refusal_for(a.error(), "bob.example.com");
    BOOST_TEST(why.status == 488);
    BOOST_TEST(why.warning == "305 bob.example.com \"No common codec\"");
    BOOST_TEST(refusal_for(errc::bad_sdp, "h").status == 400);
}

BOOST_AUTO_TEST_CASE(sdp_that_does_not_parse_is_bad_sdp)
{
    seeded_random r{6};
    offer_answer oa{{}, r};
    BOOST_TEST(oa.receive_offer("v=0\r\nthis is not sdp\r\n", bob_media).error() == errc::bad_sdp);
    BOOST_TEST(oa.receive_answer("v=0\r\n").error() == errc::no_offer);
}

BOOST_AUTO_TEST_CASE(offer_and_answer_between_two_engines_agree)
{
    seeded_random ra{7}, rb{8};
    media_options ob;
    ob.codecs = {"PCMU", "opus"};
    offer_answer alice{{}, ra}, bob{ob, rb};
    auto offer = alice.create_offer(alice_media);
    auto answer = bob.receive_offer(*offer, bob_media);
    BOOST_TEST_REQUIRE(answer.has_value());
    auto got = alice.receive_answer(answer->sdp);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->codec.encoding_name == "PCMU");
    BOOST_TEST(answer->audio.codec.encoding_name == "PCMU");
    BOOST_TEST(got->rtcp_mux);
    BOOST_TEST(answer->audio.rtcp_mux);
    BOOST_TEST(got->remote.port == 50000);
    BOOST_TEST(answer->audio.remote.port == 40000);
    BOOST_TEST(got->send_telephone_event == 101);
    BOOST_TEST(got->receive_telephone_event == 101);
    BOOST_TEST(!alice.offer_outstanding());
}

BOOST_AUTO_TEST_CASE(asymmetric_payload_numbers_send_with_the_peers_and_receive_with_ours)
{
    seeded_random r{9};
    media_options o;
    o.codecs = {"opus"};
    offer_answer alice{o, r};
    auto offer = alice.create_offer(alice_media);
    auto const ours = parsed(*offer).media[0].formats[0];
    auto got = alice.receive_answer("v=0\r\no=- 5 5 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
                                    "m=audio 50000 RTP/AVP 120\r\na=rtpmap:120 opus/48000/2\r\n");
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->codec.send_payload_type == 120);
    BOOST_TEST(std::to_string(got->codec.receive_payload_type) == ours);
}

BOOST_AUTO_TEST_CASE(an_answer_with_an_unoffered_codec_is_a_bad_answer)
{
    seeded_random r{10};
    media_options o;
    o.codecs = {"PCMU"};
    offer_answer alice{o, r};
    (void)alice.create_offer(alice_media);
    auto got = alice.receive_answer("v=0\r\no=- 5 5 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n"
                                    "m=audio 50000 RTP/AVP 8\r\n");
    BOOST_TEST(got.error() == errc::bad_answer);
}

BOOST_AUTO_TEST_CASE(hold_offers_sendonly_and_the_held_side_answers_recvonly)
{
    seeded_random ra{11}, rb{12};
    offer_answer alice{{}, ra}, bob{{}, rb};
    (void)bob.receive_offer(*alice.create_offer(alice_media), bob_media);
    alice.set_local_hold(true);
    auto hold = alice.create_offer(alice_media);
    BOOST_TEST(parsed(*hold).media[0].explicit_direction() == sdp::direction::sendonly);
    auto answer = bob.receive_offer(*hold, bob_media);
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_TEST(answer->audio.direction == sdp::direction::recvonly);
    BOOST_TEST(answer->audio.remote_hold);
    auto got = alice.receive_answer(answer->sdp);
    BOOST_TEST(got->direction == sdp::direction::sendonly);
    BOOST_TEST(!got->remote_hold);

    // Both hold: Bob holds too while held, and the answer says inactive.
    bob.set_local_hold(true);
    auto both = alice.receive_offer(*bob.create_offer(bob_media), alice_media);
    BOOST_TEST(both->audio.direction == sdp::direction::inactive);
    BOOST_TEST(both->audio.remote_hold);
}

BOOST_AUTO_TEST_CASE(legacy_hold_with_a_zero_address_stops_our_sending)
{
    seeded_random r{13};
    offer_answer oa{{}, r};
    auto a = oa.receive_offer("v=0\r\no=- 1 2 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                              "m=audio 4000 RTP/AVP 0\r\n",
                              bob_media);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->audio.remote_hold);
    BOOST_TEST(!a->audio.may_send());
    BOOST_TEST(a->audio.may_receive());
}

BOOST_AUTO_TEST_CASE(the_version_goes_up_only_when_the_description_changes)
{
    seeded_random r{14};
    offer_answer oa{{}, r};
    auto v = [](std::string const& s) { return std::stoull(parsed(s).origin.session_version); };
    auto const first = v(*oa.create_offer(alice_media));
    oa.offer_rejected();
    BOOST_TEST(v(*oa.create_offer(alice_media)) == first);
    oa.offer_rejected();
    oa.set_local_hold(true);
    BOOST_TEST(v(*oa.create_offer(alice_media)) == first + 1);
}

BOOST_AUTO_TEST_CASE(custom_attributes_bandwidth_and_maxptime_are_in_offers_and_answers)
{
    seeded_random r{15};
    media_options o;
    o.max_bandwidth_kbps = 40;
    o.maxptime_ms = 40;
    o.custom_attributes = {{"label", "main"}, {"x-flag", ""}};
    offer_answer oa{o, r};
    auto m = parsed(*oa.create_offer(alice_media)).media[0];
    BOOST_TEST(m.attributes.find("label")->value == "main");
    BOOST_TEST(m.attributes.contains("x-flag"));
    BOOST_TEST(m.maxptime() == 40u);
    BOOST_TEST_REQUIRE(m.bandwidths.size() == 2u);
    BOOST_TEST(m.bandwidths[0].type == "AS");
    BOOST_TEST(m.bandwidths[1].value == 40000u);
    BOOST_TEST(std::string{*m.fmtp_for(std::stoi(m.formats[0]))->find_param("maxaveragebitrate")} == "40000");
    seeded_random r2{16};
    offer_answer answerer{o, r2};
    auto a = parsed(answerer.receive_offer(linphone_offer, bob_media)->sdp).media[0];
    BOOST_TEST(a.attributes.find("label")->value == "main");
}

BOOST_AUTO_TEST_CASE(sdes_keys_are_exchanged_and_each_side_receives_with_the_others)
{
    seeded_random ra{17}, rb{18};
    media_options o;
    o.srtp = srtp_policy::mandatory;
    offer_answer alice{o, ra}, bob{o, rb};
    auto offer = alice.create_offer(alice_media);
    auto const om = parsed(*offer).media[0];
    BOOST_TEST(om.proto == "RTP/SAVP");
    BOOST_TEST(om.cryptos().size() == 3u);
    auto answer = bob.receive_offer(*offer, bob_media);
    BOOST_TEST_REQUIRE(answer.has_value());
    auto const am = parsed(answer->sdp).media[0];
    BOOST_TEST_REQUIRE(am.cryptos().size() == 1u);
    BOOST_TEST(am.cryptos()[0].suite == "AES_CM_128_HMAC_SHA1_80");
    auto got = alice.receive_answer(answer->sdp);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST_REQUIRE(got->send_key.has_value());
    BOOST_TEST((*got->send_key == *answer->audio.receive_key));
    BOOST_TEST((*got->receive_key == *answer->audio.send_key));
    BOOST_TEST(!(*got->send_key == *got->receive_key));
}

BOOST_AUTO_TEST_CASE(srtp_policies_refuse_what_they_must)
{
    seeded_random r{19};
    media_options mandatory;
    mandatory.srtp = srtp_policy::mandatory;
    offer_answer strict{mandatory, r};
    BOOST_TEST(strict.receive_offer(linphone_offer, bob_media).error() == errc::srtp_required);

    seeded_random r2{20};
    offer_answer plain{{}, r2};
    seeded_random r3{21};
    offer_answer secure_offerer{mandatory, r3};
    BOOST_TEST(plain.receive_offer(*secure_offerer.create_offer(alice_media), bob_media).error() == errc::srtp_refused);

    // Optional: an RTP/AVP offer with keys; a plain answer is accepted without SRTP.
    seeded_random r4{22}, r5{23};
    media_options optional;
    optional.srtp = srtp_policy::optional;
    offer_answer opt{optional, r4}, plain_answerer{{}, r5};
    auto offer = opt.create_offer(alice_media);
    BOOST_TEST(parsed(*offer).media[0].proto == "RTP/AVP");
    auto answer = plain_answerer.receive_offer(*offer, bob_media);
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_TEST(!answer->audio.send_key);
    auto got = opt.receive_answer(answer->sdp);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(!got->send_key);
}

BOOST_AUTO_TEST_CASE(a_reoffer_with_a_new_key_gets_a_new_key_back)
{
    seeded_random ra{24}, rb{25}, ra2{26};
    media_options o;
    o.srtp = srtp_policy::mandatory;
    o.srtp_suites = {rvoip::rtp::crypto_suite::aes_cm_128_hmac_sha1_80};
    offer_answer alice{o, ra}, bob{o, rb};
    auto first = bob.receive_offer(*alice.create_offer(alice_media), bob_media);
    auto same = bob.receive_offer(*alice.create_offer(alice_media), bob_media);
    BOOST_TEST((*first->audio.send_key == *same->audio.send_key));
    offer_answer rekeyed{o, ra2}; // another key for the same call
    auto changed = bob.receive_offer(*rekeyed.create_offer(alice_media), bob_media);
    BOOST_TEST(!(*first->audio.send_key == *changed->audio.send_key));
}
