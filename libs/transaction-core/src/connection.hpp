#pragma once
// A connection of a connection-oriented transport (TCP, TLS, WebSocket): connects or is
// accepted, completes its handshake, frames what it reads into SIP messages, writes queued
// messages in order, closes when idle, and on connections we opened sends RFC 5626 §4.4.1
// CRLF keep-alive pings and fails the connection when no pong comes back.

#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/transport.hpp>

#include <rvoip/sip/message.hpp>
#include <rvoip/sip/stream_framer.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
template<class Stream>
class stream;
}

namespace rvoip::transaction::detail {

class connection;

/// What connections report to the layer.
struct connection_events
{
    /// A complete message arrived.
    std::function<void(std::shared_ptr<connection> const&, sip::message)> message;
    /// A message arrived framed but invalid: its bytes and what is wrong (the layer answers a
    /// request with a 400, as for datagrams).
    std::function<void(std::shared_ptr<connection> const&, std::string_view, sip::parse_error const&)> malformed;
    /// The connection closed (once); `error` says why (empty for an orderly close).
    std::function<void(connection&, boost::system::error_code error)> closed;
};

struct connection_settings
{
    std::chrono::seconds idle_timeout{300};
    std::chrono::milliseconds keepalive_interval{0}; ///< 0: no pings (only on connections we open)
    std::chrono::milliseconds keepalive_timeout{10000};
    /// Connecting plus the TLS and WebSocket handshakes must finish within this.
    std::chrono::milliseconds handshake_timeout{10000};
    bool verify_server = true; ///< TLS/WSS clients: check the server's certificate
    sip::validation check = sip::validation::mandatory; ///< how strictly messages are parsed
    /// A peer that does not read cannot make us buffer without limit: a connection with more
    /// than this queued for writing is closed.
    std::size_t max_queued_bytes = 4 * 1024 * 1024;
    /// And all connections of a layer together no more than this (shared by them; null: no
    /// common bound).
    std::size_t max_queued_total = 256 * 1024 * 1024;
    std::shared_ptr<std::size_t> queued_total;
};

class connection : public std::enable_shared_from_this<connection>
{
public:
    virtual ~connection() = default;
    connection(connection const&) = delete;
    connection& operator=(connection const&) = delete;

    transport_kind kind() const noexcept { return kind_; }
    bool closed() const noexcept { return closed_; }
    /// The peer's address (known once connected or accepted).
    boost::asio::ip::tcp::endpoint const& remote() const noexcept { return remote_; }

    /// An accepted connection: the server side of the handshake, then reading.
    void start_accepted();
    /// Connects to `to` (TLS and WSS check the certificate against `server_name`), then
    /// reads and writes whatever was queued meanwhile.
    void start_connect(boost::asio::ip::tcp::endpoint const& to, std::string const& server_name);

    /// Queues `bytes` (one message) for writing.
    void send(std::string bytes);
    /// Closes the socket; the layer hears of it once through connection_events::closed.
    void close(boost::system::error_code why = {});
    /// Closes without telling the layer (which is going away).
    void detach();

protected:
    connection(boost::asio::any_io_executor const& ex, transport_kind kind,
               connection_events const& events, layer_counters& stats,
               connection_settings const& settings);

    // What a concrete stream implements. Each calls back exactly once.
    virtual void async_connect_and_handshake(boost::asio::ip::tcp::endpoint const& to,
                                             std::string const& server_name) = 0;
    virtual void async_accept_handshake() = 0;
    virtual void async_read_more() = 0;
    virtual void async_write_front(std::string const& bytes) = 0;
    virtual void close_stream() = 0;

    // Called by the concrete stream.
    void handshake_done(boost::system::error_code ec);
    /// Bytes of a byte stream (TCP, TLS): framed by Content-Length (RFC 3261 §18.3).
    void bytes_read(boost::system::error_code ec, std::string_view data);
    /// One WebSocket message: one whole SIP message (RFC 7118 §5).
    void message_read(boost::system::error_code ec, std::string_view data);
    void write_done(boost::system::error_code ec);

    boost::asio::ip::tcp::endpoint remote_;
    layer_counters& stats_;
    connection_settings settings_;

private:
    void ready();
    void drain_framer();
    void arm_idle();
    void arm_handshake();
    void unqueue(std::size_t n) noexcept;
    void arm_keepalive();
    void deliver(sip::message m);

    transport_kind kind_;
    connection_events const* events_; // null once detached
    boost::asio::steady_timer idle_;
    boost::asio::steady_timer keepalive_;
    std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point pong_due_{};
    std::chrono::steady_clock::time_point next_ping_{};
    sip::stream_framer framer_;
    std::deque<std::string> out_;
    std::size_t queued_bytes_ = 0;
    bool outbound_ = false;
    bool ready_ = false;
    bool writing_ = false;
    bool awaiting_pong_ = false;
    bool closed_ = false;
};

/// The SSL contexts of a layer: a server one (certificate and key) and a client one (CAs).
struct tls_contexts;
std::unique_ptr<tls_contexts, void (*)(tls_contexts*)> make_tls_contexts(tls_options const& options,
                                                                         boost::system::error_code& ec);
boost::asio::ssl::context* server_context(tls_contexts* c) noexcept;
boost::asio::ssl::context* client_context(tls_contexts* c) noexcept;

/// The client side of a TLS handshake to be: SNI (for a name; never an IP address, RFC 6066
/// §3) and, when `verify`, the certificate check against `name` (RFC 5922 §7.2). False when
/// the name cannot be checked (the handshake must not go ahead).
bool prepare_tls_client(boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& stream,
                        std::string const& name, bool verify);

/// A connection of `kind` over `socket` (open for accepted ones, fresh for outgoing ones).
/// TLS and WSS need the matching context (server for accepted, client for outgoing).
std::shared_ptr<connection> make_connection(transport_kind kind, boost::asio::ip::tcp::socket socket,
                                            boost::asio::ssl::context* tls,
                                            connection_events const& events, layer_counters& stats,
                                            connection_settings const& settings);

// One factory per stream type, each in its own .cpp so that Beast and SSL compile once.
std::shared_ptr<connection> make_tcp_connection(boost::asio::ip::tcp::socket socket,
                                                connection_events const& events,
                                                layer_counters& stats,
                                                connection_settings const& settings);
std::shared_ptr<connection> make_tls_connection(boost::asio::ip::tcp::socket socket,
                                                boost::asio::ssl::context& tls,
                                                connection_events const& events,
                                                layer_counters& stats,
                                                connection_settings const& settings);
std::shared_ptr<connection> make_ws_connection(boost::asio::ip::tcp::socket socket,
                                               boost::asio::ssl::context* tls,
                                               connection_events const& events,
                                               layer_counters& stats,
                                               connection_settings const& settings);

} // namespace rvoip::transaction::detail
