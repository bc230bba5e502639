// Whole layers over the in-memory network: a client and a server transaction end to end,
// retransmission under loss, Timer F, the stateless 400, and the awaitable API.
#include <rvoip/transaction/awaitable.hpp>
#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include "layer_test_support.hpp"
#include "print.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <vector>

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
namespace asio = boost::asio;
using rvoip::test::make_request;
using rvoip::test::make_response;
using rvoip::test::run_until;

namespace {

tx::layer_options fast()
{
    tx::layer_options o;
    o.timers.t1 = std::chrono::milliseconds(2);
    o.timers.t2 = std::chrono::milliseconds(16);
    o.timers.t4 = std::chrono::milliseconds(20);
    return o;
}

/// A server layer at 10.0.0.2:5060 that answers every request with `status`.
struct uas
{
    uas(asio::io_context& io, tx::memory_network& net, int status_)
        : status(status_),
          layer(io, [this](tx::event const& e) { on_event(e); }, fast())
    {
        BOOST_TEST_REQUIRE(layer.listen(net, "10.0.0.2", 5060).has_value());
    }
    void on_event(tx::event const& e)
    {
        if (auto const* r = std::get_if<tx::request_received>(&e)) {
            ++requests;
            if (r->request.method() == sip::method::invite)
                BOOST_TEST(!layer.respond(r->key, make_response(r->request, 180, "Ringing")));
            BOOST_TEST(!layer.respond(r->key, make_response(r->request, status, "Answer")));
        } else if (std::get_if<tx::ack_received>(&e)) {
            ++acks;
        }
    }
    int status;
    int requests = 0;
    int acks = 0;
    tx::layer layer;
};

} // namespace

BOOST_AUTO_TEST_SUITE(layer_memory)

BOOST_AUTO_TEST_CASE(request_and_response_cross_the_memory_network)
{
    asio::io_context io;
    tx::memory_network net(io);
    uas server(io, net, 200);
    std::vector<int> statuses;
    tx::layer client(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::response_received>(&e))
            statuses.push_back(r->response.status_code());
    }, fast());
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    auto key = client.send_request(make_request("OPTIONS", "m1", "10.0.0.1:5060"), "10.0.0.2", 5060);
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(run_until(io, [&] { return !statuses.empty(); }));
    BOOST_TEST(statuses == std::vector<int>{200});
    BOOST_TEST(server.requests == 1);
    BOOST_TEST(client.counters().requests_retransmitted == 0u);
}

BOOST_AUTO_TEST_CASE(lost_requests_are_retransmitted_by_timer_e)
{
    asio::io_context io;
    tx::memory_network net(io);
    uas server(io, net, 200);
    int requests_seen = 0;
    net.set_filter([&](tx::memory_address const&, tx::memory_address const& to, std::string_view) {
        return !(to.ip == "10.0.0.2" && ++requests_seen <= 2); // lose the first two copies
    });
    std::optional<int> status;
    tx::layer client(io, [](tx::event const&) {}, fast());
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    auto key = client.send_request(make_request("OPTIONS", "m2", "10.0.0.1:5060"),
                                   tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}},
                                   [&](boost::system::error_code, sip::message const* r) {
                                       if (r)
                                           status = r->status_code();
                                   });
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(run_until(io, [&] { return status.has_value(); }));
    BOOST_TEST(*status == 200);
    BOOST_TEST(client.counters().requests_retransmitted == 2u);
    BOOST_TEST(net.dropped() == 2u);
}

BOOST_AUTO_TEST_CASE(nobody_there_ends_by_timer_f)
{
    asio::io_context io;
    tx::memory_network net(io);
    std::optional<boost::system::error_code> failure;
    tx::layer client(io, [](tx::event const&) {}, fast());
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    auto const started = std::chrono::steady_clock::now();
    auto key = client.send_request(make_request("OPTIONS", "m3", "10.0.0.1:5060"),
                                   tx::target{tx::transport_kind::udp, "10.0.0.9", 5060, {}},
                                   [&](boost::system::error_code ec, sip::message const* r) {
                                       if (!r)
                                           failure = ec;
                                   });
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(run_until(io, [&] { return failure.has_value(); }));
    BOOST_TEST(*failure == tx::errc::timed_out);
    BOOST_TEST((std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(128))); // 64*T1
    BOOST_TEST(client.counters().requests_retransmitted >= 5u);
}

BOOST_AUTO_TEST_CASE(a_malformed_request_gets_a_400_naming_the_problem)
{
    asio::io_context io;
    tx::memory_network net(io);
    uas server(io, net, 200);
    std::string answer;
    tx::memory_address probe{"10.0.0.7", 5060};
    BOOST_TEST_REQUIRE(!net.attach(probe, [&](tx::memory_address const&, std::string_view b) { answer = b; }));
    auto bad = make_request("OPTIONS", "m4", "10.0.0.7:5060");
    bad.replace(bad.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 INVITE"); // method mismatch
    net.send(probe, {"10.0.0.2", 5060}, bad);
    BOOST_TEST(run_until(io, [&] { return !answer.empty(); }));
    BOOST_TEST(answer.rfind("SIP/2.0 400 Bad Request (", 0) == 0);
    BOOST_TEST(answer.find("CSeq") != std::string::npos);
    BOOST_TEST(server.requests == 0);
}

BOOST_AUTO_TEST_CASE(async_request_awaits_the_final_response)
{
    asio::io_context io;
    tx::memory_network net(io);
    uas server(io, net, 486);
    tx::layer client(io, [](tx::event const&) {}, fast());
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    std::vector<int> provisional;
    std::optional<int> final_status;
    std::optional<boost::system::error_code> error;
    // GCC 12 miscompiles aggregate temporaries inside a co_await expression (they are
    // destroyed twice), so the arguments are named first.
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        tx::target const server_at{tx::transport_kind::udp, "10.0.0.2", 5060, {}};
        tx::target const nobody_at{tx::transport_kind::udp, "10.0.0.9", 5060, {}};
        auto invite = make_request("INVITE", "m5", "10.0.0.1:5060");
        auto options = make_request("OPTIONS", "m6", "10.0.0.1:5060");
        tx::other_response_handler const ringing = [&](sip::message const& r) {
            provisional.push_back(r.status_code());
        };
        auto final = co_await tx::async_request(client, std::move(invite), server_at, ringing, asio::use_awaitable);
        if (final)
            final_status = final->status_code();
        // Nobody at the second address: the result is the error.
        auto lost = co_await tx::async_request(client, std::move(options), nobody_at, {}, asio::use_awaitable);
        if (!lost)
            error = lost.error();
    }, asio::detached);
    BOOST_TEST(run_until(io, [&] { return error.has_value(); }));
    BOOST_TEST(provisional == std::vector<int>{180});
    BOOST_TEST_REQUIRE(final_status.has_value());
    BOOST_TEST(*final_status == 486);
    BOOST_TEST(*error == tx::errc::timed_out);
    // §17.1.1.3: the client transaction ACKed the 486 itself, inside the server transaction.
    BOOST_TEST(run_until(io, [&] { return server.layer.counters().retransmissions_absorbed >= 1; }));
}

BOOST_AUTO_TEST_CASE(async_request_reports_an_unusable_request_without_sending)
{
    asio::io_context io;
    tx::memory_network net(io);
    tx::layer client(io, [](tx::event const&) {}, fast());
    BOOST_TEST_REQUIRE(client.listen(net, "10.0.0.1", 5060).has_value());
    std::optional<boost::system::error_code> error;
    tx::async_request(client, "not a request", tx::target{tx::transport_kind::udp, "10.0.0.2", 5060, {}}, {},
                      [&](boost::system::result<sip::message> r) { error = r ? boost::system::error_code{} : r.error(); });
    BOOST_TEST(!error.has_value()); // completes later, never inside the call
    BOOST_TEST(run_until(io, [&] { return error.has_value(); }));
    BOOST_TEST(!!*error);
    BOOST_TEST(net.delivered() + net.dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(an_rfc2543_ack_matches_only_with_the_to_tag_sent)
{
    asio::io_context io;
    tx::memory_network net(io);
    uas server(io, net, 486); // answers To with ;tag=uas
    std::vector<std::string> answers;
    tx::memory_address old{"10.0.0.8", 5060};
    BOOST_TEST_REQUIRE(!net.attach(old, [&](tx::memory_address const&, std::string_view b) { answers.emplace_back(b); }));
    auto const old_style = [](std::string const& method, std::string const& to_tag) {
        return method + " sip:service@example.com SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 10.0.0.8:5060\r\n" // no branch: RFC 2543 matching (§17.2.3)
               "From: <sip:old@example.com>;tag=o1\r\n"
               "To: <sip:service@example.com>" + to_tag + "\r\n"
               "Call-ID: old-2543@test\r\n"
               "CSeq: 7 " + method + "\r\n"
               "Max-Forwards: 70\r\n"
               "Content-Length: 0\r\n\r\n";
    };
    net.send(old, {"10.0.0.2", 5060}, old_style("INVITE", ""));
    BOOST_TEST(run_until(io, [&] { return answers.size() >= 2; })); // 180, 486
    BOOST_TEST(answers.back().rfind("SIP/2.0 486", 0) == 0);
    auto const absorbed = server.layer.counters().retransmissions_absorbed;
    // Another UA's tag: not this transaction's ACK; it goes up to the TU.
    net.send(old, {"10.0.0.2", 5060}, old_style("ACK", ";tag=someone-else"));
    BOOST_TEST(run_until(io, [&] { return server.acks == 1; }));
    BOOST_TEST(server.layer.counters().retransmissions_absorbed == absorbed);
    // The tag of the 486: the transaction's ACK, absorbed (§17.2.1 Confirmed).
    net.send(old, {"10.0.0.2", 5060}, old_style("ACK", ";tag=uas"));
    BOOST_TEST(run_until(io, [&] { return server.layer.counters().retransmissions_absorbed == absorbed + 1; }));
    BOOST_TEST(server.acks == 1);
}

BOOST_AUTO_TEST_SUITE_END()
