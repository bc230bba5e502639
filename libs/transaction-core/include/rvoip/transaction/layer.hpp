#pragma once
// The transaction layer over UDP and TCP: receives datagrams, parses them, matches them to server
// transactions (RFC 3261 §17.2.3), runs the state machines and their timers on the stack's
// io_context, retransmits responses, and answers malformed requests statelessly with a 400
// whose reason phrase names the problem. Events go up to the one sink given at construction.
//
// Not here yet (issue 5): TLS, WebSocket, RFC 3263.

#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/timers.hpp>
#include <rvoip/transaction/transaction_key.hpp>

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

struct target;

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

/// The transports a request can be sent over.
enum class transport_kind : std::uint8_t
{
    udp,
    tcp,
    tls, // located by RFC 3263; the layer cannot send over it yet
};

/// Limits and timers of a layer.
struct layer_options
{
    timer_settings timers{};
    std::size_t max_transactions = 200000; ///< new requests beyond this get a 503
    std::size_t max_connections = 10000;   ///< TCP connections beyond this are refused (closed)
    sip::validation check = sip::validation::mandatory;
    /// A TCP connection with nothing received for this long is closed (RFC 3261 §18.3 leaves
    /// the time to the implementation; keep-alives count as traffic).
    std::chrono::seconds idle_timeout{300};
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
    std::uint64_t connections_refused = 0;      ///< accepted then closed: max_connections reached
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

    /// Listens on UDP at `ip`:`port` (port 0 picks one). Returns the bound port.
    boost::system::result<std::uint16_t> listen_udp(std::string const& ip, std::uint16_t port);

    /// Starts a client transaction: sends `request` (whose top Via carries an RFC 3261 branch)
    /// to `ip`:`port`, retransmits it by Timer A or E over UDP, ACKs non-2xx final responses to
    /// an INVITE itself (§17.1.1.3), and reports responses and timeouts as events. Returns the
    /// key its responses will carry. Over TCP, one connection per destination is opened and
    /// reused (its responses come back on it). A UDP request larger than 1300 bytes goes over
    /// TCP instead, with its top Via's transport changed to TCP (RFC 3261 §18.1.1).
    /// Errors: the request does not parse, has no branch, or the address is unusable.
    boost::system::result<transaction_key> send_request(std::string request, std::string const& ip,
                                                        std::uint16_t port,
                                                        transport_kind transport = transport_kind::udp);

    /// Sends `request` to the first of `targets` (from locate(), RFC 3263) and fails over to
    /// the next on a timeout, a transport error or a 503 (§4.3), each time as a new client
    /// transaction with a new branch (reported by transaction_retargeted). The TU sees the
    /// responses of the target that answers, or the failure of the last one. TLS targets are
    /// skipped. Errors: as send_request(), or errc::transport_failed when no target is usable.
    boost::system::result<transaction_key> send_request(std::string request,
                                                        std::vector<target> const& targets);

    /// Accepts TCP connections at `ip`:`port` (port 0 picks one): messages are framed by
    /// Content-Length (RFC 3261 §18.3), responses go back on the connection the request came
    /// on, CRLF CRLF pings get a CRLF pong (RFC 5626 §4.4.1), and a framing error closes the
    /// connection. Returns the bound port.
    boost::system::result<std::uint16_t> listen_tcp(std::string const& ip, std::uint16_t port);

    /// Sends `response` in the server transaction `key` and hands it to the state machine
    /// (which retransmits it as §17.2.1 says). Errors: errc::wrong_state, errc::not_a_response,
    /// and errc::wrong_state for an unknown key.
    boost::system::error_code respond(transaction_key const& key, std::string response);

    layer_counters counters() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::transaction
