// RTP fixed header, CSRCs, padding and RFC 8285 extensions (RFC 3550 §5.1, RFC 8285 §4).
#include <rvoip/rtp/packet.hpp>

#include "bytes.hpp"
#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <vector>

namespace rtp = rvoip::rtp;
using rvoip::rtp::test::hex;

BOOST_AUTO_TEST_SUITE(rtp_packet)

BOOST_AUTO_TEST_CASE(fixed_header_fields_are_read_in_network_order)
{
    // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x01020304 | payload
    auto const b = hex("80 80 12 34 DE AD BE EF 01 02 03 04 AA BB");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->version() == 2);
    BOOST_TEST(p->marker());
    BOOST_TEST(p->payload_type() == 0);
    BOOST_TEST(p->sequence_number() == 0x1234);
    BOOST_TEST(p->timestamp() == 0xDEADBEEFu);
    BOOST_TEST(p->ssrc() == 0x01020304u);
    BOOST_TEST(p->payload().size() == 2u);
    BOOST_TEST(p->payload()[0] == 0xAA);
    BOOST_TEST(p->header_size() == 12u);
}

BOOST_AUTO_TEST_CASE(csrc_list_follows_the_ssrc)
{
    auto const b = hex("82 08 00 01 00 00 00 64 00 00 00 01 00 00 00 0A 00 00 00 0B FF");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->payload_type() == 8);
    BOOST_TEST(p->csrc_count() == 2u);
    BOOST_TEST(p->csrc(0) == 10u);
    BOOST_TEST(p->csrc(1) == 11u);
    BOOST_TEST(p->payload().size() == 1u);
}

BOOST_AUTO_TEST_CASE(padding_count_includes_itself_and_is_removed_from_the_payload)
{
    auto const b = hex("A0 00 00 01 00 00 00 00 00 00 00 01 11 22 00 00 03");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->padding_size() == 3u);
    BOOST_TEST(p->payload().size() == 2u);
}

BOOST_AUTO_TEST_CASE(short_packets_are_truncated)
{
    for (std::size_t n = 0; n < 12; ++n) {
        std::vector<std::uint8_t> b(n, 0x80);
        BOOST_TEST(rtp::parse_packet(b).error() == rtp::errc::truncated);
    }
}

BOOST_AUTO_TEST_CASE(version_other_than_two_is_rejected)
{
    for (auto first : {0x00, 0x40, 0xC0}) {
        auto b = hex("00 00 00 01 00 00 00 00 00 00 00 01");
        b[0] = static_cast<std::uint8_t>(first);
        BOOST_TEST(rtp::parse_packet(b).error() == rtp::errc::bad_version);
    }
}

BOOST_AUTO_TEST_CASE(csrc_count_longer_than_the_packet_is_truncated)
{
    auto const b = hex("8F 00 00 01 00 00 00 00 00 00 00 01 00 00 00 0A");
    BOOST_TEST(rtp::parse_packet(b).error() == rtp::errc::truncated);
}

BOOST_AUTO_TEST_CASE(lying_padding_counts_are_rejected)
{
    // zero count, and a count that eats into the header
    auto zero = hex("A0 00 00 01 00 00 00 00 00 00 00 01 11 00");
    BOOST_TEST(rtp::parse_packet(zero).error() == rtp::errc::bad_padding);
    auto big = hex("A0 00 00 01 00 00 00 00 00 00 00 01 11 05");
    BOOST_TEST(rtp::parse_packet(big).error() == rtp::errc::bad_padding);
    // all of the payload may be padding
    auto all = hex("A0 00 00 01 00 00 00 00 00 00 00 01 00 02");
    BOOST_TEST(rtp::parse_packet(all).value().payload().empty());
}

BOOST_AUTO_TEST_CASE(extension_length_past_the_end_is_truncated)
{
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 02 10 AA 00 00");
    BOOST_TEST(rtp::parse_packet(b).error() == rtp::errc::truncated);
    auto const no_header = hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE");
    BOOST_TEST(rtp::parse_packet(no_header).error() == rtp::errc::truncated);
}

BOOST_AUTO_TEST_CASE(one_byte_extension_elements_with_padding)
{
    // RFC 8285 §4.2 figure: id 1 len 1 (L=0), id 2 len 2 (L=1), then padding, id 3 len 4.
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 03"
                       "10 AA 21 BB BB 00 00 33 CC CC CC CC 77");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->extension_profile() == rtp::one_byte_profile);
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST_REQUIRE(got.size() == 3u);
    BOOST_TEST(got[0].id == 1);
    BOOST_TEST(got[0].data.size() == 1u);
    BOOST_TEST(got[1].id == 2);
    BOOST_TEST(got[1].data.size() == 2u);
    BOOST_TEST(got[2].id == 3);
    BOOST_TEST(got[2].data.size() == 4u);
    BOOST_TEST(got[2].data[3] == 0xCC);
    BOOST_TEST(p->payload().size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_byte_id_15_stops_processing)
{
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 10 AA F3 99");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST(got.size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_byte_element_overrunning_its_block_is_bad_extension)
{
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 13 AA BB CC 00 00 00 00");
    BOOST_TEST(rtp::parse_packet(b).error() == rtp::errc::bad_extension);
}

BOOST_AUTO_TEST_CASE(two_byte_extension_elements_allow_empty_data)
{
    // RFC 8285 §4.3: 0x100 + appbits, ID(8) L(8); L = 0 is allowed.
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 10 05 00 02"
                       "01 00 20 03 AA BB CC 00");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[0].id == 1);
    BOOST_TEST(got[0].data.empty());
    BOOST_TEST(got[1].id == 32);
    BOOST_TEST(got[1].data.size() == 3u);
    auto const bad = hex("90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 01 05 09 00 00");
    BOOST_TEST(rtp::parse_packet(bad).error() == rtp::errc::bad_extension);
}

BOOST_AUTO_TEST_CASE(other_extension_profiles_are_opaque)
{
    auto const b = hex("90 00 00 01 00 00 00 00 00 00 00 01 12 34 00 01 FF FF FF FF");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->extension_data().size() == 4u);
    BOOST_TEST(p->extensions().empty());
}

BOOST_AUTO_TEST_CASE(build_then_parse_round_trips_every_field)
{
    std::array<std::uint32_t, 2> const csrcs{7, 9};
    std::array<std::uint8_t, 3> const level{0x85, 1, 2};
    std::array<std::uint8_t, 1> const mid{0x42};
    std::array<rtp::extension_element, 2> const ext{
        {{1, std::span<std::uint8_t const>(level)}, {5, std::span<std::uint8_t const>(mid)}}};
    std::array<std::uint8_t, 160> payload{};
    payload.fill(0xD5);
    rtp::packet_fields f;
    f.marker = true;
    f.payload_type = 96;
    f.sequence_number = 65535;
    f.timestamp = 4294967295u;
    f.ssrc = 0xCAFEBABE;
    f.csrcs = csrcs;
    f.extensions = ext;
    f.payload = payload;
    f.padding = 4;
    std::array<std::uint8_t, 1500> out{};
    auto n = rtp::build_packet(f, out);
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST(*n == 12u + 8u + 4u + 8u + 160u + 4u);
    auto p = rtp::parse_packet(std::span<std::uint8_t const>(out.data(), *n));
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->marker());
    BOOST_TEST(p->payload_type() == 96);
    BOOST_TEST(p->sequence_number() == 65535);
    BOOST_TEST(p->timestamp() == 4294967295u);
    BOOST_TEST(p->ssrc() == 0xCAFEBABEu);
    BOOST_TEST(p->csrc(1) == 9u);
    BOOST_TEST(p->extension_profile() == rtp::one_byte_profile);
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[0].data.size() == 3u);
    BOOST_TEST(got[1].id == 5);
    BOOST_TEST(p->payload().size() == 160u);
    BOOST_TEST(p->padding_size() == 4u);
}

BOOST_AUTO_TEST_CASE(build_uses_two_byte_form_for_large_or_empty_elements)
{
    std::array<std::uint8_t, 20> big{};
    std::array<rtp::extension_element, 2> const ext{
        {{3, std::span<std::uint8_t const>(big)}, {200, {}}}};
    rtp::packet_fields f;
    f.extensions = ext;
    std::array<std::uint8_t, 100> out{};
    auto n = rtp::build_packet(f, out);
    BOOST_TEST_REQUIRE(n.has_value());
    auto p = rtp::parse_packet(std::span<std::uint8_t const>(out.data(), *n));
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST((p->extension_profile() & 0xFFF0) == rtp::two_byte_profile);
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[0].data.size() == 20u);
    BOOST_TEST(got[1].id == 200);
    BOOST_TEST(got[1].data.empty());
}

BOOST_AUTO_TEST_CASE(build_rejects_what_cannot_be_encoded)
{
    std::array<std::uint8_t, 1500> out{};
    rtp::packet_fields f;
    f.payload_type = 128;
    BOOST_TEST(rtp::build_packet(f, out).error() == rtp::errc::bad_argument);
    std::array<std::uint32_t, 16> csrcs{};
    f = {};
    f.csrcs = csrcs;
    BOOST_TEST(rtp::build_packet(f, out).error() == rtp::errc::bad_argument);
    f = {};
    std::array<std::uint8_t, 20> payload{};
    f.payload = payload;
    BOOST_TEST(rtp::build_packet(f, std::span<std::uint8_t>(out.data(), 31)).error() ==
               rtp::errc::buffer_too_small);
    BOOST_TEST(rtp::build_packet(f, std::span<std::uint8_t>(out.data(), 32)).value() == 32u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rtp_packet_regressions)

// found by fuzz-rtp: a one-byte header with ID 0 and L = 3 was read as an element with id 0,
// which no extension form can carry; ID 0 is padding (RFC 8285 §4.2)
BOOST_AUTO_TEST_CASE(one_byte_id_zero_with_a_length_is_a_single_padding_byte)
{
    auto const b = hex("90 60 00 03 00 00 01 E0 00 00 12 34 BE DE 00 02 10 AA 03 21 BB BB 00 00");
    auto p = rtp::parse_packet(b);
    BOOST_TEST_REQUIRE(p.has_value());
    std::vector<rtp::extension_element> got(p->extensions().begin(), p->extensions().end());
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST(got[0].id == 1);
    BOOST_TEST(got[1].id == 2);
    BOOST_TEST(got[1].data.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
