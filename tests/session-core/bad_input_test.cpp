// What a hostile or broken peer sends to a call: RTP floods from strangers, garbage, forged
// SRTP, RTCP that lies about its lengths, SDP that does not parse. Each is counted and dropped
// (or answered 400) and the call carries on.
#include <rvoip/session/layer.hpp>

#include "session_print.hpp"
#include "session_test_support.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/test/unit_test.hpp>

#include <array>

using namespace rvoip::session;
using namespace rvoip::session::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

struct stranger
{
    explicit stranger(asio::io_context& io) : socket(io, udp::endpoint{asio::ip::make_address("127.0.0.1"), 0}) {}
    void send(std::uint16_t port, std::vector<std::uint8_t> const& bytes, int times = 1)
    {
        udp::endpoint to{asio::ip::make_address("127.0.0.1"), port};
        for (int i = 0; i < times; ++i)
            socket.send_to(asio::buffer(bytes), to);
    }
    udp::socket socket;
};

std::vector<std::uint8_t> rtp_packet(std::uint16_t seq, std::uint8_t pt = 0, std::size_t payload = 160)
{
    std::vector<std::uint8_t> p(12 + payload, 0x55);
    p[0] = 0x80;
    p[1] = pt;
    p[2] = static_cast<std::uint8_t>(seq >> 8);
    p[3] = static_cast<std::uint8_t>(seq);
    p[8] = 0xde; p[9] = 0xad; p[10] = 0xbe; p[11] = 0xef; // SSRC
    return p;
}

call_id connect(party& alice, party& bob, boost::asio::io_context& io)
{
    auto const id = call_and_connect(io, alice, bob, 1000);
    run_for(io, 200ms);
    return id;
}

} // namespace

BOOST_AUTO_TEST_CASE(an_rtp_flood_from_a_strangers_address_is_dropped_and_the_call_goes_on)
{
    asio::io_context io;
    party alice{io, "alice", 21}, bob{io, "bob", 22};
    (void)connect(alice, bob, io);
    auto const bob_call = bob.incoming.at(0);
    auto const port = bob.ua->info(bob_call)->local_rtp_port;
    stranger s{io};
    bob.heard->clear();
    // In bursts the socket buffer holds (a flood beyond it is the kernel's to drop).
    for (std::uint16_t burst = 0; burst < 10; ++burst) {
        for (std::uint16_t i = 0; i < 50; ++i)
            s.send(port, rtp_packet(static_cast<std::uint16_t>(burst * 50 + i)));
        s.send(port, {0x01, 0x02, 0x03}, 5); // not RTP at all
        run_for(io, 60ms);
    }
    auto const st = bob.ua->statistics(bob_call);
    BOOST_TEST(st->wrong_source + st->malformed >= 500u);
    BOOST_TEST(tone_present(*bob.heard, 1000));
    BOOST_TEST(bob.ended.empty());
}

BOOST_AUTO_TEST_CASE(forged_srtp_and_lying_rtcp_are_counted_and_dropped)
{
    asio::io_context io;
    layer_options secure;
    secure.media.srtp = srtp_policy::mandatory;
    layer_options open = secure;
    open.symmetric_rtp = false; // take packets from anywhere: authentication is what stops them
    party alice{io, "alice", 23, secure}, bob{io, "bob", 24, open};
    (void)connect(alice, bob, io);
    auto const bob_call = bob.incoming.at(0);
    auto const port = bob.ua->info(bob_call)->local_rtp_port;
    stranger s{io};
    for (std::uint16_t i = 0; i < 100; ++i) {
        s.send(port, rtp_packet(static_cast<std::uint16_t>(1000 + i), 0, 170));
        if (i % 25 == 0)
            run_for(io, 20ms);
    }
    // An RR whose length field claims 40 words in a 32-byte datagram.
    std::vector<std::uint8_t> rtcp(32, 0);
    rtcp[0] = 0x81;
    rtcp[1] = 201;
    rtcp[3] = 40;
    s.send(port, rtcp, 20);
    bob.heard->clear();
    run_for(io, 600ms);
    auto const st = bob.ua->statistics(bob_call);
    BOOST_TEST(st->srtp_auth_failures >= 100u);
    BOOST_TEST(st->malformed >= 20u);
    BOOST_TEST(tone_present(*bob.heard, 1000));
}

BOOST_AUTO_TEST_CASE(an_invite_whose_sdp_does_not_parse_gets_400)
{
    asio::io_context io;
    party bob{io, "bob", 25};
    udp::socket sip{io, udp::endpoint{asio::ip::make_address("127.0.0.1"), 0}};
    auto const local = sip.local_endpoint().port();
    std::string const body = "v=0\r\no=broken\r\nm=audio nope\r\n";
    std::string const invite = "INVITE sip:bob@127.0.0.1:" + std::to_string(bob.port) + " SIP/2.0\r\n"
                               "Via: SIP/2.0/UDP 127.0.0.1:" + std::to_string(local) + ";branch=z9hG4bKbadsdp1\r\n"
                               "Max-Forwards: 70\r\n"
                               "From: <sip:mallory@127.0.0.1>;tag=m1\r\n"
                               "To: <sip:bob@127.0.0.1>\r\n"
                               "Call-ID: bad-sdp-1@127.0.0.1\r\n"
                               "CSeq: 1 INVITE\r\n"
                               "Contact: <sip:mallory@127.0.0.1:" + std::to_string(local) + ">\r\n"
                               "Content-Type: application/sdp\r\n"
                               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    sip.send_to(asio::buffer(invite), udp::endpoint{asio::ip::make_address("127.0.0.1"), bob.port});
    std::array<char, 4096> buf{};
    udp::endpoint from;
    std::size_t n = 0;
    sip.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code, std::size_t got) { n = got; });
    BOOST_TEST_REQUIRE(run_until(io, [&] { return n > 0; }));
    std::string_view const response{buf.data(), n};
    BOOST_TEST(response.substr(0, 12) == "SIP/2.0 400 ");
    BOOST_TEST(response.find("Warning: 399") != std::string_view::npos);
    BOOST_TEST(bob.incoming.empty());
    BOOST_TEST(bob.ua->calls().empty());
}
