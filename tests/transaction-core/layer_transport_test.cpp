// The connection transports on loopback: TCP, TLS with a CA made by the test (name checks,
// SNI, a wrong CA), WebSocket and secure WebSocket (RFC 7118) with our client and with a plain
// Beast client, and RFC 5626 keep-alives.
#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/layer.hpp>

#include "layer_test_support.hpp"
#include "print.hpp"
#include "test_certificates.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using rvoip::test::make_request;
using rvoip::test::make_response;
using rvoip::test::run_until;

namespace {

rvoip::test::test_certificates const& pki()
{
    static rvoip::test::test_certificates const instance;
    return instance;
}

/// A server layer on 127.0.0.1 answering every request 200, listening on `transport`.
struct server
{
    server(asio::io_context& io, tx::transport_kind transport, tx::layer_options options = {})
        : layer(io, [this](tx::event const& e) {
              if (auto const* r = std::get_if<tx::request_received>(&e)) {
                  ++requests;
                  last_via = std::string(r->request.top_via().transport);
                  BOOST_TEST(!layer.respond(r->key, make_response(r->request, 200, "OK")));
              }
          }, with_certificate(options))
    {
        auto bound = layer.listen(transport, "127.0.0.1", 0);
        BOOST_TEST_REQUIRE(bound.has_value());
        port = *bound;
    }
    static tx::layer_options with_certificate(tx::layer_options o)
    {
        o.tls.certificate_chain_file = pki().server_cert;
        o.tls.private_key_file = pki().server_key;
        return o;
    }
    tx::layer layer;
    std::uint16_t port = 0;
    int requests = 0;
    std::string last_via;
};

struct outcome
{
    std::optional<int> status;
    std::optional<boost::system::error_code> error;
    bool done() const { return status || error; }
};

/// Sends OPTIONS from a client layer to `to` and runs until it ends.
outcome ask(asio::io_context& io, tx::layer& client, tx::target const& to, std::string const& branch)
{
    outcome out;
    auto key = client.send_request(make_request("OPTIONS", branch, "127.0.0.1:5999", std::string(tx::via_name(to.transport))),
                                   to, [&](boost::system::error_code ec, sip::message const* r) {
                                       if (r && r->status_code() >= 200)
                                           out.status = r->status_code();
                                       else if (!r)
                                           out.error = ec;
                                   });
    if (!key) {
        out.error = key.error();
        return out;
    }
    run_until(io, [&] { return out.done(); });
    return out;
}

tx::layer_options trusting(std::string const& ca)
{
    tx::layer_options o;
    o.tls.ca_file = ca;
    return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(layer_transports)

BOOST_AUTO_TEST_CASE(tcp_request_and_response_share_one_connection)
{
    asio::io_context io;
    server s(io, tx::transport_kind::tcp);
    tx::layer client(io, [](tx::event const&) {});
    tx::target const to{tx::transport_kind::tcp, "127.0.0.1", s.port, {}};
    BOOST_TEST(ask(io, client, to, "t1").status.value_or(0) == 200);
    BOOST_TEST(ask(io, client, to, "t2").status.value_or(0) == 200);
    BOOST_TEST(s.requests == 2);
    BOOST_TEST(s.last_via == "TCP");
    BOOST_TEST(s.layer.counters().connections_accepted == 1u); // the second reused the first
}

BOOST_AUTO_TEST_CASE(tls_checks_the_certificate_against_the_server_name)
{
    asio::io_context io;
    server s(io, tx::transport_kind::tls);
    tx::layer client(io, [](tx::event const&) {}, trusting(pki().ca));
    // SNI and the name check: the certificate carries DNS:sip.test and IP:127.0.0.1.
    BOOST_TEST(ask(io, client, {tx::transport_kind::tls, "127.0.0.1", s.port, "sip.test"}, "s1").status.value_or(0) == 200);
    BOOST_TEST(s.last_via == "TLS");
    BOOST_TEST(ask(io, client, {tx::transport_kind::tls, "127.0.0.1", s.port, {}}, "s2").status.value_or(0) == 200);
    // A name the certificate does not carry fails at the handshake, long before Timer F.
    auto const started = std::chrono::steady_clock::now();
    auto wrong = ask(io, client, {tx::transport_kind::tls, "127.0.0.1", s.port, "evil.test"}, "s3");
    BOOST_TEST_REQUIRE(wrong.error.has_value());
    BOOST_TEST(*wrong.error == tx::errc::transport_failed);
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
    BOOST_TEST(client.counters().connections_failed == 1u);
    // An address the certificate does not carry fails the same way.
    auto other_ip = ask(io, client, {tx::transport_kind::tls, "127.0.0.1", s.port, "127.0.0.2"}, "s5");
    BOOST_TEST_REQUIRE(other_ip.error.has_value());
    BOOST_TEST(client.counters().connections_failed == 2u);
    BOOST_TEST(s.requests == 2);
}

BOOST_AUTO_TEST_CASE(a_peer_that_stalls_the_tls_handshake_fails_the_connection)
{
    asio::io_context io;
    // Accepts TCP and then says nothing: no ServerHello ever comes.
    asio::ip::tcp::acceptor mute(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket held(io);
    mute.async_accept(held, [](boost::system::error_code) {});
    auto o = trusting(pki().ca);
    o.handshake_timeout = std::chrono::milliseconds(100);
    tx::layer client(io, [](tx::event const&) {}, o);
    auto const started = std::chrono::steady_clock::now();
    auto r = ask(io, client, {tx::transport_kind::tls, "127.0.0.1", mute.local_endpoint().port(), "sip.test"}, "h1");
    BOOST_TEST_REQUIRE(r.error.has_value());
    BOOST_TEST(*r.error == tx::errc::transport_failed);
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(2)));
    BOOST_TEST(client.counters().connections_failed == 1u);
}

BOOST_AUTO_TEST_CASE(tls_refuses_a_server_signed_by_another_ca)
{
    asio::io_context io;
    server s(io, tx::transport_kind::tls);
    tx::layer client(io, [](tx::event const&) {}, trusting(pki().other_ca));
    auto r = ask(io, client, {tx::transport_kind::tls, "127.0.0.1", s.port, "sip.test"}, "s4");
    BOOST_TEST_REQUIRE(r.error.has_value());
    BOOST_TEST(*r.error == tx::errc::transport_failed);
    BOOST_TEST(s.requests == 0);
}

BOOST_AUTO_TEST_CASE(tls_listening_without_a_certificate_is_an_error)
{
    asio::io_context io;
    tx::layer l(io, [](tx::event const&) {});
    auto bound = l.listen(tx::transport_kind::tls, "127.0.0.1", 0);
    BOOST_TEST_REQUIRE(!bound.has_value());
    BOOST_TEST(bound.error() == tx::errc::not_configured);
}

BOOST_AUTO_TEST_CASE(websocket_and_secure_websocket_between_layers)
{
    asio::io_context io;
    server ws(io, tx::transport_kind::ws);
    server wss(io, tx::transport_kind::wss);
    tx::layer client(io, [](tx::event const&) {}, trusting(pki().ca));
    BOOST_TEST(ask(io, client, {tx::transport_kind::ws, "127.0.0.1", ws.port, {}}, "w1").status.value_or(0) == 200);
    BOOST_TEST(ws.last_via == "WS");
    BOOST_TEST(ask(io, client, {tx::transport_kind::wss, "127.0.0.1", wss.port, "sip.test"}, "w2").status.value_or(0) == 200);
    BOOST_TEST(wss.last_via == "WSS");
}

BOOST_AUTO_TEST_CASE(a_beast_client_speaks_sip_over_websocket)
{
    asio::io_context io;
    server s(io, tx::transport_kind::ws);
    std::thread layer_thread([&] { run_until(io, [&] { return s.requests >= 1; }, std::chrono::milliseconds(5000)); });
    std::string answer;
    std::string protocol;
    {
        asio::io_context cio;
        websocket::stream<asio::ip::tcp::socket> ws(cio);
        ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), s.port});
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(beast::http::field::sec_websocket_protocol, "sip");
        }));
        websocket::response_type res;
        ws.handshake(res, "127.0.0.1", "/");
        protocol = std::string(res[beast::http::field::sec_websocket_protocol]);
        ws.text(true);
        ws.write(asio::buffer(make_request("OPTIONS", "b1", "df7jal23ls0d.invalid", "WS")));
        beast::flat_buffer buffer;
        ws.read(buffer);
        answer = beast::buffers_to_string(buffer.data());
    }
    layer_thread.join();
    BOOST_TEST(protocol == "sip"); // RFC 7118 §4.1
    BOOST_TEST(answer.rfind("SIP/2.0 200 OK\r\n", 0) == 0);
    BOOST_TEST(answer.find("branch=z9hG4bKb1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_websocket_handshake_without_sip_is_refused_with_a_400)
{
    asio::io_context io;
    server s(io, tx::transport_kind::ws);
    std::thread layer_thread([&] { run_until(io, [] { return false; }, std::chrono::milliseconds(1000)); });
    bool refused = false;
    {
        asio::io_context cio;
        websocket::stream<asio::ip::tcp::socket> ws(cio);
        ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), s.port});
        websocket::response_type res;
        boost::system::error_code ec;
        ws.handshake(res, "127.0.0.1", "/", ec);
        refused = ec && res.result() == beast::http::status::bad_request;
    }
    layer_thread.join();
    BOOST_TEST(refused);
    BOOST_TEST(s.requests == 0);
}

BOOST_AUTO_TEST_CASE(keepalive_pings_get_pongs)
{
    asio::io_context io;
    server s(io, tx::transport_kind::tcp);
    tx::layer_options o;
    o.keepalive_interval = std::chrono::milliseconds(30);
    o.keepalive_timeout = std::chrono::milliseconds(200);
    tx::layer client(io, [](tx::event const&) {}, o);
    BOOST_TEST(ask(io, client, {tx::transport_kind::tcp, "127.0.0.1", s.port, {}}, "k1").status.value_or(0) == 200);
    BOOST_TEST(run_until(io, [&] { return client.counters().keepalives_sent >= 3; }));
    BOOST_TEST(client.counters().keepalive_failures == 0u);
}

BOOST_AUTO_TEST_CASE(a_silent_peer_fails_the_connection_and_its_transaction)
{
    asio::io_context io;
    // A TCP peer that accepts and reads but never answers anything, pings included.
    asio::ip::tcp::acceptor mute(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket held(io);
    std::array<char, 4096> sink{};
    std::function<void()> swallow = [&] {
        held.async_read_some(asio::buffer(sink), [&](boost::system::error_code ec, std::size_t) {
            if (!ec)
                swallow();
        });
    };
    mute.async_accept(held, [&](boost::system::error_code ec) {
        if (!ec)
            swallow();
    });
    tx::layer_options o;
    o.keepalive_interval = std::chrono::milliseconds(20);
    o.keepalive_timeout = std::chrono::milliseconds(50);
    tx::layer client(io, [](tx::event const&) {}, o);
    auto const started = std::chrono::steady_clock::now();
    auto r = ask(io, client, {tx::transport_kind::tcp, "127.0.0.1", mute.local_endpoint().port(), {}}, "k2");
    BOOST_TEST_REQUIRE(r.error.has_value());
    BOOST_TEST(*r.error == tx::errc::transport_failed); // not Timer F's timed_out, 32 s later
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(2)));
    BOOST_TEST(client.counters().keepalive_failures == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layer_listeners)

BOOST_AUTO_TEST_CASE(one_layer_listens_on_several_transports_and_addresses)
{
    asio::io_context io;
    int requests = 0;
    tx::layer_options o;
    o.tls.certificate_chain_file = pki().server_cert;
    o.tls.private_key_file = pki().server_key;
    tx::layer* self = nullptr;
    tx::layer s(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::request_received>(&e)) {
            ++requests;
            BOOST_TEST(!self->respond(r->key, make_response(r->request, 200, "OK")));
        }
    }, o);
    self = &s;
    auto udp4 = s.listen(tx::transport_kind::udp, "127.0.0.1", 0);
    auto udp6 = s.listen(tx::transport_kind::udp, "::1", 0);
    auto tcp6 = s.listen(tx::transport_kind::tcp, "::1", 0);
    auto tls4 = s.listen(tx::transport_kind::tls, "127.0.0.1", 0);
    BOOST_TEST_REQUIRE((udp4 && udp6 && tcp6 && tls4));
    tx::layer client(io, [](tx::event const&) {}, trusting(pki().ca));
    BOOST_TEST_REQUIRE(client.listen(tx::transport_kind::udp, "127.0.0.1", 0).has_value());
    BOOST_TEST_REQUIRE(client.listen(tx::transport_kind::udp, "::1", 0).has_value());
    BOOST_TEST(ask(io, client, {tx::transport_kind::udp, "127.0.0.1", *udp4, {}}, "l1").status.value_or(0) == 200);
    BOOST_TEST(ask(io, client, {tx::transport_kind::udp, "::1", *udp6, {}}, "l2").status.value_or(0) == 200);
    BOOST_TEST(ask(io, client, {tx::transport_kind::tcp, "::1", *tcp6, {}}, "l3").status.value_or(0) == 200);
    BOOST_TEST(ask(io, client, {tx::transport_kind::tls, "127.0.0.1", *tls4, "sip.test"}, "l4").status.value_or(0) == 200);
    BOOST_TEST(requests == 4);
}

BOOST_AUTO_TEST_CASE(openssl_s_client_talks_sip_to_our_tls_server)
{
    // A TLS client that is not ours: OpenSSL's, checking our certificate against the test CA
    // with SNI sip.test, sending one OPTIONS.
    asio::io_context io;
    server s(io, tx::transport_kind::tls);
    auto const request = make_request("OPTIONS", "o1", "client.invalid", "TLS");
    auto const request_file = pki().dir / "options.sip";
    std::ofstream(request_file, std::ios::binary) << request;
    std::thread layer_thread([&] { run_until(io, [&] { return s.requests >= 1; }, std::chrono::milliseconds(6000)); io.run_for(std::chrono::milliseconds(200)); });
    auto const command = "timeout 2 openssl s_client -quiet -ign_eof -verify_return_error -connect 127.0.0.1:" +
                         std::to_string(s.port) + " -servername sip.test -verify_hostname sip.test -CAfile " +
                         pki().ca + " < " + request_file.string() + " 2>/dev/null";
    std::string output;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        std::array<char, 4096> chunk{};
        while (auto n = std::fread(chunk.data(), 1, chunk.size(), p))
            output.append(chunk.data(), n);
        ::pclose(p);
    }
    layer_thread.join();
    BOOST_TEST(s.requests == 1);
    BOOST_TEST(output.find("SIP/2.0 200 OK\r\n") != std::string::npos, output);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layer_response_routing)

BOOST_AUTO_TEST_CASE(a_response_whose_connection_closed_opens_one_to_the_via)
{
    // §18.2.2: the client closed the connection its request came on; the response goes over a
    // new connection to the source address and the Via's sent-by port.
    asio::io_context io;
    std::optional<tx::transaction_key> pending;
    std::optional<std::string> request_copy;
    tx::layer s(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::request_received>(&e)) {
            pending = r->key;
            request_copy = std::string(r->request.bytes());
        }
    });
    auto port = s.listen(tx::transport_kind::tcp, "127.0.0.1", 0);
    BOOST_TEST_REQUIRE(port.has_value());
    asio::ip::tcp::acceptor back(io, {asio::ip::make_address("127.0.0.1"), 0});
    auto const back_port = back.local_endpoint().port();
    {
        asio::ip::tcp::socket client(io);
        client.connect({asio::ip::make_address("127.0.0.1"), *port});
        asio::write(client, asio::buffer(make_request("OPTIONS", "r1", "127.0.0.1:" + std::to_string(back_port), "TCP")));
        BOOST_TEST(run_until(io, [&] { return pending.has_value(); }));
    } // closed
    io.restart();
    io.run_for(std::chrono::milliseconds(100)); // the layer sees the close
    auto parsed = sip::parse_message(*request_copy);
    BOOST_TEST(!s.respond(*pending, make_response(*parsed, 200, "OK")));
    asio::ip::tcp::socket called_back(io);
    bool accepted = false;
    back.async_accept(called_back, [&](boost::system::error_code ec) { accepted = !ec; });
    BOOST_TEST(run_until(io, [&] { return accepted; }));
    std::array<char, 2048> buffer{};
    std::size_t got = 0;
    called_back.async_read_some(asio::buffer(buffer), [&](boost::system::error_code, std::size_t n) { got = n; });
    BOOST_TEST(run_until(io, [&] { return got > 0; }));
    BOOST_TEST(std::string_view(buffer.data(), got).rfind("SIP/2.0 200 OK\r\n", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layer_stream_errors)

BOOST_AUTO_TEST_CASE(a_connection_that_cannot_write_stops_queueing_at_its_bound)
{
    // A peer that accepts TCP and never finishes the TLS handshake: everything sent to it
    // waits in the connection's queue, which is bounded (4 MB), not the heap.
    asio::io_context io;
    asio::ip::tcp::acceptor mute(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket held(io);
    mute.async_accept(held, [](boost::system::error_code) {});
    tx::layer client(io, [](tx::event const&) {}, trusting(pki().ca));
    tx::target const to{tx::transport_kind::tls, "127.0.0.1", mute.local_endpoint().port(), "sip.test"};
    auto const padding = "X-Padding: " + std::string(2500, 'p') + "\r\n";
    int failed = 0;
    for (int i = 0; i < 1800; ++i) {
        auto key = client.send_request(make_request("OPTIONS", "q" + std::to_string(i), "127.0.0.1:5999", "TLS", padding),
                                       to, [&](boost::system::error_code ec, sip::message const* r) {
                                           if (!r && ec == tx::errc::transport_failed)
                                               ++failed;
                                       });
        BOOST_TEST_REQUIRE(key.has_value());
    }
    BOOST_TEST(run_until(io, [&] { return failed > 0; }));
    BOOST_TEST(client.counters().connections_overflowed == 1u);
}

BOOST_AUTO_TEST_CASE(a_malformed_request_over_tcp_gets_a_400_and_the_stream_goes_on)
{
    asio::io_context io;
    server s(io, tx::transport_kind::tcp);
    auto bad = make_request("OPTIONS", "x1", "127.0.0.1:5999", "TCP");
    bad.replace(bad.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 INVITE"); // method mismatch
    auto const good = make_request("OPTIONS", "x2", "127.0.0.1:5999", "TCP");
    std::string got;
    asio::ip::tcp::socket client(io);
    client.connect({asio::ip::make_address("127.0.0.1"), s.port});
    asio::write(client, asio::buffer(bad + good));
    std::array<char, 4096> buffer{};
    std::function<void()> read = [&] {
        client.async_read_some(asio::buffer(buffer), [&](boost::system::error_code ec, std::size_t n) {
            got.append(buffer.data(), n);
            if (!ec)
                read();
        });
    };
    read();
    BOOST_TEST(run_until(io, [&] { return got.find("SIP/2.0 200 OK") != std::string::npos; }));
    BOOST_TEST(got.rfind("SIP/2.0 400 Bad Request (", 0) == 0, got);
    BOOST_TEST(got.find("branch=z9hG4bKx1") < got.find("SIP/2.0 200 OK"));
    BOOST_TEST(s.requests == 1);
    BOOST_TEST(s.layer.counters().malformed_rejected == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
