// RFC 4733 telephone-events: payload format, sender packet sequence, receiver deduplication.
#include <rvoip/rtp/telephone_event.hpp>

#include "bytes.hpp"
#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace rtp = rvoip::rtp;
using rvoip::rtp::test::hex;

BOOST_AUTO_TEST_SUITE(telephone_event)

BOOST_AUTO_TEST_CASE(payload_fields_of_rfc4733_section_2_3)
{
    // event 5, E=1, R=0, volume 10, duration 800
    auto const b = hex("05 8A 03 20");
    auto e = rtp::parse_telephone_event(b);
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->event == 5);
    BOOST_TEST(e->end);
    BOOST_TEST(e->volume == 10);
    BOOST_TEST(e->duration == 800);
    auto const round = rtp::to_bytes(*e);
    BOOST_TEST((std::vector<std::uint8_t>(round.begin(), round.end()) == b));
    BOOST_TEST(rtp::parse_telephone_event(hex("05 8A 03")).error() == rtp::errc::truncated);
}

BOOST_AUTO_TEST_CASE(dtmf_characters_map_to_event_codes)
{
    BOOST_TEST(rtp::dtmf_event('0').value() == 0);
    BOOST_TEST(rtp::dtmf_event('*').value() == 10);
    BOOST_TEST(rtp::dtmf_event('#').value() == 11);
    BOOST_TEST(rtp::dtmf_event('D').value() == 15);
    BOOST_TEST(!rtp::dtmf_event('x').has_value());
    BOOST_TEST(rtp::dtmf_digit(11) == '#');
    BOOST_TEST(rtp::dtmf_digit(16) == '\0');
}

BOOST_AUTO_TEST_CASE(sender_marks_the_first_packet_and_repeats_the_end_three_times)
{
    rtp::telephone_event_sender s(160);
    auto first = s.start(9, 4000).value();
    BOOST_TEST(first.marker);
    BOOST_TEST(first.timestamp == 4000u);
    BOOST_TEST(first.payload.duration == 160);
    BOOST_TEST(!first.payload.end);
    auto u1 = s.update().value();
    auto u2 = s.update().value();
    BOOST_TEST(!u1.marker);
    BOOST_TEST(u1.timestamp == 4000u); // every packet of the event keeps its timestamp
    BOOST_TEST(u2.payload.duration == 480);
    auto end = s.stop().value();
    for (auto const& e : end) {
        BOOST_TEST(e.payload.end);
        BOOST_TEST(e.payload.duration == 480);
        BOOST_TEST(e.timestamp == 4000u);
        BOOST_TEST(!e.marker);
    }
    BOOST_TEST(!s.active());
    BOOST_TEST(s.update().error() == rtp::errc::bad_argument);
    BOOST_TEST(s.stop().error() == rtp::errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(long_events_continue_in_a_new_segment)
{
    rtp::telephone_event_sender s(8000);
    rtp::telephone_event_receiver r;
    auto const start = s.start(1, 0).value();
    std::size_t began = r.on_packet(start.timestamp, start.payload).value().began ? 1 : 0;
    for (int i = 0; i < 20; ++i) {
        auto p = s.update().value();
        BOOST_TEST_REQUIRE(p.payload.duration <= 0xFFFF);
        if (auto e = r.on_packet(p.timestamp, p.payload); e && e->began)
            ++began;
    }
    auto end = s.stop().value();
    BOOST_TEST(end[0].timestamp == 2u * 0xFFFFu); // 168000 units: two overflows
    BOOST_TEST(end[0].payload.duration == 168000u - 2u * 0xFFFFu);
    auto e = r.on_packet(end[0].timestamp, end[0].payload);
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->ended);
    BOOST_TEST(!e->began);
    BOOST_TEST(began == 1u);
    BOOST_TEST(r.events() == 1u);
}

namespace {

/// Sends `digits` through `drop` (which packet indices are lost) and returns what the receiver
/// reported as begun.
std::string receive(std::string const& digits, std::vector<int> const& drop, bool duplicate_all)
{
    rtp::telephone_event_sender s(160);
    std::vector<rtp::telephone_event_packet> wire;
    std::uint32_t ts = 1000;
    for (char d : digits) {
        wire.push_back(s.start(rtp::dtmf_event(d).value(), ts).value());
        for (int i = 0; i < 4; ++i)
            wire.push_back(s.update().value());
        for (auto const& p : s.stop().value())
            wire.push_back(p);
        ts += 1600;
    }
    rtp::telephone_event_receiver r;
    std::string got;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        if (std::find(drop.begin(), drop.end(), static_cast<int>(i)) != drop.end())
            continue;
        for (int copy = 0; copy < (duplicate_all ? 2 : 1); ++copy)
            if (auto e = r.on_packet(wire[i].timestamp, wire[i].payload); e && e->began)
                got += rtp::dtmf_digit(e->event);
    }
    return got;
}

} // namespace

BOOST_AUTO_TEST_CASE(receiver_reports_one_event_per_digit)
{
    BOOST_TEST(receive("123#", {}, false) == "123#");
    BOOST_TEST(receive("55", {}, false) == "55"); // same digit twice: two timestamps
}

BOOST_AUTO_TEST_CASE(receiver_survives_lost_start_packets_and_retransmitted_ends)
{
    // 8 packets per digit: 0 start, 1-4 updates, 5-7 ends. Lose the start of "2" and of "3".
    BOOST_TEST(receive("123", {8, 16, 17}, false) == "123");
    // every packet twice: retransmissions and duplicates report nothing new
    BOOST_TEST(receive("1234", {}, true) == "1234");
    // only one end packet of each digit arrives
    BOOST_TEST(receive("78", {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14}, false) == "78");
}

BOOST_AUTO_TEST_CASE(receiver_ignores_packets_of_older_events)
{
    rtp::telephone_event_receiver r;
    BOOST_TEST(r.on_packet(1000, {1, false, 10, 160}).has_value());
    BOOST_TEST(r.on_packet(3000, {2, false, 10, 160}).has_value());
    BOOST_TEST(!r.on_packet(1000, {1, true, 10, 800}).has_value()); // late end of "1"
    auto e = r.on_packet(3000, {2, true, 10, 480});
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->ended);
    BOOST_TEST(e->duration == 480u);
    BOOST_TEST(!r.on_packet(3000, {2, true, 10, 480}).has_value());
    BOOST_TEST(r.events() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
