// NTP timestamps and the RTT of RFC 3550 §6.4.1.
#include <rvoip/rtp/ntp_time.hpp>

#include <boost/test/unit_test.hpp>

namespace rtp = rvoip::rtp;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(ntp_time)

BOOST_AUTO_TEST_CASE(unix_epoch_is_2208988800_ntp_seconds)
{
    auto const ntp = rtp::to_ntp(std::chrono::system_clock::time_point{});
    BOOST_TEST(ntp == (2208988800ull << 32));
    auto const half = rtp::to_ntp(std::chrono::system_clock::time_point{} + 1500ms);
    BOOST_TEST(half == ((2208988801ull << 32) | 0x80000000ull));
}

BOOST_AUTO_TEST_CASE(ntp_round_trips_to_the_microsecond)
{
    auto const t = std::chrono::system_clock::time_point{} + 1'700'000'000'123'456us;
    BOOST_TEST((rtp::from_ntp(rtp::to_ntp(t)) == t));
}

BOOST_AUTO_TEST_CASE(compact_form_is_the_middle_32_bits)
{
    BOOST_TEST(rtp::compact_ntp(0xB7052000'12345678ull) == 0x20001234u);
    BOOST_TEST(rtp::to_compact(5250ms) == 0x00054000u);
    BOOST_TEST((rtp::from_compact(0x00062000u) == 6125ms));
}

BOOST_AUTO_TEST_CASE(rtt_example_of_rfc3550_figure_2)
{
    // A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000
    // (5.250 s): RTT = 0x0006:2000 = 6.125 s
    auto rtt = rtp::round_trip_time(0xB7108000u, 0xB7052000u, 0x00054000u);
    BOOST_TEST_REQUIRE(rtt.has_value());
    BOOST_TEST((*rtt == 6125ms));
}

BOOST_AUTO_TEST_CASE(rtt_is_unknown_without_lsr_or_when_negative)
{
    BOOST_TEST(!rtp::round_trip_time(0xB7108000u, 0, 0).has_value());
    BOOST_TEST(!rtp::round_trip_time(0xB7050000u, 0xB7052000u, 0x10u).has_value());
}

BOOST_AUTO_TEST_CASE(rtt_survives_the_16_16_wrap)
{
    auto rtt = rtp::round_trip_time(0x00008000u, 0xFFFF0000u, 0x00004000u);
    BOOST_TEST_REQUIRE(rtt.has_value());
    BOOST_TEST((*rtt == 1250ms));
}

BOOST_AUTO_TEST_SUITE_END()
