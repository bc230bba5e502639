#pragma once
// The transaction layer over its transports (UDP, TCP, TLS, WebSocket, or an in-memory
// network): receives messages, parses them, matches them to transactions (RFC 3261 §17.1.3,
// §17.2.3), runs the state machines and their timers on the stack's io_context, retransmits,
// routes responses (§18.2.2, RFC 3581), and answers malformed requests statelessly with a 400
// whose reason phrase names the problem. Events go up to the one sink given at construction;
// a request sent with its own response handler reports to that handler instead (the base of
// the awaitable API in awaitable.hpp).

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/timers.hpp>
#include <rvoip/transaction/transaction_key.hpp>
#include <rvoip/transaction/transport.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace rvoip::transaction {

class memory_network;

/// A new request created a server transaction. The references live for the call only; the
/// transaction user answers with layer::respond(key, ...).
struct request_received
{
    transaction_key const& key;
    sip::message const& request;
};

/// An ACK that matched no transaction: the ACK of a 2xx, which belongs to the dialog layer
/// (RFC 3261 §17.1.1.3, RFC 6026). Lives for the call only.
struct ack_received
{
    sip::message const& ack;
};

/// A response matched a client transaction (§17.1.3) and the state machine passes it up:
/// provisional and final responses, and RFC 6026's 2xx retransmissions. Lives for the call.
struct response_received
{
    transaction_key const& key;
    sip::message const& response;
};

/// A transaction ended without what it waited for: a client one timed out (Timer B or F), a
/// server one got no ACK (Timer H), or the transport failed.
struct transaction_failed
{
    transaction_key const& key;
    boost::system::error_code error;
};

/// A located request (layer::send_request to targets) failed at one target (timeout, transport
/// error, or 503) and was sent again, with a new branch, to the next (RFC 3263 §4.3). Events for
/// it now carry `now`.
struct transaction_retargeted
{
    transaction_key const& before;
    transaction_key const& now;
};

using event = std::variant<request_received, ack_received, response_received, transaction_failed,
                           transaction_retargeted>;
using event_sink = std::function<void(event const&)>;

/// What a client transaction started with its own handler reports: each response as it
/// comes (provisional, final, and an INVITE's further 2xx of RFC 6026), or, with `response`
/// null, the error that ended it (timeout, transport failure). Lives for the call only.
using response_handler =
    std::function<void(boost::system::error_code error, sip::message const* response)>;

/// Limits and timers of a layer.
struct layer_options
{
    timer_settings timers{};
    std::size_t max_transactions = 200000; ///< new requests beyond this get a 503
    std::size_t max_connections = 10000;   ///< TCP connections beyond this are refused (closed)
    sip::validation check = sip::validation::mandatory;
    /// A connection with nothing received for this long is closed (RFC 3261 §18.3 leaves
    /// the time to the implementation; keep-alives count as traffic).
    std::chrono::seconds idle_timeout{300};
    /// RFC 5626 §4.4.1: on TCP and TLS connections this layer opened, a CRLF CRLF ping this
    /// often (0: none); a ping without a pong within keepalive_timeout fails the connection
    /// and the transactions on it.
    std::chrono::milliseconds keepalive_interval{0};
    std::chrono::milliseconds keepalive_timeout{10000};
    /// A connection must be connected, and through its TLS and WebSocket handshakes, within
    /// this (ours and accepted ones alike).
    std::chrono::milliseconds handshake_timeout{10000};
    /// The receive buffer asked for each UDP socket (the kernel caps it at net.core.rmem_max):
    /// room for the datagrams that arrive while the layer is busy, e.g. growing its tables.
    std::size_t udp_receive_buffer = 4 * 1024 * 1024;
    /// Timers fire up to this much late, so that timers due close together (under load,
    /// thousands a second) share one wake-up of the io_context instead of one each.
    std::chrono::milliseconds timer_granularity{4};
    /// Certificates for TLS and WSS (listening needs a certificate; connecting a CA file).
    tls_options tls{};
    /// The clock the transaction timers run on (not owned; it must outlive the layer). Null:
    /// the steady clock, with timer_granularity. A given clock (manual_clock in tests) fires
    /// each timer at its exact time. Connection timers of real sockets (idle, keep-alive,
    /// handshake) stay on the steady clock: they wait for the network, not for the RFC.
    transaction::clock* clock = nullptr;
};

/// What the layer has seen, for operators and benchmarks.
struct layer_counters
{
    std::uint64_t datagrams_received = 0;
    std::uint64_t requests_received = 0;
    std::uint64_t retransmissions_absorbed = 0; ///< request copies answered from the transaction
    std::uint64_t responses_sent = 0;
    std::uint64_t responses_retransmitted = 0;
    std::uint64_t malformed_rejected = 0;       ///< stateless 400s sent
    std::uint64_t malformed_dropped = 0;        ///< unparseable datagrams with no reply possible
    std::uint64_t stray_responses = 0;          ///< responses matching no client transaction
    std::uint64_t requests_sent = 0;            ///< client transactions started
    std::uint64_t requests_retransmitted = 0;   ///< Timer A/E retransmissions
    std::uint64_t overload_rejected = 0;        ///< 503s for max_transactions
    std::uint64_t merged_rejected = 0;          ///< 482s for merged requests (§8.2.2.2)
    std::uint64_t idle_closed = 0;              ///< TCP connections closed for idleness
    std::uint64_t connections_accepted = 0;     ///< connections peers opened to us
    std::uint64_t connections_refused = 0;      ///< accepted then closed: max_connections reached
    std::uint64_t connections_failed = 0;       ///< connect, TLS or WebSocket handshake failed
    std::uint64_t keepalives_sent = 0;          ///< CRLF CRLF pings on our connections
    std::uint64_t keepalive_failures = 0;       ///< connections failed for a missing pong
    std::uint64_t connections_overflowed = 0;   ///< closed: the peer did not read what we sent
    std::uint64_t sent_outside_transactions = 0; ///< send_outside_transaction() sends
    std::uint64_t live_transactions = 0;
};

class layer
{
public:
    /// `io` runs every handler of the layer; `up` receives its events.
    layer(boost::asio::io_context& io, event_sink up, layer_options options = {});
    ~layer();
    layer(layer const&) = delete;
    layer& operator=(layer const&) = delete;

    /// Listens on `transport` at `ip`:`port` (port 0 picks one); call it once per transport
    /// and address, IPv4 or IPv6. Returns the bound port. Over connections, messages are framed
    /// by Content-Length (RFC 3261 §18.3) or by WebSocket message (RFC 7118), responses go back
    /// on the connection the request came on, CRLF CRLF pings get a pong (RFC 5626 §4.4.1), a
    /// malformed request gets a 400 naming the problem (as over UDP), and a framing error
    /// closes the connection. TLS and WSS need tls_options' certificate
    /// (errc::not_configured otherwise); WS and WSS accept only the "sip" subprotocol.
    boost::system::result<std::uint16_t> listen(transport_kind transport, std::string const& ip,
                                                std::uint16_t port);

    /// Attaches the layer to an in-memory network at `ip`:`port` (port 0 picks one) instead of
    /// UDP sockets: every UDP send goes there. Returns the bound port.
    boost::system::result<std::uint16_t> listen(memory_network& network, std::string const& ip,
                                                std::uint16_t port);

    /// Starts a client transaction: sends `request` (whose top Via carries an RFC 3261 branch)
    /// to `to`, retransmits it by Timer A or E over UDP, ACKs non-2xx final responses to an
    /// INVITE itself (§17.1.1.3), and reports responses and timeouts to `on_response`, or as
    /// events when it is empty. Returns the key its responses carry. Over a connection
    /// transport, one connection per destination is opened and reused (responses come back on
    /// it); its failure (refused, TLS certificate or name mismatch, keep-alive) ends the
    /// transaction at once. A UDP request larger than 1300 bytes goes over TCP instead, with
    /// its top Via's transport changed to TCP (§18.1.1).
    /// Errors: the request does not parse, has no branch, or the address is unusable.
    boost::system::result<transaction_key> send_request(std::string request, target const& to,
                                                        response_handler on_response = {});

    /// send_request() to an address over `transport`.
    boost::system::result<transaction_key> send_request(std::string request, std::string const& ip,
                                                        std::uint16_t port,
                                                        transport_kind transport = transport_kind::udp)
    {
        return send_request(std::move(request), target{transport, ip, port, {}});
    }

    /// Sends `request` to the first of `targets` (from locate(), RFC 3263) and fails over to
    /// the next on a timeout, a transport error or a 503 (§4.3), each time as a new client
    /// transaction with a new branch (reported by transaction_retargeted). The TU sees the
    /// responses of the target that answers, or the failure of the last one.
    /// Errors: as send_request(), or errc::transport_failed when no target is usable.
    boost::system::result<transaction_key> send_request(std::string request,
                                                        std::vector<target> const& targets,
                                                        response_handler on_response = {});

    /// send_request() of a message already built (sip::message_builder) or received: it goes
    /// down as it is, without being rendered or parsed again. It must carry the mandatory
    /// headers and a top Via with an RFC 3261 branch.
    boost::system::result<transaction_key> send_request(sip::message request, target const& to,
                                                        response_handler on_response = {});
    /// send_request() of a built message to RFC 3263 targets, with fail-over (see above).
    boost::system::result<transaction_key> send_request(sip::message request,
                                                        std::vector<target> const& targets,
                                                        response_handler on_response = {});

    /// Sends a message outside any transaction, over the same transports and connection
    /// reuse as a client transaction to `to` (a connection to `to` that is open is used; else
    /// one is opened): the ACK of a 2xx (RFC 3261 §13.2.2.4, its own transaction-less request)
    /// and other stateless sends of the layers above. Nothing is retransmitted or matched.
    /// A UAS core's 2xx retransmissions (§13.3.1.4) go through respond() instead: the INVITE
    /// server transaction passes each 2xx down in its Accepted state (RFC 6026 §7.1), which
    /// lasts the 64*T1 of those retransmissions, to the address or connection the INVITE came
    /// from. Errors: an unusable address, errc::not_configured (TLS without certificates),
    /// errc::transport_failed when a datagram could not be sent.
    boost::system::error_code send_outside_transaction(std::string_view message, target const& to);
    boost::system::error_code send_outside_transaction(sip::message const& message, target const& to);

    /// The client transaction `key`, started with its own handler, reports from now on to the
    /// event sink instead (its handler is dropped). No effect on an unknown key.
    void release_handler(transaction_key const& key);

    /// Sends `response` in the server transaction `key` and hands it to the state machine
    /// (which retransmits it as §17.2.1 says). Errors: errc::wrong_state, errc::not_a_response,
    /// and errc::wrong_state for an unknown key.
    boost::system::error_code respond(transaction_key const& key, std::string response);
    /// respond() with a built response: its status and To tag are read from the message, not
    /// parsed again from text. In the Accepted state of an INVITE server transaction a 2xx may
    /// be sent again (the UAS core's retransmissions, §13.3.1.4).
    boost::system::error_code respond(transaction_key const& key, sip::message const& response);

    layer_counters counters() const noexcept;

    /// The io_context the layer runs on.
    boost::asio::io_context& context() const noexcept;

    /// The clock the layer's timers run on (layer_options::clock, or its steady clock): the
    /// layers above schedule their own timers on it.
    transaction::clock& time_source() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::transaction
