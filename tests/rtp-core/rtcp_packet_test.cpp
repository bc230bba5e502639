// RTCP common header, compound validation (RFC 3550 §6.1, A.2) and rtcp-mux (RFC 5761 §4).
#include <rvoip/rtp/demux.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include "bytes.hpp"
#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

namespace rtp = rvoip::rtp;
using rvoip::rtp::test::hex;

BOOST_AUTO_TEST_SUITE(rtcp_packet)

BOOST_AUTO_TEST_CASE(compound_lists_every_packet_in_order)
{
    auto const b = hex("80 C9 00 01 00 00 00 01 81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00");
    auto c = rtp::parse_compound(b);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->size() == 2u);
    std::vector<rtp::rtcp_type> types;
    for (auto p : *c)
        types.push_back(p.type());
    BOOST_TEST_REQUIRE(types.size() == 2u);
    BOOST_TEST((types[0] == rtp::rtcp_type::receiver_report));
    BOOST_TEST((types[1] == rtp::rtcp_type::sdes));
}

BOOST_AUTO_TEST_CASE(length_field_past_the_datagram_is_truncated)
{
    auto const b = hex("80 C9 00 05 00 00 00 01");
    BOOST_TEST(rtp::parse_compound(b).error() == rtp::errc::truncated);
    BOOST_TEST(rtp::parse_compound(hex("80 C9 00")).error() == rtp::errc::truncated);
    BOOST_TEST(rtp::parse_compound({}).error() == rtp::errc::truncated);
}

BOOST_AUTO_TEST_CASE(trailing_bytes_after_the_last_packet_are_rejected)
{
    // 3 extra bytes cannot form a header; 4 extra with version 0 are a bad version
    BOOST_TEST(rtp::parse_compound(hex("80 C9 00 01 00 00 00 01 80 C9 00")).error() ==
               rtp::errc::truncated);
    BOOST_TEST(rtp::parse_compound(hex("80 C9 00 01 00 00 00 01 00 00 00 00")).error() ==
               rtp::errc::bad_version);
}

BOOST_AUTO_TEST_CASE(first_packet_must_be_a_report)
{
    auto const sdes_first = hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00");
    BOOST_TEST(rtp::parse_compound(sdes_first).error() == rtp::errc::bad_compound);
    BOOST_TEST(rtp::parse_compound(sdes_first, {.report_first = false}).has_value());
}

BOOST_AUTO_TEST_CASE(padding_only_in_the_last_packet)
{
    auto const inner = hex("A0 C9 00 01 00 00 00 01 80 C9 00 01 00 00 00 01");
    BOOST_TEST(rtp::parse_compound(inner).error() == rtp::errc::bad_compound);
    // last packet padded with 4 bytes: the body holds the SSRC only
    auto const last = hex("80 C9 00 01 00 00 00 01 A0 C9 00 02 00 00 00 02 00 00 00 04");
    auto c = rtp::parse_compound(last);
    BOOST_TEST_REQUIRE(c.has_value());
    auto it = c->begin();
    ++it;
    BOOST_TEST((*it).body().size() == 4u);
    auto const lying = hex("80 C9 00 01 00 00 00 01 A0 C9 00 01 00 00 00 09");
    BOOST_TEST(rtp::parse_compound(lying).error() == rtp::errc::bad_padding);
}

BOOST_AUTO_TEST_CASE(rtcp_mux_uses_the_192_to_223_range)
{
    auto const rtp_pcmu = hex("80 00 00 01 00 00 00 00 00 00 00 01");
    auto const rtp_marker_96 = hex("80 E0 00 01 00 00 00 00 00 00 00 01"); // 224: PT 96 + M
    auto const sr = hex("80 C8 00 06 00 00 00 01");
    auto const low_edge = hex("80 C0 00 00");  // 192
    auto const high_edge = hex("80 DF 00 00"); // 223
    auto const stun = hex("00 01 00 00 21 12 A4 42");
    BOOST_TEST((rtp::classify(rtp_pcmu) == rtp::packet_kind::rtp));
    BOOST_TEST((rtp::classify(rtp_marker_96) == rtp::packet_kind::rtp));
    BOOST_TEST((rtp::classify(sr) == rtp::packet_kind::rtcp));
    BOOST_TEST((rtp::classify(low_edge) == rtp::packet_kind::rtcp));
    BOOST_TEST((rtp::classify(high_edge) == rtp::packet_kind::rtcp));
    BOOST_TEST((rtp::classify(hex("80 BF 00 00")) == rtp::packet_kind::rtp)); // 191
    BOOST_TEST((rtp::classify(stun) == rtp::packet_kind::other));
    BOOST_TEST((rtp::classify(hex("80")) == rtp::packet_kind::other));
}

BOOST_AUTO_TEST_SUITE_END()
