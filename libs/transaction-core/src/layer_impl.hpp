#pragma once
// The inside of transaction::layer: transport endpoints, transaction tables and the timer heap.
// layer.cpp has the transports and the public calls, layer_server.cpp the server transactions,
// layer_client.cpp the client transactions and RFC 3263 fail-over.

#include <rvoip/transaction/client_transaction.hpp>
#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/memory_network.hpp>
#include <rvoip/transaction/server_transaction.hpp>

#include "connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/unordered/unordered_flat_map.hpp>

#include <array>
#include <functional>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace rvoip::transaction {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace detail {

constexpr std::size_t timer_kinds = static_cast<std::size_t>(timer::trying_100) + 1;

/// One UDP socket the layer listens on.
struct udp_port
{
    explicit udp_port(asio::io_context& io) : socket(io) {}
    udp::socket socket;
    bool v6 = false; ///< its address family, known at bind (no getsockname per datagram sent)
    udp::endpoint source;
    std::array<char, 65536> buffer{};
};

/// One listening socket of a connection transport.
struct listener
{
    listener(asio::io_context& io, transport_kind k) : acceptor(io), kind(k) {}
    tcp::acceptor acceptor;
    transport_kind kind;
};

/// Where a message goes: a datagram address (out of `port`, or over the memory network when
/// `port` is null), or the connection a request came on (RFC 3261 §18.2.2).
struct peer
{
    udp::endpoint address;
    udp_port* port = nullptr;
    std::shared_ptr<connection> conn;
};

/// §8.2.2.2: what makes two requests without a To tag the same request (views into one of
/// them: a message's buffer stays put while it lives).
struct merge_view
{
    std::string_view from_tag;
    std::string_view call_id;
    std::string_view method;
    std::uint64_t cseq = 0;
    bool operator==(merge_view const&) const = default;
};

struct merge_view_hash
{
    std::size_t operator()(merge_view const& m) const noexcept
    {
        std::hash<std::string_view> h;
        return h(m.call_id) ^ (h(m.from_tag) * 31) ^ (m.cseq * 0x9e3779b97f4a7c15ull);
    }
};

/// The tables key transactions by a pointer to the key their entry owns (one copy of it).
struct key_ptr_hash
{
    std::size_t operator()(transaction_key const* k) const noexcept { return k->hash(); }
};
struct key_ptr_equal
{
    bool operator()(transaction_key const* a, transaction_key const* b) const noexcept { return *a == *b; }
};

/// One server transaction and what the layer keeps for it. The request itself is let go once
/// a final response is sent: what the transaction still needs is copied out of it first.
struct server_entry
{
    server_entry(server_transaction m, std::uint64_t i, transaction_key k)
        : machine(m), id(i), key(std::move(k))
    {
    }
    server_transaction machine;
    std::uint64_t id = 0;
    transaction_key key;
    std::optional<sip::message> request; // until the final response
    bool invite = false;
    std::uint16_t via_port = 0;   // the top Via's sent-by port (0: absent), for §18.2.2
    std::string merge_text;       // out of dialog: what `merge` (by_merge_key's key) views
    merge_view merge{};
    std::string last_response;
    std::string final_to_tag;     // RFC 2543 INVITEs: the To tag of the final response sent
    peer destination;             // where responses go (RFC 3261 §18.2.2, RFC 3581)
    std::array<std::uint16_t, timer_kinds> generation{};
};

/// One client transaction: the request (its bytes are what is retransmitted; its parse builds
/// the ACK of a non-2xx).
struct client_entry
{
    client_transaction machine;
    transaction_key key;
    sip::message request;
    peer destination;
    response_handler handler; // empty: events go to the sink
    std::array<std::uint16_t, timer_kinds> generation{};
};

/// A timer in the heap; stale once its transaction's generation for it has moved on.
struct pending_timer
{
    clock_type::time_point at;
    std::uint64_t id;
    timer which;
    std::uint16_t generation;
    bool operator>(pending_timer const& o) const noexcept { return at > o.at; }
};

/// RFC 3263 §4.3: what is left to try for a located request.
struct failover
{
    std::vector<target> rest;
    int attempt = 0;
    std::string original; // the request as the TU gave it (before any §18.1.1 change)
};

} // namespace detail

struct layer::impl
{
    impl(asio::io_context& io, event_sink up, layer_options const& options);
    ~impl();

    asio::io_context& io;
    /// False once the layer is destroyed: handlers that finish later must not touch it.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    event_sink up;
    layer_options options;
    detail::connection_settings connection_settings;
    detail::connection_events connection_events;
    std::unique_ptr<detail::tls_contexts, void (*)(detail::tls_contexts*)> tls;
    std::vector<std::unique_ptr<detail::udp_port>> udp_ports;
    std::vector<std::unique_ptr<detail::listener>> listeners;
    memory_network* memory = nullptr;
    memory_address memory_self;
    /// The last memory peer seen each way: conversions between text and binary addresses
    /// skipped while the peer repeats.
    memory_address memory_from_text;
    udp::endpoint memory_from;
    udp::endpoint memory_to;
    memory_address memory_to_text;
    std::vector<std::shared_ptr<detail::connection>> connections;
    /// Connections we opened, reused per transport, destination and TLS server name (§18.1.1;
    /// a connection verified for one name proves nothing about another).
    std::map<std::tuple<transport_kind, tcp::endpoint, std::string>, std::shared_ptr<detail::connection>> outbound;
    std::unique_ptr<transaction::clock> own_clock; // the steady clock, unless options gave one
    transaction::clock* time = nullptr;
    std::unique_ptr<alarm> wake;
    clock_type::time_point armed_at{}; // when `wake` is waiting for, if armed
    bool armed = false;
    boost::unordered_flat_map<transaction_key const*, std::uint64_t, detail::key_ptr_hash, detail::key_ptr_equal> by_key;
    /// §8.2.2.2: From tag, Call-ID and CSeq of live out-of-dialog requests, to spot a copy of a
    /// request that reached us along another path (a forking proxy's merge).
    boost::unordered_flat_map<detail::merge_view, std::uint64_t, detail::merge_view_hash> by_merge_key;
    std::unordered_map<std::uint64_t, detail::server_entry> by_id;
    boost::unordered_flat_map<transaction_key, std::uint64_t, std::hash<transaction_key>> clients_by_key;
    std::unordered_map<std::uint64_t, detail::client_entry> clients;
    std::unordered_map<std::uint64_t, detail::failover> failovers;
    std::priority_queue<detail::pending_timer, std::vector<detail::pending_timer>, std::greater<>> timers;
    std::uint64_t next_id = 1;
    layer_counters stats;
    /// Work that must not run inside the call that found it (a transport failure found while
    /// the TU is in a callback, a request let go after the upcall that lent it out), run by one
    /// posted handler.
    std::vector<std::function<void()>> deferred;
    void defer(std::function<void()> work);

    // --- transports (layer.cpp) ---
    void receive(detail::udp_port& port);
    void drain_socket(detail::udp_port& port);
    void accept(detail::listener& l);
    std::shared_ptr<detail::connection> adopt(std::shared_ptr<detail::connection> c);
    std::shared_ptr<detail::connection> connection_to(target const& to, tcp::endpoint const& at);
    void connection_closed(detail::connection& c, boost::system::error_code error);
    boost::system::error_code ensure_tls();
    detail::udp_port* port_for(udp::endpoint const& to) noexcept;
    /// Sends a datagram (socket or memory network); false when it could not be sent.
    bool send_datagram(std::string_view bytes, detail::peer const& to);
    void on_datagram(std::string_view bytes, detail::peer const& from);

    // --- server transactions (layer_server.cpp) ---
    void on_request(sip::message request, detail::peer const& from);
    void apply(detail::server_entry& e, step const& s);
    void send_response(std::string_view bytes, detail::peer const& to, detail::server_entry* e);
    void reconnect(detail::server_entry& e);
    void reject_malformed(std::string_view bytes, sip::parse_error const& error, detail::peer const& from);
    boost::system::error_code respond(transaction_key const& key, std::string response);
    boost::system::error_code respond(transaction_key const& key, std::string response, int status,
                                      std::string_view to_tag);

    // --- client transactions (layer_client.cpp) ---
    boost::system::result<transaction_key> start_client(std::string request, target const& to,
                                                        response_handler handler);
    boost::system::result<transaction_key> start_client(sip::message request, target const& to,
                                                        response_handler handler);
    boost::system::result<detail::peer> destination_for(target const& to, transport_kind transport,
                                                        asio::ip::address const& address);
    boost::system::error_code send_outside(std::string_view bytes, target const& to);
    void on_response(sip::message const& response);
    void apply_client(std::uint64_t id, step const& s);
    bool has_next_target(std::uint64_t id) const;
    void try_next_target(std::uint64_t id, transaction_key const& before, std::string request,
                         response_handler handler);

    // --- timers (layer_server.cpp) ---
    void schedule_timers(std::uint64_t id, std::array<std::uint16_t, detail::timer_kinds>& generation,
                         step const& s);
    void schedule(detail::pending_timer t);
    void arm();
    void fire_due();
};

} // namespace rvoip::transaction
