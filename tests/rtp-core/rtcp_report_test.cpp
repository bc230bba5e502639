// SR, RR, report blocks, SDES, BYE, APP, XR VoIP metrics: parse, build, and lying lengths.
#include <rvoip/rtp/rtcp_app.hpp>
#include <rvoip/rtp/rtcp_bye.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_sdes.hpp>
#include <rvoip/rtp/rtcp_writer.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>

#include "bytes.hpp"
#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <string>
#include <vector>

namespace rtp = rvoip::rtp;
using rvoip::rtp::test::hex;

namespace {
rtp::rtcp_packet_view first(std::vector<std::uint8_t> const& b)
{
    return rtp::parse_rtcp_packet(b).value();
}
} // namespace

BOOST_AUTO_TEST_SUITE(rtcp_report)

BOOST_AUTO_TEST_CASE(sender_report_with_one_block)
{
    auto const b = hex("81 C8 00 0C  11 22 33 44"              // SR, RC=1, SSRC
                       "E5 5A 42 1C 80 00 00 00  00 00 1F 40"  // NTP, RTP ts 8000
                       "00 00 00 32 00 00 1F 40"               // 50 packets, 8000 octets
                       "55 66 77 88 40 FF FF FE 00 01 00 10"   // fraction 64, lost -2
                       "00 00 00 2A 4C 1C 80 00 00 00 80 00"); // jitter 42, LSR, DLSR
    auto sr = rtp::parse_sender_report(first(b));
    BOOST_TEST_REQUIRE(sr.has_value());
    BOOST_TEST(sr->ssrc == 0x11223344u);
    BOOST_TEST(sr->info.ntp_timestamp == 0xE55A421C80000000ull);
    BOOST_TEST(sr->info.rtp_timestamp == 8000u);
    BOOST_TEST(sr->info.packet_count == 50u);
    BOOST_TEST(sr->info.octet_count == 8000u);
    BOOST_TEST_REQUIRE(sr->blocks.size() == 1u);
    auto const rb = sr->blocks[0];
    BOOST_TEST(rb.ssrc == 0x55667788u);
    BOOST_TEST(rb.fraction_lost == 64);
    BOOST_TEST(rb.cumulative_lost == -2);
    BOOST_TEST(rb.extended_highest_sequence == 0x00010010u);
    BOOST_TEST(rb.jitter == 42u);
    BOOST_TEST(rb.last_sr == 0x4C1C8000u);
    BOOST_TEST(rb.delay_since_last_sr == 0x8000u);
}

BOOST_AUTO_TEST_CASE(report_count_larger_than_the_body_is_bad_length)
{
    auto const sr = hex("82 C8 00 0C 11 22 33 44 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                        "00 00 00 00");
    BOOST_TEST(rtp::parse_sender_report(first(sr)).error() == rtp::errc::bad_length);
    auto const rr = hex("81 C9 00 01 00 00 00 01");
    BOOST_TEST(rtp::parse_receiver_report(first(rr)).error() == rtp::errc::bad_length);
    BOOST_TEST(rtp::parse_sender_report(first(hex("80 C9 00 01 00 00 00 01"))).error() ==
               rtp::errc::wrong_packet_type);
}

BOOST_AUTO_TEST_CASE(sdes_cname_and_other_items_across_chunks)
{
    // two chunks: SSRC 1 CNAME "user@host" NAME "A"; SSRC 2 CNAME "x"
    auto const b = hex("82 CA 00 07 00 00 00 01 01 09 75 73 65 72 40 68 6F 73 74 02 01 41 00 00"
                       "00 00 00 02 01 01 78 00");
    auto s = rtp::parse_sdes(first(b));
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->size() == 3u);
    BOOST_TEST(s->cname(1).value() == "user@host");
    BOOST_TEST(s->find(1, rtp::sdes_type::name).value() == "A");
    BOOST_TEST(s->cname(2).value() == "x");
    BOOST_TEST(!s->cname(3).has_value());
}

BOOST_AUTO_TEST_CASE(sdes_item_length_past_the_packet_is_bad_length)
{
    auto const item = hex("81 CA 00 02 00 00 00 01 01 09 75 73");
    BOOST_TEST(rtp::parse_sdes(first(item)).error() == rtp::errc::bad_length);
    auto const chunks = hex("82 CA 00 02 00 00 00 01 01 01 78 00"); // count 2, one chunk
    BOOST_TEST(rtp::parse_sdes(first(chunks)).error() == rtp::errc::bad_length);
    auto const no_end = hex("81 CA 00 02 00 00 00 01 01 02 78 79");
    BOOST_TEST(rtp::parse_sdes(first(no_end)).error() == rtp::errc::bad_length);
}

BOOST_AUTO_TEST_CASE(bye_with_reason)
{
    auto const b = hex("82 CB 00 04 00 00 00 01 00 00 00 02 05 62 79 65 21 21 00 00");
    auto bye = rtp::parse_bye(first(b));
    BOOST_TEST_REQUIRE(bye.has_value());
    BOOST_TEST(bye->size() == 2u);
    BOOST_TEST(bye->ssrc(1) == 2u);
    BOOST_TEST(bye->reason() == "bye!!");
    auto const lying = hex("81 CB 00 02 00 00 00 01 09 62 79 65");
    BOOST_TEST(rtp::parse_bye(first(lying)).error() == rtp::errc::bad_length);
    auto const count = hex("83 CB 00 01 00 00 00 01");
    BOOST_TEST(rtp::parse_bye(first(count)).error() == rtp::errc::bad_length);
}

BOOST_AUTO_TEST_CASE(app_name_and_data)
{
    auto const b = hex("85 CC 00 03 00 00 00 07 71 6F 73 31 01 02 03 04");
    auto app = rtp::parse_app(first(b));
    BOOST_TEST_REQUIRE(app.has_value());
    BOOST_TEST(app->subtype == 5);
    BOOST_TEST(app->ssrc == 7u);
    BOOST_TEST(app->name == "qos1");
    BOOST_TEST(app->data.size() == 4u);
    BOOST_TEST(rtp::parse_app(first(hex("80 CC 00 01 00 00 00 07"))).error() ==
               rtp::errc::bad_length);
}

BOOST_AUTO_TEST_CASE(xr_block_length_past_the_packet_is_bad_length)
{
    auto const b = hex("80 CF 00 02 00 00 00 01 07 00 00 08");
    BOOST_TEST(rtp::parse_xr(first(b)).error() == rtp::errc::bad_length);
}

BOOST_AUTO_TEST_CASE(writer_builds_a_compound_packet_that_parses_back)
{
    std::array<std::uint8_t, 512> buf{};
    rtp::rtcp_writer w(buf);
    rtp::sender_info const info{0x0102030405060708ull, 160, 3, 480};
    std::array<rtp::report_block, 2> blocks{};
    blocks[0] = {9, 25, -3, 70000, 12, 0xAABBCCDD, 65536};
    blocks[1] = {10, 255, 0x7FFFFF, 5, 0, 0, 0};
    BOOST_TEST(!w.add_sender_report(1, info, blocks));
    BOOST_TEST(!w.add_sdes_cname(1, "alice@example.com"));
    std::array<std::uint32_t, 1> const gone{1};
    BOOST_TEST(!w.add_bye(gone, "done"));
    std::array<std::uint8_t, 8> const data{1, 2, 3, 4, 5, 6, 7, 8};
    BOOST_TEST(!w.add_app(3, 1, "TEST", data));
    rtp::voip_metrics m;
    m.ssrc = 9;
    m.loss_rate = 12;
    m.discard_rate = 3;
    m.round_trip_delay = 45;
    m.r_factor = 90;
    m.mos_lq = 41;
    m.mos_cq = 40;
    m.jb_nominal = 40;
    m.jb_maximum = 120;
    m.jb_abs_max = 200;
    BOOST_TEST(!w.add_xr_voip_metrics(1, m));

    auto c = rtp::parse_compound(w.bytes());
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST_REQUIRE(c->size() == 5u);
    auto it = c->begin();
    auto sr = rtp::parse_sender_report(*it++).value();
    BOOST_TEST((sr.info == info));
    BOOST_TEST_REQUIRE(sr.blocks.size() == 2u);
    BOOST_TEST((sr.blocks[0] == blocks[0]));
    BOOST_TEST((sr.blocks[1] == blocks[1]));
    BOOST_TEST(rtp::parse_sdes(*it++).value().cname(1).value() == "alice@example.com");
    auto bye = rtp::parse_bye(*it++).value();
    BOOST_TEST(bye.reason() == "done");
    auto app = rtp::parse_app(*it++).value();
    BOOST_TEST(app.name == "TEST");
    BOOST_TEST(app.data[7] == 8);
    auto xr = rtp::parse_xr(*it++).value();
    BOOST_TEST(xr.ssrc() == 1u);
    std::array<rtp::xr_block, 4> xb{};
    BOOST_TEST_REQUIRE(xr.blocks(xb) == 1u);
    BOOST_TEST((rtp::parse_voip_metrics(xb[0]).value() == m));
    BOOST_TEST((it == c->end()));
}

BOOST_AUTO_TEST_CASE(writer_sdes_groups_items_into_chunks)
{
    std::array<std::uint8_t, 128> buf{};
    rtp::rtcp_writer w(buf);
    std::array<rtp::sdes_item, 3> const items{{{1, rtp::sdes_type::cname, "abc"},
                                               {1, rtp::sdes_type::tool, "rvoip"},
                                               {2, rtp::sdes_type::cname, "d"}}};
    BOOST_TEST(!w.add_sdes(items));
    BOOST_TEST(w.size() % 4 == 0u);
    auto s = rtp::parse_sdes(rtp::parse_rtcp_packet(w.bytes()).value()).value();
    BOOST_TEST(s.size() == 3u);
    BOOST_TEST(s.find(1, rtp::sdes_type::tool).value() == "rvoip");
    BOOST_TEST(s.cname(2).value() == "d");
}

BOOST_AUTO_TEST_CASE(writer_reports_full_buffers_and_bad_arguments)
{
    std::array<std::uint8_t, 16> small{};
    rtp::rtcp_writer w(small);
    BOOST_TEST(!w.add_receiver_report(1, {}));
    BOOST_TEST(w.add_sdes_cname(1, "too long for the rest") == rtp::errc::buffer_too_small);
    BOOST_TEST(w.size() == 8u); // nothing half-written
    std::array<rtp::report_block, 32> many{};
    std::array<std::uint8_t, 1024> big{};
    rtp::rtcp_writer w2(big);
    BOOST_TEST(w2.add_receiver_report(1, many) == rtp::errc::bad_argument);
    BOOST_TEST(w2.add_app(1, 1, "ABC", {}) == rtp::errc::bad_argument);
}

BOOST_AUTO_TEST_SUITE_END()
