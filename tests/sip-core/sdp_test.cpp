#include <rvoip/sip/sdp.hpp>

#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace rvoip::sip;
using namespace rvoip::sip::sdp;

namespace {

// The body of a corpus message: everything after the blank line.
std::string corpus_body(std::string const& name)
{
    auto const msg = rvoip::test::corpus(name);
    auto const blank = msg.find("\r\n\r\n");
    BOOST_TEST_REQUIRE(blank != std::string::npos);
    return msg.substr(blank + 4);
}

session_description parse_ok(std::string const& text)
{
    auto d = parse_sdp(text);
    BOOST_TEST_REQUIRE(d.has_value(), "parse failed: " << text);
    return *d;
}

bool rejected(std::string const& text)
{
    auto const d = parse_sdp(text);
    return !d && d.error() == errc::bad_sdp;
}

std::string const minimal = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";

} // namespace

BOOST_AUTO_TEST_SUITE(sdp)

BOOST_AUTO_TEST_CASE(corpus_invite_reads_origin_name_and_timing)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    BOOST_TEST(d.version == 0u);
    BOOST_TEST(d.origin.username == "-");
    BOOST_TEST(d.origin.session_id == "3912345678");
    BOOST_TEST(d.origin.session_version == "3912345678");
    BOOST_TEST(d.origin.nettype == "IN");
    BOOST_TEST(d.origin.addrtype == "IP4");
    BOOST_TEST(d.origin.unicast_address == "192.0.2.10");
    BOOST_TEST(d.session_name == "pjmedia");
    BOOST_TEST_REQUIRE(d.timings.size() == 1u);
    BOOST_TEST(d.timings[0].start == 0u);
    BOOST_TEST(d.timings[0].stop == 0u);
    BOOST_TEST(!d.connection.has_value());
}

BOOST_AUTO_TEST_CASE(corpus_invite_media_line_lists_formats_in_order)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    BOOST_TEST_REQUIRE(d.media.size() == 1u);
    auto const& m = d.media[0];
    BOOST_TEST(m.media == "audio");
    BOOST_TEST(m.port == 4000u);
    BOOST_TEST(!m.port_count.has_value());
    BOOST_TEST(m.proto == "RTP/AVP");
    std::vector<std::string> const want{"96", "9", "8", "0", "101", "102"};
    BOOST_TEST(m.formats == want, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(m.connections.size() == 1u);
    BOOST_TEST(m.connections[0].address == "192.0.2.10");
    BOOST_TEST(m.effective_connection(d) == &m.connections[0]);
}

BOOST_AUTO_TEST_CASE(corpus_invite_opus_rtpmap_is_48000_hz_stereo)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const opus = d.media.at(0).rtpmap_for(96);
    BOOST_TEST_REQUIRE(opus.has_value());
    BOOST_TEST(opus->encoding_name == "opus");
    BOOST_TEST(opus->clock_rate == 48000u);
    BOOST_TEST_REQUIRE(opus->channels.has_value());
    BOOST_TEST(*opus->channels == 2u);
}

BOOST_AUTO_TEST_CASE(corpus_invite_g722_pcma_pcmu_are_8000_hz_without_channels)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const& m = d.media.at(0);
    for (auto const& [pt, name] : {std::pair{9, "G722"}, {8, "PCMA"}, {0, "PCMU"}}) {
        auto const r = m.rtpmap_for(pt);
        BOOST_TEST_REQUIRE(r.has_value());
        BOOST_TEST(r->encoding_name == name);
        BOOST_TEST(r->clock_rate == 8000u);
        BOOST_TEST(!r->channels.has_value());
    }
    BOOST_TEST(!m.rtpmap_for(18).has_value());
    BOOST_TEST(m.rtpmaps().size() == 6u);
}

BOOST_AUTO_TEST_CASE(corpus_invite_has_telephone_event_at_both_clock_rates)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const& m = d.media.at(0);
    auto const te48 = m.rtpmap_for(101);
    auto const te8 = m.rtpmap_for(102);
    BOOST_TEST_REQUIRE((te48 && te8));
    BOOST_TEST(te48->encoding_name == "telephone-event");
    BOOST_TEST(te48->clock_rate == 48000u);
    BOOST_TEST(te8->encoding_name == "telephone-event");
    BOOST_TEST(te8->clock_rate == 8000u);
}

BOOST_AUTO_TEST_CASE(corpus_invite_fmtp_parameters_are_readable)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const& m = d.media.at(0);
    auto const opus = m.fmtp_for(96);
    BOOST_TEST_REQUIRE(opus.has_value());
    BOOST_TEST(opus->parameters == "useinbandfec=1");
    BOOST_TEST(opus->find_param("useinbandfec").value_or("") == "1");
    BOOST_TEST(!opus->find_param("stereo").has_value());
    auto const te = m.fmtp_for(101);
    BOOST_TEST_REQUIRE(te.has_value());
    auto const params = te->params();
    BOOST_TEST_REQUIRE(params.size() == 1u);
    BOOST_TEST(params[0].name == "0-16");
    BOOST_TEST(!params[0].has_value);
    BOOST_TEST(!m.fmtp_for(0).has_value());
}

BOOST_AUTO_TEST_CASE(fmtp_params_split_on_semicolons_and_trim_blanks)
{
    auto const f = parse_fmtp("111 minptime=10; useinbandfec=1;stereo = 1");
    BOOST_TEST_REQUIRE(f.has_value());
    BOOST_TEST(f->payload_type().value_or(-1) == 111);
    auto const params = f->params();
    BOOST_TEST_REQUIRE(params.size() == 3u);
    BOOST_TEST(params[1].name == "useinbandfec");
    BOOST_TEST(params[2].name == "stereo");
    BOOST_TEST(params[2].value == "1");
    BOOST_TEST(f->find_param("MINPTIME").value_or("") == "10");
}

BOOST_AUTO_TEST_CASE(corpus_invite_rtcp_attribute_gives_port_and_address)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const& m = d.media.at(0);
    auto const r = m.rtcp_attribute();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->port == 4001u);
    BOOST_TEST(r->nettype == "IN");
    BOOST_TEST(r->addrtype == "IP4");
    BOOST_TEST(r->address == "192.0.2.10");
    BOOST_TEST(!m.rtcp_mux());
}

BOOST_AUTO_TEST_CASE(rtcp_attribute_may_be_just_a_port)
{
    auto const r = parse_rtcp("53020");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->port == 53020u);
    BOOST_TEST(r->address.empty());
    BOOST_TEST(!parse_rtcp("70000").has_value());
}

BOOST_AUTO_TEST_CASE(corpus_invite_bandwidths_at_session_and_media_level)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    BOOST_TEST_REQUIRE(d.bandwidths.size() == 1u);
    BOOST_TEST(d.bandwidths[0].type == "AS");
    BOOST_TEST(d.bandwidths[0].value == 84u);
    BOOST_TEST_REQUIRE(d.media.at(0).bandwidths.size() == 1u);
    BOOST_TEST(d.media[0].bandwidths[0].type == "TIAS");
    BOOST_TEST(d.media[0].bandwidths[0].value == 64000u);
}

BOOST_AUTO_TEST_CASE(corpus_answer_reads_ptime_maxptime_and_direction)
{
    auto const d = parse_ok(corpus_body("04_200_ok_invite_sdp.sip"));
    BOOST_TEST_REQUIRE(d.connection.has_value());
    BOOST_TEST(d.connection->address == "203.0.113.20");
    auto const& m = d.media.at(0);
    BOOST_TEST(m.port == 18542u);
    BOOST_TEST(m.ptime().value_or(0) == 20u);
    BOOST_TEST(m.maxptime().value_or(0) == 150u);
    BOOST_TEST((m.explicit_direction() == direction::sendrecv));
    BOOST_TEST((m.effective_direction(d) == direction::sendrecv));
    BOOST_TEST(m.effective_connection(d) == &*d.connection);
}

BOOST_AUTO_TEST_CASE(canonical_corpus_bodies_serialize_back_byte_for_byte)
{
    for (auto const* name : {"01_invite_sdp_auth.sip", "04_200_ok_invite_sdp.sip"}) {
        auto const body = corpus_body(name);
        BOOST_TEST(to_string(parse_ok(body)) == body);
    }
}

BOOST_AUTO_TEST_CASE(bare_lf_line_ends_parse_like_crlf)
{
    auto const body = corpus_body("01_invite_sdp_auth.sip");
    std::string lf;
    for (char c : body)
        if (c != '\r')
            lf += c;
    BOOST_TEST((parse_ok(lf) == parse_ok(body)));
}

BOOST_AUTO_TEST_CASE(sloppy_spacing_reparses_to_the_same_model)
{
    auto const text = std::string("v=0\no=alice  2890844526 2890844527\tIN IP4 host.example\n"
                                  "s= \nc=IN IP4 224.2.17.12/127/3\nt=0 0 \n"
                                  "m=video 51372/2  RTP/AVP 31 32\na=sendonly \n");
    auto const d = parse_ok(text);
    BOOST_TEST(d.connection->address == "224.2.17.12/127/3");
    BOOST_TEST(d.media.at(0).port_count.value_or(0) == 2u);
    BOOST_TEST((d.media[0].explicit_direction() == direction::sendonly));
    BOOST_TEST((parse_ok(to_string(d)) == d));
}

BOOST_AUTO_TEST_CASE(unknown_attributes_are_kept_in_order_and_round_trip)
{
    auto const d = parse_ok(corpus_body("01_invite_sdp_auth.sip"));
    auto const* nat = d.attributes.find("X-nat");
    BOOST_TEST_REQUIRE(nat != nullptr);
    BOOST_TEST(nat->value == "0");
    BOOST_TEST(nat->has_value);
    auto const& m = d.media.at(0);
    auto const& last = m.attributes[m.attributes.size() - 1];
    BOOST_TEST(last.name == "ssrc");
    BOOST_TEST(last.value == "1284726571 cname:6e0b2f4a1c3d5e7f");
    BOOST_TEST(to_string(d).find("a=ssrc:1284726571 cname:6e0b2f4a1c3d5e7f\r\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(crypto_rfc4568_example_reads_key_lifetime_and_mki)
{
    auto const d =
        parse_ok(minimal + "m=audio 49170 RTP/SAVP 0\r\n"
                           "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                           "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n");
    auto const cs = d.media.at(0).cryptos();
    BOOST_TEST_REQUIRE(cs.size() == 1u);
    auto const& c = cs[0];
    BOOST_TEST(c.tag == 1u);
    BOOST_TEST(c.suite == "AES_CM_128_HMAC_SHA1_80");
    BOOST_TEST_REQUIRE(c.keys.size() == 1u);
    BOOST_TEST(c.keys[0].method == "inline");
    BOOST_TEST(c.keys[0].key_salt == "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    BOOST_TEST(c.keys[0].lifetime.value_or(0) == 1048576u);
    BOOST_TEST(c.keys[0].mki.value_or(0) == 1u);
    BOOST_TEST(c.keys[0].mki_length.value_or(0) == 32u);
    BOOST_TEST(c.session_params.empty());
    BOOST_TEST(to_string(c) == d.media[0].attributes.find("crypto")->value);
}

BOOST_AUTO_TEST_CASE(crypto_inline_key_decodes_to_30_bytes_of_key_and_salt)
{
    auto const c = parse_crypto("1 AES_CM_128_HMAC_SHA1_80 "
                                "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    BOOST_TEST_REQUIRE(c.has_value());
    auto const bytes = c->keys.at(0).key_salt_bytes();
    BOOST_TEST_REQUIRE(bytes.has_value());
    BOOST_TEST(bytes->size() == 30u);
    BOOST_TEST(bytes->front() == 0x3Du); // 'P' 'S' -> 001111 010010 -> 0x3D
}

BOOST_AUTO_TEST_CASE(crypto_keeps_several_keys_and_session_params)
{
    auto const c = parse_crypto("2 AES_CM_128_HMAC_SHA1_32 "
                                "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:4;"
                                "inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|1:4 "
                                "KDR=1 UNENCRYPTED_SRTCP");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->keys.size() == 2u);
    BOOST_TEST(!c->keys[1].lifetime.has_value());
    BOOST_TEST(c->keys[1].mki.value_or(0) == 1u);
    BOOST_TEST(c->session_params.size() == 2u);
    BOOST_TEST(c->session_params[1] == "UNENCRYPTED_SRTCP");
}

BOOST_AUTO_TEST_CASE(malformed_crypto_is_rejected)
{
    BOOST_TEST(!parse_crypto("1 AES_CM_128_HMAC_SHA1_80").has_value());
    BOOST_TEST(!parse_crypto("x AES_CM_128_HMAC_SHA1_80 inline:abc").has_value());
    BOOST_TEST(!parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^64").has_value());
    BOOST_TEST(!parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:abc|1:200").has_value());
    BOOST_TEST(!parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:a!c").has_value());
    BOOST_TEST(rejected(minimal + "m=audio 1 RTP/SAVP 0\r\na=crypto:1 X inline:\r\n"));
}

BOOST_AUTO_TEST_CASE(rtcp_mux_flag_is_detected)
{
    auto const d = parse_ok(minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtcp-mux\r\n");
    BOOST_TEST(d.media.at(0).rtcp_mux());
    BOOST_TEST(d.media[0].proto == "UDP/TLS/RTP/SAVPF");
}

BOOST_AUTO_TEST_CASE(media_direction_overrides_session_direction)
{
    auto const d = parse_ok(minimal + "a=sendonly\r\n"
                                      "m=audio 4000 RTP/AVP 0\r\na=recvonly\r\n"
                                      "m=video 4002 RTP/AVP 31\r\n");
    BOOST_TEST((d.explicit_direction() == direction::sendonly));
    BOOST_TEST((d.media.at(0).effective_direction(d) == direction::recvonly));
    BOOST_TEST((d.media.at(1).effective_direction(d) == direction::sendonly));
}

BOOST_AUTO_TEST_CASE(direction_defaults_to_sendrecv)
{
    auto const d = parse_ok(minimal + "m=audio 4000 RTP/AVP 0\r\n");
    BOOST_TEST(!d.media.at(0).explicit_direction().has_value());
    BOOST_TEST((d.media[0].effective_direction(d) == direction::sendrecv));
}

BOOST_AUTO_TEST_CASE(missing_time_line_reads_as_t_0_0)
{
    auto const d = parse_ok("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n");
    BOOST_TEST_REQUIRE(d.timings.size() == 1u);
    BOOST_TEST(d.timings[0].start == 0u);
    BOOST_TEST(to_string(d).find("t=0 0\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(repeat_lines_stay_with_their_time_line)
{
    auto const d = parse_ok("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
                            "t=3034423619 3042462419\r\nr=604800 3600 0 90000\r\n"
                            "z=2882844526 -1h\r\nk=prompt\r\n");
    BOOST_TEST_REQUIRE(d.timings.size() == 1u);
    BOOST_TEST(d.timings[0].start == 3034423619u);
    BOOST_TEST(d.timings[0].repeats.at(0) == "604800 3600 0 90000");
    BOOST_TEST(d.zone_adjustments.value_or("") == "2882844526 -1h");
    BOOST_TEST(d.key.value_or("") == "prompt");
}

BOOST_AUTO_TEST_CASE(empty_and_garbage_inputs_are_rejected)
{
    BOOST_TEST(rejected(""));
    BOOST_TEST(rejected("\r\n"));
    BOOST_TEST(rejected("hello world"));
    BOOST_TEST(rejected(std::string("\x00\xff\x80=", 4)));
}

BOOST_AUTO_TEST_CASE(line_without_equals_is_rejected)
{
    BOOST_TEST(rejected(minimal + "a rtcp-mux\r\n"));
    BOOST_TEST(rejected(minimal + "x\r\n"));
}

BOOST_AUTO_TEST_CASE(media_line_with_bad_port_is_rejected)
{
    BOOST_TEST(rejected(minimal + "m=audio abc RTP/AVP 0\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 65536 RTP/AVP 0\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 4000/x RTP/AVP 0\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 4000 RTP/AVP\r\n"));
}

BOOST_AUTO_TEST_CASE(rtpmap_with_bad_payload_type_is_rejected)
{
    BOOST_TEST(rejected(minimal + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:x PCMU/8000\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:128 PCMU/8000\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n"));
}

BOOST_AUTO_TEST_CASE(missing_or_misordered_leading_fields_are_rejected)
{
    BOOST_TEST(rejected("o=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"));
    BOOST_TEST(rejected("v=0\r\ns=-\r\nt=0 0\r\n"));
    BOOST_TEST(rejected("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n"));
    BOOST_TEST(rejected("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"));
    BOOST_TEST(rejected("v=0\r\no=- x 1 IN IP4 192.0.2.1\r\ns=-\r\n"));
}

BOOST_AUTO_TEST_CASE(unknown_letters_and_bad_line_shapes_are_rejected)
{
    BOOST_TEST(rejected(minimal + "y=0123456789\r\n"));
    BOOST_TEST(rejected(minimal + "A=sendrecv\r\n"));
    BOOST_TEST(rejected(minimal + "a=send\rrecv\r\n"));
    BOOST_TEST(rejected(minimal + "\r\na=sendrecv\r\n"));
    BOOST_TEST(rejected(minimal + "m=audio 4000 RTP/AVP 0\r\nt=0 0\r\n"));
    BOOST_TEST(rejected(minimal + "c=IN IP4 a\r\nc=IN IP4 b\r\n"));
    BOOST_TEST(rejected(minimal + "a=\r\n"));
}

BOOST_AUTO_TEST_CASE(trailing_blank_lines_are_accepted)
{
    BOOST_TEST(parse_sdp(minimal + "\r\n\r\n").has_value());
}

BOOST_AUTO_TEST_CASE(more_than_max_media_sections_is_rejected)
{
    std::string text = minimal;
    for (std::size_t i = 0; i < max_media; ++i)
        text += "m=audio 4000 RTP/AVP 0\r\n";
    BOOST_TEST(parse_sdp(text).has_value());
    BOOST_TEST(rejected(text + "m=audio 4000 RTP/AVP 0\r\n"));
}

BOOST_AUTO_TEST_CASE(more_than_max_attributes_is_rejected)
{
    std::string text = minimal;
    for (std::size_t i = 0; i < max_attributes; ++i)
        text += "a=x\r\n";
    BOOST_TEST(parse_sdp(text).has_value());
    BOOST_TEST(rejected(text + "a=x\r\n"));
}

BOOST_AUTO_TEST_CASE(offer_built_from_scratch_serializes_in_rfc_order)
{
    session_description d;
    d.origin.session_id = "42";
    d.origin.session_version = "1";
    d.origin.unicast_address = "192.0.2.1";
    d.connection = connection{"IN", "IP4", "192.0.2.1"};
    media_description m;
    m.port = 5004;
    m.set_rtpmap({0, "PCMU", 8000, std::nullopt});
    m.set_rtpmap({101, "telephone-event", 8000, std::nullopt});
    m.set_fmtp({"101", "0-16"});
    m.set_ptime(20);
    m.set_rtcp_mux(true);
    m.set_direction(direction::sendrecv);
    m.add_crypto({1,
                  "AES_CM_128_HMAC_SHA1_80",
                  {{"inline", "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", 1u << 20, 1, 32}},
                  {}});
    d.media.push_back(m);
    BOOST_TEST(to_string(d) == "v=0\r\n"
                               "o=- 42 1 IN IP4 192.0.2.1\r\n"
                               "s=-\r\n"
                               "c=IN IP4 192.0.2.1\r\n"
                               "t=0 0\r\n"
                               "m=audio 5004 RTP/AVP 0 101\r\n"
                               "a=rtpmap:0 PCMU/8000\r\n"
                               "a=rtpmap:101 telephone-event/8000\r\n"
                               "a=fmtp:101 0-16\r\n"
                               "a=ptime:20\r\n"
                               "a=rtcp-mux\r\n"
                               "a=sendrecv\r\n"
                               "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                               "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n");
    BOOST_TEST(validate(d).has_value());
    BOOST_TEST((parse_ok(to_string(d)) == d));
}

BOOST_AUTO_TEST_CASE(setters_replace_rather_than_duplicate)
{
    auto d = parse_ok(corpus_body("04_200_ok_invite_sdp.sip"));
    auto& m = d.media.at(0);
    m.set_direction(direction::inactive);
    m.set_rtpmap({9, "G722", 16000, std::nullopt});
    m.set_fmtp({"101", "0-15"});
    m.set_ptime(30);
    m.set_rtcp_mux(true);
    m.set_rtcp_mux(false);
    BOOST_TEST((m.explicit_direction() == direction::inactive));
    BOOST_TEST(m.attributes.find_all("sendrecv").empty());
    BOOST_TEST(m.attributes.find_all("rtpmap").size() == 2u);
    BOOST_TEST(m.rtpmap_for(9)->clock_rate == 16000u);
    BOOST_TEST(m.fmtp_for(101)->parameters == "0-15");
    BOOST_TEST(m.ptime().value_or(0) == 30u);
    BOOST_TEST(!m.rtcp_mux());
    BOOST_TEST(m.formats.size() == 2u);
}

BOOST_AUTO_TEST_CASE(validate_rejects_values_that_would_inject_lines)
{
    session_description d;
    d.origin.unicast_address = "192.0.2.1";
    BOOST_TEST(validate(d).has_value());
    d.session_name = "x\r\nm=audio 1 RTP/AVP 0";
    BOOST_TEST((validate(d).error() == errc::bad_argument));
}

BOOST_AUTO_TEST_SUITE_END()
