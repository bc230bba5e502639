// The layer on a manual clock (timers fire when the test moves time, not when it sleeps), built
// messages sent without a second parse, sends outside transactions, and the answers to a bad
// SIP version and a bad Max-Forwards.
#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include <rvoip/sip/message_builder.hpp>

#include "layer_test_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using rvoip::test::make_request;
using rvoip::test::make_response;

namespace {

/// What a bare endpoint on the memory network received.
struct endpoint
{
    endpoint(tx::memory_network& net, std::string ip, std::uint16_t port)
    {
        tx::memory_address at{std::move(ip), port};
        BOOST_TEST_REQUIRE(!net.attach(at, [this](tx::memory_address const&, std::string_view b) {
            received.emplace_back(b);
        }));
    }
    std::vector<std::string> received;
};

tx::layer_options on(tx::clock& c)
{
    tx::layer_options o;
    o.clock = &c;
    return o;
}

/// A client layer on a manual clock at 10.0.0.1, and a bare endpoint at 10.0.0.2.
struct client_on_manual_clock
{
    client_on_manual_clock() { BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value()); }
    asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    endpoint server{net, "10.0.0.2", 5060};
    tx::layer client{io, [](tx::event const&) {}, on(clock)};
};

int status_of(std::string const& response)
{
    return std::stoi(response.substr(8, 3));
}

} // namespace

BOOST_AUTO_TEST_SUITE(layer_clock)

BOOST_FIXTURE_TEST_CASE(timer_e_doubles_from_t1_to_t2_on_the_manual_clock, client_on_manual_clock)
{
    std::optional<boost::system::error_code> failure;
    auto key = client.send_request(make_request("OPTIONS", "c1", "10.0.0.1:5060"),
                                   tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}},
                                   [&](boost::system::error_code ec, sip::message const* r) {
                                       if (!r)
                                           failure = ec;
                                   });
    BOOST_TEST_REQUIRE(key.has_value());
    clock.settle();
    BOOST_TEST(server.received.size() == 1u);
    clock.advance(499ms);
    BOOST_TEST(server.received.size() == 1u); // T1 has not passed
    clock.advance(1ms);
    BOOST_TEST(server.received.size() == 2u); // 500 ms
    clock.advance(1000ms);
    BOOST_TEST(server.received.size() == 3u); // 1.5 s
    clock.advance(2000ms);
    BOOST_TEST(server.received.size() == 4u); // 3.5 s
    clock.advance(4000ms);
    BOOST_TEST(server.received.size() == 5u); // 7.5 s: capped at T2 from here
    clock.advance(4000ms);
    BOOST_TEST(server.received.size() == 6u);
    BOOST_TEST(!failure);
    clock.advance(32s - 11500ms - 1ms);
    BOOST_TEST(!failure);
    clock.advance(1ms); // Timer F = 64*T1
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST((*failure == tx::errc::timed_out));
}

BOOST_FIXTURE_TEST_CASE(a_built_message_goes_down_as_it_is, client_on_manual_clock)
{
    auto built = sip::message_builder::request(sip::method::message, "sip:bob@10.0.0.2")
                     .via("UDP", "10.0.0.1", 5060, "z9hG4bKbuilt1")
                     .max_forwards(70)
                     .from({.display = {}, .uri = "sip:alice@10.0.0.1", .tag = "a1", .params = {}})
                     .to({.display = {}, .uri = "sip:bob@10.0.0.2", .tag = {}, .params = {}})
                     .call_id("built1@test")
                     .cseq(1, "MESSAGE")
                     .body("text/plain", "hello")
                     .build();
    BOOST_TEST_REQUIRE(built.has_value());
    std::string const expected(built->bytes());
    BOOST_TEST_REQUIRE(client.send_request(std::move(*built), tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}})
                           .has_value());
    clock.settle();
    BOOST_TEST_REQUIRE(server.received.size() == 1u);
    BOOST_TEST(server.received[0] == expected);
}

BOOST_AUTO_TEST_CASE(a_request_without_a_branch_is_refused_as_a_message_too)
{
    asio::io_context io;
    tx::memory_network net(io);
    tx::layer client(io, [](tx::event const&) {});
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    auto built = sip::parse_message(
        "OPTIONS sip:b@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=old\r\nFrom: <sip:a@x>;tag=1\r\n"
        "To: <sip:b@x>\r\nCall-ID: nb@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST_REQUIRE(built.has_value());
    auto key = client.send_request(std::move(*built), tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}});
    BOOST_TEST(!key.has_value());
    BOOST_TEST((key.error() == tx::errc::missing_branch));
}

BOOST_FIXTURE_TEST_CASE(an_ack_goes_outside_any_transaction, client_on_manual_clock)
{
    auto const ack = make_request("ACK", "ack1", "10.0.0.1:5060");
    BOOST_TEST(!client.send_outside_transaction(ack, tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}}));
    clock.advance(64s);
    BOOST_TEST_REQUIRE(server.received.size() == 1u); // sent once: nothing retransmits it
    BOOST_TEST(server.received[0] == ack);
    BOOST_TEST(client.counters().sent_outside_transactions == 1u);
    BOOST_TEST(client.counters().live_transactions == 0u);
}

BOOST_AUTO_TEST_CASE(a_uas_2xx_is_sent_again_while_the_transaction_is_accepted)
{
    asio::io_context io;
    tx::manual_clock clock(io);
    tx::memory_network net(io);
    endpoint caller(net, "10.0.0.1", 5060);
    std::optional<tx::transaction_key> key;
    std::optional<sip::message> invite;
    tx::layer server(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::request_received>(&e)) {
            key = r->key;
            invite = sip::parse_message(r->request.bytes()).value();
        }
    }, on(clock));
    BOOST_TEST_REQUIRE(server.listen(net, "10.0.0.2", 5060).has_value());
    net.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060}, make_request("INVITE", "inv1", "10.0.0.1:5060"));
    clock.settle();
    BOOST_TEST_REQUIRE(key.has_value());
    auto ok = sip::parse_message(make_response(*invite, 200, "OK"));
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(!server.respond(*key, *ok));
    clock.advance(500ms);
    BOOST_TEST(!server.respond(*key, *ok)); // the UAS core's first retransmission
    clock.settle();
    BOOST_TEST(caller.received.size() == 2u);
    BOOST_TEST(status_of(caller.received.back()) == 200);
    clock.advance(32s); // Timer L: the transaction is gone
    BOOST_TEST((server.respond(*key, *ok) == tx::errc::wrong_state));
}

BOOST_AUTO_TEST_CASE(sip_7_0_gets_505)
{
    asio::io_context io;
    tx::memory_network net(io);
    endpoint caller(net, "10.0.0.1", 5060);
    tx::layer server(io, [](tx::event const&) {});
    BOOST_TEST_REQUIRE(server.listen(net, "10.0.0.2", 5060).has_value());
    // RFC 4475 §3.1.2.16 (badvers)
    net.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060},
             "OPTIONS sip:t.watson@example.org SIP/7.0\r\n"
             "Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\r\n"
             "Max-Forwards:     70\r\nFrom:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\r\n"
             "To:       T. Watson <sip:t.watson@example.org>\r\nCall-ID:  badvers.31417@c.example.com\r\n"
             "CSeq:     1 OPTIONS\r\nl: 0\r\n\r\n");
    io.poll();
    io.restart();
    io.poll();
    BOOST_TEST_REQUIRE(server.counters().malformed_rejected == 1u);
    // c.example.com does not resolve here: the answer goes where the request came from.
    BOOST_TEST_REQUIRE(caller.received.size() == 1u);
    BOOST_TEST(status_of(caller.received[0]) == 505);
    BOOST_TEST(caller.received[0].find("Version Not Supported") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_max_forwards_that_is_not_0_to_255_gets_400)
{
    for (std::string const value : {"300", "ten", "-1", "4294967296"}) {
        asio::io_context io;
        tx::memory_network net(io);
        endpoint caller(net, "10.0.0.1", 5060);
        int requests = 0;
        tx::layer server(io, [&](tx::event const& e) { requests += std::holds_alternative<tx::request_received>(e); });
        BOOST_TEST_REQUIRE(server.listen(net, "10.0.0.2", 5060).has_value());
        auto request = make_request("OPTIONS", "mf", "10.0.0.1:5060");
        request.replace(request.find("Max-Forwards: 70"), 16, "Max-Forwards: " + value);
        net.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060}, request);
        for (int i = 0; i < 3; ++i) {
            io.restart();
            io.poll();
        }
        BOOST_TEST_REQUIRE(caller.received.size() == 1u, value);
        BOOST_TEST(status_of(caller.received[0]) == 400, value);
        BOOST_TEST(requests == 0, value);
    }
}

BOOST_AUTO_TEST_SUITE_END()
