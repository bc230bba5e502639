// Two udp_sessions with SRTP over loopback, through a relay that captures every datagram and
// stands in for a NAT (the sessions latch onto it); and the port pool's Asio bind check.
#include <rvoip/rtp/port_pool.hpp>
#include <rvoip/rtp/rtcp_bye.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_sdes.hpp>
#include <rvoip/rtp/rtcp_writer.hpp>
#include <rvoip/rtp/udp_bind_check.hpp>
#include <rvoip/rtp/udp_session.hpp>

#include "print.hpp"
#include "seeded_random.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace rtp = rvoip::rtp;
namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

namespace {

/// Forwards datagrams between two endpoints and keeps a copy of each.
class relay
{
public:
    explicit relay(asio::io_context& io)
        : socket_(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0))
    {
        receive();
    }
    void connect(udp::endpoint a, udp::endpoint b)
    {
        a_ = a;
        b_ = b;
    }
    rtp::udp_endpoint endpoint() const { return {"127.0.0.1", socket_.local_endpoint().port()}; }
    udp::socket& socket() { return socket_; }
    std::vector<std::vector<std::uint8_t>> captured;

private:
    void receive()
    {
        socket_.async_receive_from(
            asio::buffer(buffer_), from_, [this](boost::system::error_code ec, std::size_t n) {
                if (ec)
                    return;
                captured.emplace_back(buffer_.begin(), buffer_.begin() + static_cast<long>(n));
                boost::system::error_code ignored;
                socket_.send_to(asio::buffer(buffer_.data(), n), from_ == a_ ? b_ : a_, 0, ignored);
                receive();
            });
    }
    udp::socket socket_;
    std::array<std::uint8_t, 2048> buffer_{};
    udp::endpoint from_, a_, b_;
};

udp::endpoint to_asio(rtp::udp_endpoint const& e)
{
    return {asio::ip::make_address(e.address), e.port};
}

bool contains(std::vector<std::uint8_t> const& hay, std::string_view needle)
{
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

std::string_view const secret = "PLAINTEXT-PAYLOAD-of-the-call";

/// What one side saw of its peer's RTCP.
struct peer_rtcp
{
    std::optional<rtp::voip_metrics> xr; // the last VoIP metrics block received
    std::size_t sender_reports = 0;
    std::size_t receiver_reports = 0;
    std::string cname;
    bool bye = false;
};

void inspect(peer_rtcp& seen, std::uint32_t peer_ssrc, rtp::session_event const& e)
{
    auto const* r = std::get_if<rtp::rtcp_packet_received>(&e);
    if (!r)
        return;
    auto const compound = rtp::parse_compound(r->bytes);
    BOOST_TEST_REQUIRE(compound.has_value());
    for (auto const p : *compound) {
        if (p.type() == rtp::rtcp_type::sender_report) {
            seen.sender_reports += rtp::parse_sender_report(p).value().ssrc == peer_ssrc;
        } else if (p.type() == rtp::rtcp_type::receiver_report) {
            seen.receiver_reports += rtp::parse_receiver_report(p).value().ssrc == peer_ssrc;
        } else if (p.type() == rtp::rtcp_type::sdes) {
            if (auto c = rtp::parse_sdes(p).value().find(peer_ssrc, rtp::sdes_type::cname))
                seen.cname = *c;
        } else if (p.type() == rtp::rtcp_type::xr) {
            auto const xr = rtp::parse_xr(p).value();
            std::array<rtp::xr_block, 4> blocks{};
            auto const n = xr.blocks(blocks);
            for (std::size_t i = 0; i < n; ++i)
                if (auto m = rtp::parse_voip_metrics(blocks[i]))
                    seen.xr = *m;
        } else if (p.type() == rtp::rtcp_type::bye) {
            auto const bye = rtp::parse_bye(p).value();
            seen.bye = seen.bye || (bye.size() == 1 && bye.ssrc(0) == peer_ssrc);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_session_loopback)

BOOST_AUTO_TEST_CASE(srtp_sessions_latch_onto_the_relay_and_never_show_plaintext)
{
    asio::io_context io;
    rtp::test::seeded_random random(2024);
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    auto const a_to_b = rtp::generate_srtp_key(suite, random).value();
    auto const b_to_a = rtp::generate_srtp_key(suite, random).value();

    std::vector<std::string> a_got, b_got;
    std::vector<rtp::udp_endpoint> b_latched;
    std::size_t b_rtcp = 0;
    std::unique_ptr<rtp::udp_session> a, b;
    std::vector<std::uint8_t> payload(secret.begin(), secret.end());
    payload.push_back('0');

    auto on_a = [&](rtp::session_event const& e) {
        if (auto const* p = std::get_if<rtp::rtp_packet_received>(&e))
            a_got.emplace_back(p->payload.begin(), p->payload.end());
    };
    auto on_b = [&](rtp::session_event const& e) {
        if (auto const* p = std::get_if<rtp::rtp_packet_received>(&e)) {
            b_got.emplace_back(p->payload.begin(), p->payload.end());
            // symmetric RTP: answer each packet; it goes to the latched source
            BOOST_TEST(!b->send(p->payload, static_cast<std::uint32_t>(160 * b_got.size()),
                                b_got.size() == 1));
        } else if (auto const* l = std::get_if<rtp::remote_latched>(&e))
            b_latched.push_back(l->remote);
        else if (std::get_if<rtp::rtcp_packet_received>(&e))
            ++b_rtcp;
    };
    a = rtp::udp_session::open(
            io,
            {.local = {"127.0.0.1", 0},
             .send_key = a_to_b,
             .receive_key = b_to_a,
             .rtcp = {.enabled = false}}, // the RTCP below is counted exactly
            random, on_a)
            .value();
    b = rtp::udp_session::open(
            io,
            {.local = {"127.0.0.1", 0},
             .send_key = b_to_a,
             .receive_key = a_to_b,
             .rtcp = {.enabled = false}},
            random, on_b)
            .value();
    relay nat(io);
    nat.connect(to_asio(a->local_endpoint()), to_asio(b->local_endpoint()));
    a->set_remote(nat.endpoint());
    b->set_remote(a->local_endpoint()); // what the SDP said; the packets come from the relay
    a->start();
    b->start();

    for (std::uint32_t i = 0; i < 50; ++i) {
        payload.back() = static_cast<std::uint8_t>('0' + i % 10);
        BOOST_TEST_REQUIRE(!a->send(payload, 160 * i, i == 0));
    }
    std::array<std::uint8_t, 256> rtcp{};
    rtp::rtcp_writer w(rtcp);
    BOOST_TEST_REQUIRE(!w.add_receiver_report(a->ssrc(), {}));
    BOOST_TEST_REQUIRE(!w.add_sdes_cname(a->ssrc(), "secret-cname@example.com"));
    BOOST_TEST_REQUIRE(!a->send_rtcp(w.bytes()));

    auto const deadline = std::chrono::steady_clock::now() + 5s;
    while ((a_got.size() < 50 || b_rtcp < 1) && std::chrono::steady_clock::now() < deadline)
        io.run_for(20ms);

    BOOST_TEST_REQUIRE(b_got.size() == 50u);
    BOOST_TEST(a_got.size() == 50u);
    BOOST_TEST(b_got[7] == std::string(secret) + "7");
    BOOST_TEST(b_rtcp == 1u);
    BOOST_TEST_REQUIRE(b_latched.size() == 1u);
    BOOST_TEST((b_latched[0] == nat.endpoint()));
    BOOST_TEST((b->remote_endpoint().value() == nat.endpoint()));
    BOOST_TEST(nat.captured.size() == 101u);
    for (auto const& d : nat.captured) {
        BOOST_TEST_REQUIRE(!contains(d, secret));
        BOOST_TEST_REQUIRE(!contains(d, "secret-cname"));
    }
    BOOST_TEST(b->stats().packets_received == 50u);
    BOOST_TEST(b->stats().srtp_auth_failures == 0u);
    BOOST_TEST(b->reception().cumulative_lost() == 0);

    // a forged packet through the relay's address fails authentication; a stranger's packet
    // is not from the latched source
    // (a new sequence number, so replay protection does not catch it first)
    auto forged = nat.captured.front(); // A's first packet: move it past A's last one
    auto const seq = static_cast<std::uint16_t>(((forged[2] << 8) | forged[3]) + 60);
    forged[2] = static_cast<std::uint8_t>(seq >> 8);
    forged[3] = static_cast<std::uint8_t>(seq);
    forged[20] ^= 0x40;
    boost::system::error_code ec;
    nat.socket().send_to(asio::buffer(forged), to_asio(b->local_endpoint()), 0, ec);
    udp::socket stranger(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    stranger.send_to(asio::buffer(nat.captured.front()), to_asio(b->local_endpoint()), 0, ec);
    auto const until = std::chrono::steady_clock::now() + 2s;
    while ((b->stats().srtp_auth_failures < 1 || b->stats().wrong_source < 1) &&
           std::chrono::steady_clock::now() < until)
        io.run_for(20ms);
    BOOST_TEST(b->stats().srtp_auth_failures == 1u);
    BOOST_TEST(b->stats().wrong_source == 1u);
    BOOST_TEST(b_got.size() == 50u);
}

BOOST_AUTO_TEST_CASE(scheduled_rtcp_carries_sr_and_cname_gives_rtt_both_ways_and_ends_with_bye)
{
    asio::io_context io;
    rtp::test::seeded_random random(11);
    peer_rtcp at_a, at_b;
    std::uint32_t a_ssrc = 0, b_ssrc = 0;
    // Tmin 200 ms (100 ms for the first report) keeps the test under a second
    auto a = rtp::udp_session::open(
                 io, {.local = {"127.0.0.1", 0}, .rtcp = {.cname = "alice@example.com",
                                                          .minimum = 200ms}},
                 random, [&](rtp::session_event const& e) { inspect(at_a, b_ssrc, e); })
                 .value();
    auto b = rtp::udp_session::open(
                 io, {.local = {"127.0.0.1", 0}, .rtcp = {.minimum = 200ms}}, random,
                 [&](rtp::session_event const& e) { inspect(at_b, a_ssrc, e); })
                 .value();
    a_ssrc = a->ssrc();
    b_ssrc = b->ssrc();
    BOOST_TEST(b->cname().size() == 16u); // RFC 7022 §4.2: 96 random bits in base64
    a->set_remote(b->local_endpoint());
    b->set_remote(a->local_endpoint());
    a->start();
    b->start();

    std::array<std::uint8_t, 160> const payload{};
    auto const deadline = std::chrono::steady_clock::now() + 3s;
    for (std::uint32_t ts = 0; (at_b.sender_reports == 0 || at_a.sender_reports == 0 ||
                                !a->round_trip_time() || !b->round_trip_time()) &&
                               std::chrono::steady_clock::now() < deadline;
         ts += 160) {
        BOOST_TEST_REQUIRE(!a->send(payload, ts, ts == 0));
        BOOST_TEST_REQUIRE(!b->send(payload, ts, ts == 0));
        io.run_for(20ms);
    }
    BOOST_TEST(at_b.sender_reports >= 1u);
    BOOST_TEST(at_b.cname == "alice@example.com");
    BOOST_TEST(at_a.sender_reports >= 1u);
    BOOST_TEST(at_a.cname == b->cname());
    BOOST_TEST_REQUIRE(a->round_trip_time().has_value());
    BOOST_TEST_REQUIRE(b->round_trip_time().has_value());
    BOOST_TEST(a->round_trip_time()->count() < 200'000); // loopback: well under 200 ms
    BOOST_TEST(b->round_trip_time()->count() < 200'000);
    // RFC 3611 VoIP metrics set by the owner go out with the following reports.
    rtp::voip_metrics metrics;
    metrics.loss_rate = 3;
    metrics.end_system_delay = 60;
    metrics.mos_lq = 41;
    a->set_voip_metrics(metrics);
    for (auto const until = std::chrono::steady_clock::now() + 1s;
         !at_b.xr && std::chrono::steady_clock::now() < until;)
        io.run_for(20ms);
    BOOST_TEST_REQUIRE(at_b.xr.has_value());
    BOOST_TEST(at_b.xr->ssrc == b->ssrc()); // about the source a receives: b
    BOOST_TEST(at_b.xr->mos_lq == 41);
    BOOST_TEST(at_b.xr->end_system_delay == 60);
    BOOST_TEST(at_b.xr->round_trip_delay < 200);

    // Reports keep coming at the interval (with timer reconsideration, RFC 3550 §6.3.6, a
    // report can wait past its first draw): a few more intervals give a second one.
    for (auto const until = std::chrono::steady_clock::now() + 800ms;
         a->stats().rtcp_sent < 2u && std::chrono::steady_clock::now() < until;)
        io.run_for(20ms);
    BOOST_TEST(a->stats().rtcp_sent >= 2u);
    BOOST_TEST(b->stats().rtcp_received >= 1u);
    BOOST_TEST(b->stats().malformed == 0u);

    a->close();
    auto const until = std::chrono::steady_clock::now() + 1s;
    while (!at_b.bye && std::chrono::steady_clock::now() < until)
        io.run_for(20ms);
    BOOST_TEST(at_b.bye);
}

BOOST_AUTO_TEST_CASE(a_session_that_only_receives_sends_receiver_reports)
{
    asio::io_context io;
    rtp::test::seeded_random random(12);
    peer_rtcp at_a;
    std::uint32_t b_ssrc = 0;
    auto a = rtp::udp_session::open(
                 io, {.local = {"127.0.0.1", 0}, .rtcp = {.minimum = 200ms}}, random,
                 [&](rtp::session_event const& e) { inspect(at_a, b_ssrc, e); })
                 .value();
    auto b = rtp::udp_session::open(io, {.local = {"127.0.0.1", 0}, .rtcp = {.minimum = 200ms}},
                                    random, {})
                 .value();
    b_ssrc = b->ssrc();
    a->set_remote(b->local_endpoint());
    b->set_remote(a->local_endpoint());
    a->start();
    b->start();
    std::array<std::uint8_t, 160> const payload{};
    auto const deadline = std::chrono::steady_clock::now() + 3s;
    for (std::uint32_t ts = 0;
         at_a.receiver_reports == 0 && std::chrono::steady_clock::now() < deadline; ts += 160) {
        BOOST_TEST_REQUIRE(!a->send(payload, ts, ts == 0));
        io.run_for(20ms);
    }
    BOOST_TEST(at_a.receiver_reports >= 1u);
    BOOST_TEST(at_a.sender_reports == 0u);
    BOOST_TEST(!b->round_trip_time().has_value()); // b sent no SR for a to answer
}

BOOST_AUTO_TEST_CASE(a_peer_using_our_ssrc_makes_us_take_a_new_one)
{
    asio::io_context io;
    rtp::test::seeded_random ra(7), rb(7); // same seed: both draw the same SSRC
    auto a = rtp::udp_session::open(io, {.local = {"127.0.0.1", 0}}, ra, {}).value();
    std::size_t got = 0;
    auto b = rtp::udp_session::open(io, {.local = {"127.0.0.1", 0}}, rb,
                                    [&](rtp::session_event const& e) {
                                        got += std::holds_alternative<rtp::rtp_packet_received>(e);
                                    })
                 .value();
    BOOST_TEST_REQUIRE(a->ssrc() == b->ssrc());
    auto const old = b->ssrc();
    b->start();
    a->set_remote(b->local_endpoint());
    std::array<std::uint8_t, 10> const payload{};
    BOOST_TEST_REQUIRE(!a->send(payload, 0, true));
    auto const deadline = std::chrono::steady_clock::now() + 2s;
    while (got == 0 && std::chrono::steady_clock::now() < deadline)
        io.run_for(20ms);
    BOOST_TEST(got == 1u);
    BOOST_TEST(b->stats().ssrc_collisions == 1u);
    BOOST_TEST(b->ssrc() != old);
}

BOOST_AUTO_TEST_CASE(separate_rtcp_port_is_rtp_plus_one)
{
    asio::io_context io;
    rtp::test::seeded_random random(5);
    std::size_t rtcp = 0;
    auto count = [&](rtp::session_event const& e) {
        rtcp += std::holds_alternative<rtp::rtcp_packet_received>(e);
    };
    // find an even port pair the OS lets us have
    rtp::port_pool pool(41000, 41999);
    rtp::udp_bind_check check(io, "127.0.0.1");
    auto ports = pool.allocate(false, &check).value();
    auto a = rtp::udp_session::open(io, {.local = {"127.0.0.1", ports.rtp}, .rtcp_mux = false},
                                    random, count)
                 .value();
    auto b = rtp::udp_session::open(io, {.local = {"127.0.0.1", 0}}, random, {}).value();
    a->start();
    b->set_remote(a->local_endpoint(), ports.rtcp);
    std::array<std::uint8_t, 64> buf{};
    rtp::rtcp_writer w(buf);
    BOOST_TEST_REQUIRE(!w.add_receiver_report(b->ssrc(), {}));
    BOOST_TEST_REQUIRE(!b->send_rtcp(w.bytes()));
    auto const deadline = std::chrono::steady_clock::now() + 2s;
    while (rtcp == 0 && std::chrono::steady_clock::now() < deadline)
        io.run_for(20ms);
    BOOST_TEST(rtcp == 1u);
    BOOST_TEST(a->local_endpoint().port == ports.rtp);
}

BOOST_AUTO_TEST_CASE(reconfigure_keeps_the_port_and_ssrc_while_rtcp_mux_and_keys_change)
{
    asio::io_context io;
    rtp::test::seeded_random random(11);
    std::vector<std::string> got;
    std::size_t rtcp = 0;
    auto on_a = [&](rtp::session_event const& e) {
        if (auto const* p = std::get_if<rtp::rtp_packet_received>(&e))
            got.emplace_back(p->payload.begin(), p->payload.end());
        rtcp += std::holds_alternative<rtp::rtcp_packet_received>(e);
    };
    rtp::port_pool pool(42000, 42999);
    rtp::udp_bind_check check(io, "127.0.0.1");
    auto ports = pool.allocate(false, &check).value();
    auto a = rtp::udp_session::open(
                 io, {.local = {"127.0.0.1", ports.rtp}, .rtcp_mux = false, .rtcp = {.enabled = false}},
                 random, on_a)
                 .value();
    auto b = rtp::udp_session::open(io, {.local = {"127.0.0.1", 0}, .rtcp = {.enabled = false}}, random, {})
                 .value();
    a->start();
    auto const ssrc = a->ssrc();
    auto const rtcp_port_free = [&] {
        boost::system::error_code ec;
        udp::socket probe(io);
        probe.open(udp::v4(), ec);
        probe.bind(udp::endpoint(asio::ip::make_address("127.0.0.1"), ports.rtcp), ec);
        return !ec;
    };
    BOOST_TEST(!rtcp_port_free());
    auto exchange = [&](std::string const& text, std::size_t want_rtp, std::size_t want_rtcp) {
        std::vector<std::uint8_t> payload(text.begin(), text.end());
        BOOST_TEST_REQUIRE(!b->send(payload, 160, false));
        std::array<std::uint8_t, 64> buf{};
        rtp::rtcp_writer w(buf);
        BOOST_TEST_REQUIRE(!w.add_receiver_report(b->ssrc(), {}));
        BOOST_TEST_REQUIRE(!b->send_rtcp(w.bytes()));
        auto const deadline = std::chrono::steady_clock::now() + 2s;
        while ((got.size() < want_rtp || rtcp < want_rtcp) && std::chrono::steady_clock::now() < deadline)
            io.run_for(10ms);
        BOOST_TEST(got.size() == want_rtp);
        BOOST_TEST(rtcp == want_rtcp);
    };
    b->set_remote(a->local_endpoint(), ports.rtcp);
    exchange("plain", 1, 1);

    // to rtcp-mux with SRTP: the RTCP port is given up, the RTP port and the SSRC are not
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    auto const b_to_a = rtp::generate_srtp_key(suite, random).value();
    auto const a_to_b = rtp::generate_srtp_key(suite, random).value();
    BOOST_TEST_REQUIRE(!a->reconfigure(true, a_to_b, b_to_a));
    BOOST_TEST(!b->reconfigure(true, std::nullopt, std::nullopt)); // no change: fine
    BOOST_TEST_REQUIRE(!b->reconfigure(true, b_to_a, a_to_b));
    io.poll(); // the RTCP socket's receive ends
    BOOST_TEST(rtcp_port_free());
    BOOST_TEST(a->local_endpoint().port == ports.rtp);
    BOOST_TEST(a->ssrc() == ssrc);
    b->set_remote(a->local_endpoint());
    exchange("secret", 2, 2);
    BOOST_TEST(got.back() == "secret");

    // a send key that does not match what A now expects fails authentication
    auto const other = rtp::generate_srtp_key(suite, random).value();
    BOOST_TEST_REQUIRE(!b->reconfigure(true, other, a_to_b));
    std::vector<std::uint8_t> forged{'x'};
    BOOST_TEST_REQUIRE(!b->send(forged, 320, false));
    auto const until = std::chrono::steady_clock::now() + 2s;
    while (a->stats().srtp_auth_failures == 0 && std::chrono::steady_clock::now() < until)
        io.run_for(10ms);
    BOOST_TEST(a->stats().srtp_auth_failures == 1u);

    // back to a separate RTCP port, in the clear: A binds RTP + 1 again and receives there
    BOOST_TEST_REQUIRE(!a->reconfigure(false, std::nullopt, std::nullopt));
    BOOST_TEST_REQUIRE(!b->reconfigure(true, std::nullopt, std::nullopt));
    BOOST_TEST(!rtcp_port_free());
    b->set_remote(a->local_endpoint(), ports.rtcp);
    exchange("clear again", 3, 3);
    BOOST_TEST(a->stats().packets_received == 3u);

    // an RTCP port someone else holds: an error, and the session stays as it was
    BOOST_TEST_REQUIRE(!a->reconfigure(true, std::nullopt, std::nullopt));
    io.poll();
    udp::socket squatter(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), ports.rtcp));
    BOOST_TEST(a->reconfigure(false, std::nullopt, std::nullopt).failed());
    b->set_remote(a->local_endpoint());
    exchange("still muxed", 4, 4);
    a->close();
    BOOST_TEST((a->reconfigure(true, std::nullopt, std::nullopt) == rtp::errc::bad_argument));
}

BOOST_AUTO_TEST_CASE(bind_check_skips_ports_another_socket_holds)
{
    asio::io_context io;
    udp::socket holder(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    auto const held = holder.local_endpoint().port();
    // a pool whose only pair includes the held port (as RTP or as RTCP)
    auto const even = static_cast<std::uint16_t>(held - held % 2);
    rtp::port_pool pool(even, static_cast<std::uint16_t>(even + 1));
    rtp::udp_bind_check check(io, "127.0.0.1");
    BOOST_TEST(pool.allocate(false, &check).error() == rtp::errc::ports_exhausted);
    BOOST_TEST(check.usable(0, 0, true)); // port 0: the OS picks a free one
}

BOOST_AUTO_TEST_SUITE_END()
