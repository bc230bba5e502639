// The UDP transaction layer: receive loop, server transaction table, timer heap, responses.
#include <rvoip/transaction/layer.hpp>

#include <rvoip/transaction/client_transaction.hpp>
#include <rvoip/transaction/server_location.hpp>
#include <rvoip/transaction/server_transaction.hpp>

#include "stateless.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>

#include <rvoip/sip/stream_framer.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace rvoip::transaction {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr std::size_t timer_kinds = static_cast<std::size_t>(timer::trying_100) + 1;

class connection;

/// Where a response goes: a UDP address, or the TCP connection the request came on
/// (RFC 3261 §18.2.2: over a reliable transport, the response uses the same connection).
struct peer
{
    udp::endpoint address;           // UDP: where to send
    std::shared_ptr<connection> tcp; // TCP: the connection to answer on
};

/// One server transaction and what the layer keeps for it.
struct entry
{
    server_transaction machine;
    std::string merge_key; // empty for requests inside a dialog (To tag present)
    transaction_key key;
    sip::message request;
    std::string last_response;
    peer destination; // where responses go (RFC 3261 §18.2.2, RFC 3581)
    std::array<std::uint16_t, timer_kinds> generation{};
};

/// One client transaction: the request's bytes (for retransmission) and its parse (for the
/// ACK of a non-2xx).
struct client_entry
{
    client_transaction machine;
    transaction_key key;
    std::string bytes;
    sip::message request;
    udp::endpoint destination;
    std::shared_ptr<connection> tcp; // the connection it was sent on (TCP), else null
    std::array<std::uint16_t, timer_kinds> generation{};
};

/// §17.1.1.3: the ACK of a non-2xx final response: the request's Request-URI, top Via, Route,
/// From, Call-ID and CSeq number, and the response's To (with its tag).
std::string ack_for(sip::message const& request, sip::message const& response)
{
    std::string out = "ACK ";
    out.append(request.request_uri().text).append(" SIP/2.0\r\n");
    out.append("Via: ").append(request.top_via().text).append("\r\n");
    for (std::size_t i = 0; i < request.header_count(); ++i) {
        auto const f = request.header(i);
        if (f.id == sip::header_id::route)
            out.append("Route: ").append(f.value).append("\r\n");
    }
    out.append("Max-Forwards: 70\r\n");
    out.append("From: ").append(request.find(sip::header_id::from)->value).append("\r\n");
    out.append("To: ").append(response.find(sip::header_id::to)->value).append("\r\n");
    out.append("Call-ID: ").append(request.call_id()).append("\r\n");
    out.append("CSeq: ").append(std::to_string(request.cseq().number)).append(" ACK\r\n");
    out.append("Content-Length: 0\r\n\r\n");
    return out;
}

/// A timer in the heap; stale once its transaction's generation for it has moved on.
struct pending_timer
{
    clock_type::time_point at;
    std::uint64_t id;
    timer which;
    std::uint16_t generation;
    bool operator>(pending_timer const& o) const noexcept { return at > o.at; }
};

/// §18.2.2 with RFC 3581: rport present -> the source address and port; otherwise the
/// source address (the "received" host) and the sent-by port (5060 by default).
udp::endpoint response_destination(sip::via const& via, udp::endpoint const& source)
{
    if (via.has_rport)
        return source;
    return {source.address(), via.has_port ? via.port : std::uint16_t{5060}};
}

/// §8.2.2.2: requests without a To tag merge when From tag, Call-ID and CSeq agree.
std::string merge_key(sip::message const& request)
{
    if (!request.to().tag.empty())
        return {};
    std::string key(request.from().tag);
    key.append("|").append(request.call_id()).append("|");
    key.append(std::to_string(request.cseq().number)).append(" ").append(request.cseq().method_text);
    return key;
}

/// One accepted TCP connection: reads into a stream framer (RFC 3261 §18.3 framing, RFC 5626
/// keep-alives) and writes queued messages in order. Kept alive by the layer's set and by the
/// transactions that answer on it.
class connection : public std::enable_shared_from_this<connection>
{
public:
    using on_message = std::function<void(std::shared_ptr<connection> const&, sip::message)>;

    connection(tcp::socket socket, on_message deliver, layer_counters& stats,
               std::chrono::seconds idle_timeout)
        : socket_(std::move(socket)),
          idle_(socket_.get_executor()),
          idle_timeout_(idle_timeout),
          deliver_(std::move(deliver)),
          stats_(stats)
    {
    }

    void start()
    {
        arm_idle();
        read();
    }

    /// Connects to `to`, then starts reading and writes whatever was queued meanwhile.
    void connect(tcp::endpoint const& to)
    {
        connecting_ = true;
        socket_.async_connect(to, [self = shared_from_this()](boost::system::error_code ec) {
            self->connecting_ = false;
            if (ec) {
                self->close(); // its transactions end by Timer B/F (§17.1.4 as a timeout)
                return;
            }
            self->start();
            if (!self->out_.empty() && !self->writing_)
                self->write_next();
        });
    }
    bool closed() const noexcept { return closed_; }

    void send(std::string bytes)
    {
        if (closed_)
            return;
        out_.push_back(std::move(bytes));
        if (!writing_ && !connecting_)
            write_next();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        boost::system::error_code ignored;
        socket_.close(ignored);
        idle_.cancel();
    }

private:
    /// Closes the connection once nothing has arrived for the idle timeout.
    void arm_idle()
    {
        idle_.expires_after(idle_timeout_);
        idle_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->closed_)
                return;
            if (std::chrono::steady_clock::now() - self->last_read_ >= self->idle_timeout_) {
                ++self->stats_.idle_closed;
                self->close();
                return;
            }
            self->arm_idle();
        });
    }

    void read()
    {
        socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](
                                                           boost::system::error_code ec, std::size_t n) {
            if (ec || self->closed_) {
                self->close();
                return;
            }
            self->last_read_ = std::chrono::steady_clock::now();
            self->framer_.feed(std::string_view(self->buffer_.data(), n));
            self->drain();
            if (!self->closed_)
                self->read();
        });
    }

    void drain()
    {
        for (;;) {
            auto item = framer_.next();
            if (!item) {
                if (framer_.failed()) {
                    // A framing error leaves the stream unusable (§18.3): close it.
                    ++stats_.malformed_dropped;
                    close();
                    return;
                }
                if (item.error().code == sip::errc::need_more)
                    return;
                ++stats_.malformed_dropped; // framed but invalid: dropped, the stream goes on
                continue;
            }
            if (auto const* k = std::get_if<sip::keepalive>(&*item)) {
                if (k->ping)
                    send("\r\n"); // RFC 5626 §4.4.1: a pong
                continue;
            }
            deliver_(shared_from_this(), std::move(std::get<sip::message>(*item)));
            if (closed_)
                return;
        }
    }

    void write_next()
    {
        writing_ = true;
        asio::async_write(socket_, asio::buffer(out_.front()),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              self->out_.pop_front();
                              if (ec) {
                                  self->close();
                                  return;
                              }
                              if (self->out_.empty())
                                  self->writing_ = false;
                              else
                                  self->write_next();
                          });
    }

    tcp::socket socket_;
    asio::steady_timer idle_;
    std::chrono::seconds idle_timeout_;
    std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
    on_message deliver_;
    layer_counters& stats_;
    sip::stream_framer framer_;
    std::array<char, 16384> buffer_{};
    std::deque<std::string> out_;
    bool writing_ = false;
    bool connecting_ = false;
    bool closed_ = false;
};

bool detail_iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return false;
    return true;
}

} // namespace

struct layer::impl
{
    impl(asio::io_context& io_, event_sink up_, layer_options const& options_)
        : io(io_), up(std::move(up_)), options(options_), socket(io_), acceptor(io_), wake(io_)
    {
    }

    ~impl()
    {
        for (auto const& c : connections)
            c->close();
    }

    asio::io_context& io;
    event_sink up;
    layer_options options;
    udp::socket socket;
    tcp::acceptor acceptor;
    std::vector<std::shared_ptr<connection>> connections;
    std::map<tcp::endpoint, std::shared_ptr<connection>> outbound; // reused per destination
    asio::steady_timer wake;
    std::array<char, 65536> buffer{};
    udp::endpoint source;
    std::unordered_map<transaction_key, std::uint64_t> by_key;
    /// §8.2.2.2: From tag, Call-ID and CSeq of live out-of-dialog requests, to spot a copy of a
    /// request that reached us along another path (a forking proxy's merge).
    std::unordered_map<std::string, std::uint64_t> by_merge_key;
    std::unordered_map<std::uint64_t, entry> by_id;
    std::unordered_map<transaction_key, std::uint64_t> clients_by_key;
    std::unordered_map<std::uint64_t, client_entry> clients;
    /// RFC 3263 §4.3: what is left to try for a located request, by client transaction id.
    struct failover
    {
        std::vector<target> rest;
        int attempt = 0;
    };
    std::unordered_map<std::uint64_t, failover> failovers;
    layer* owner = nullptr; // for send_request from the failover path
    std::priority_queue<pending_timer, std::vector<pending_timer>, std::greater<>> timers;
    std::uint64_t next_id = 1;
    layer_counters stats;

    void receive()
    {
        socket.async_receive_from(asio::buffer(buffer), source,
                                  [this](boost::system::error_code ec, std::size_t n) {
                                      if (ec == asio::error::operation_aborted)
                                          return;
                                      if (!ec)
                                          on_datagram(std::string_view(buffer.data(), n));
                                      drain_socket();
                                      receive();
                                  });
    }

    /// Sends a datagram now; when the socket's send buffer is full (the socket is non-blocking
    /// for the receive drain below) the datagram is queued with the reactor instead of lost.
    void send_udp(std::string_view bytes, udp::endpoint const& to, boost::system::error_code& ec)
    {
        socket.send_to(asio::buffer(bytes.data(), bytes.size()), to, 0, ec);
        if (ec != asio::error::would_block)
            return;
        ec = {};
        auto copy = std::make_shared<std::string>(bytes);
        socket.async_send_to(asio::buffer(*copy), to,
                             [copy](boost::system::error_code, std::size_t) {});
    }

    /// Under load several datagrams wait at once: read them all (the socket is non-blocking)
    /// before going back to the reactor, one system call each instead of two. Bounded so that
    /// timers and other sockets still get their turn.
    void drain_socket()
    {
        for (int i = 0; i < 64; ++i) {
            boost::system::error_code ec;
            auto const n = socket.receive_from(asio::buffer(buffer), source, 0, ec);
            if (ec)
                return; // would_block: nothing more waiting (or an error the next read reports)
            on_datagram(std::string_view(buffer.data(), n));
        }
    }

    void accept()
    {
        acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec == asio::error::operation_aborted)
                return;
            if (!ec) {
                // Forget connections that have closed; keep the rest alive.
                std::erase_if(connections, [](auto const& c) { return c->closed(); });
                if (connections.size() >= options.max_connections) {
                    // A bound on what a flood of connections can hold (the socket closes here).
                    ++stats.connections_refused;
                    boost::system::error_code ignored;
                    s.close(ignored);
                } else {
                    auto c = make_connection(std::move(s));
                    c->start();
                }
            }
            accept();
        });
    }

    std::shared_ptr<connection> make_connection(tcp::socket s)
    {
        auto c = std::make_shared<connection>(
            std::move(s),
            [this](std::shared_ptr<connection> const& from, sip::message m) {
                ++stats.datagrams_received;
                if (m.is_response())
                    on_response(m);
                else
                    on_request(std::move(m), peer{{}, from});
            },
            stats, options.idle_timeout);
        connections.push_back(c);
        return c;
    }

    /// The connection to `to`, reused when one is open (RFC 3261 §18.1.1), else a new one.
    std::shared_ptr<connection> connection_to(tcp::endpoint const& to)
    {
        if (auto it = outbound.find(to); it != outbound.end() && !it->second->closed())
            return it->second;
        std::erase_if(connections, [](auto const& c) { return c->closed(); });
        auto c = make_connection(tcp::socket(io));
        c->connect(to);
        outbound[to] = c;
        return c;
    }

    void send(std::string_view bytes, peer const& to, entry* e)
    {
        if (to.tcp) {
            // Over a connection the write completes later; a broken one closes itself and
            // the transaction's timers end it (§17.2.4 as a timeout rather than at once).
            to.tcp->send(std::string(bytes));
            return;
        }
        send(bytes, to.address, e);
    }

    void send(std::string_view bytes, udp::endpoint const& to, entry* e)
    {
        boost::system::error_code ec;
        send_udp(bytes, to, ec);
        if (ec && e)
            apply(*e, e->machine.on_transport_error());
    }

    void on_datagram(std::string_view bytes)
    {
        ++stats.datagrams_received;
        // RFC 5626 §4.4.1 keep-alives over UDP (CRLF CRLF, STUN aside) are not messages.
        if (bytes.find_first_not_of("\r\n") == std::string_view::npos)
            return;
        sip::parse_options po;
        po.check = options.check;
        auto msg = sip::parse_message(bytes, po);
        if (!msg) {
            reject_malformed(bytes, msg.error());
            return;
        }
        if (msg->is_response()) {
            on_response(*msg);
            return;
        }
        on_request(std::move(*msg), peer{source, nullptr});
    }

    void on_response(sip::message const& response)
    {
        auto key = client_key(response);
        auto found = key ? clients_by_key.find(*key) : clients_by_key.end();
        if (found == clients_by_key.end()) {
            ++stats.stray_responses; // §18.1.2: responses that match nothing are dropped
            return;
        }
        auto const id = found->second;
        auto& c = clients.at(id);
        auto const s = c.machine.on_response(response.status_code());
        if (s.send_ack) {
            auto const ack = ack_for(c.request, response);
            if (c.tcp)
                c.tcp->send(ack); // the same connection (§17.1.1.3, §18.1.1)
            else
                send(ack, c.destination, nullptr);
        }
        bool const pass = s.pass_up;
        transaction_key const key_copy = c.key;
        // §4.3: a 503 from this target: try the next one instead of reporting it.
        bool const retarget = response.status_code() == 503 && has_next_target(id);
        std::string const request_copy = retarget ? c.bytes : std::string();
        apply_client(id, s);
        if (retarget) {
            if (pass)
                try_next_target(id, key_copy, request_copy);
            return;
        }
        if (pass)
            up(response_received{key_copy, response});
    }

    void apply_client(std::uint64_t id, step const& s)
    {
        auto it = clients.find(id);
        if (it == clients.end())
            return;
        auto& c = it->second;
        for (auto const& op : s.timers()) {
            auto& gen = c.generation[static_cast<std::size_t>(op.which)];
            ++gen;
            if (op.start)
                schedule({clock_type::now() + op.after, id, op.which, gen});
        }
        if (s.retransmit) {
            ++stats.requests_retransmitted;
            boost::system::error_code ec;
            send_udp(c.bytes, c.destination, ec);
        }
        if (s.terminated) {
            if (s.error) {
                transaction_key const key = c.key;
                std::string const bytes = c.bytes;
                clients_by_key.erase(key);
                clients.erase(it);
                if (has_next_target(id)) {
                    try_next_target(id, key, bytes); // §4.3: timeout or transport error
                    return;
                }
                failovers.erase(id);
                up(transaction_failed{key, s.error});
                return;
            }
            failovers.erase(id);
            clients_by_key.erase(c.key);
            clients.erase(it);
        }
    }

    static peer reply_to(sip::message const& request, peer const& from)
    {
        if (from.tcp)
            return from;
        return peer{response_destination(request.top_via(), from.address), nullptr};
    }

    bool has_next_target(std::uint64_t id) const
    {
        auto it = failovers.find(id);
        return it != failovers.end() && !it->second.rest.empty();
    }

    /// §4.3: the same request with a new branch to the next target; the TU is told the key.
    void try_next_target(std::uint64_t id, transaction_key const& before, std::string request)
    {
        auto state = std::move(failovers.at(id));
        failovers.erase(id);
        while (!state.rest.empty()) {
            auto const next = state.rest.front();
            state.rest.erase(state.rest.begin());
            ++state.attempt;
            auto fresh = with_new_branch(request, state.attempt);
            if (!fresh)
                break;
            auto key = owner->send_request(std::move(*fresh), next.address, next.port, next.transport);
            if (!key)
                continue; // an unusable target (TLS, bad address): the next one
            auto const now_id = clients_by_key.at(*key);
            failovers[now_id] = std::move(state);
            up(transaction_retargeted{before, *key});
            return;
        }
        up(transaction_failed{before, make_error_code(errc::transport_failed)});
    }

    /// The request with its top Via branch extended by ".N" (keeps the magic cookie).
    static std::optional<std::string> with_new_branch(std::string request, int attempt)
    {
        auto parsed = sip::parse_message(request);
        if (!parsed)
            return std::nullopt;
        auto const branch = std::string(parsed->top_via().branch);
        auto const at = request.find(";branch=" + branch);
        if (branch.empty() || at == std::string::npos)
            return std::nullopt;
        request.insert(at + 8 + branch.size(), "." + std::to_string(attempt));
        return request;
    }

    void reject_malformed(std::string_view bytes, sip::parse_error const& error)
    {
        // §8.2.2 / §21.4.1: a 400 whose reason phrase names the problem.
        auto response =
            detail::stateless_response_to_raw(bytes, 400, "Bad Request (" + error.message() + ")");
        if (!response) {
            ++stats.malformed_dropped;
            return;
        }
        ++stats.malformed_rejected;
        send(*response, source, nullptr);
    }

    void on_request(sip::message request, peer from)
    {
        ++stats.requests_received;
        auto key = server_key(request);
        if (!key) {
            ++stats.malformed_dropped;
            return;
        }
        if (auto found = by_key.find(*key); found != by_key.end()) {
            auto& e = by_id.at(found->second);
            ++stats.retransmissions_absorbed;
            bool const ack = request.method() == sip::method::ack;
            auto const s = ack ? e.machine.on_ack() : e.machine.on_request_retransmission();
            apply(e, s); // may end the transaction: e is not used after this
            if (ack && s.pass_up)
                up(ack_received{request}); // RFC 6026 §7.1: a 2xx's ACK in Accepted
            return;
        }
        if (request.method() == sip::method::ack) {
            up(ack_received{request}); // the ACK of a 2xx: the dialog layer's
            return;
        }
        if (by_id.size() >= options.max_transactions) {
            ++stats.overload_rejected;
            send(detail::response_to(request, 503, "Service Unavailable", {}), reply_to(request, from), nullptr);
            return;
        }
        auto merge = merge_key(request);
        if (!merge.empty() && by_merge_key.count(merge)) {
            // §8.2.2.2: the same request by another path: 482 (Loop Detected).
            send(detail::response_to(request, 482, "Loop Detected", {}), reply_to(request, from), nullptr);
            ++stats.merged_rejected;
            return;
        }
        bool const invite = request.method() == sip::method::invite;
        auto const id = next_id++;
        bool const reliable = from.tcp != nullptr;
        auto destination = reply_to(request, from);
        auto [it, _] = by_id.emplace(
            id, entry{server_transaction(invite, reliable, options.timers), merge, *key,
                      std::move(request), {}, destination, {}});
        by_key.emplace(std::move(*key), id);
        if (!merge.empty())
            by_merge_key.emplace(std::move(merge), id);
        stats.live_transactions = by_id.size();
        auto& e = it->second;
        auto const s = e.machine.start();
        apply(e, s);
        if (s.pass_up)
            up(request_received{e.key, e.request});
    }

    /// Carries out a step for `e`: retransmissions, timers, and the end of the transaction.
    void apply(entry& e, step const& s)
    {
        auto const id = by_key.at(e.key);
        bool const resend = s.retransmit && !e.last_response.empty();
        if (s.send_trying) {
            e.last_response = detail::response_to(e.request, 100, "Trying", {});
            ++stats.responses_sent;
        }
        for (auto const& op : s.timers()) {
            auto& gen = e.generation[static_cast<std::size_t>(op.which)];
            ++gen;
            if (op.start)
                schedule({clock_type::now() + op.after, id, op.which, gen});
        }
        if (s.terminated) {
            if (s.error)
                up(transaction_failed{e.key, s.error});
            auto key = e.key;
            if (!e.merge_key.empty())
                by_merge_key.erase(e.merge_key);
            by_key.erase(key);
            by_id.erase(id);
            stats.live_transactions = by_id.size();
            return;
        }
        // Sending last: a transport error re-enters apply() and may end the transaction.
        if (resend || s.send_trying) {
            stats.responses_retransmitted += resend;
            send(e.last_response, e.destination, &e);
        }
    }

    void schedule(pending_timer t)
    {
        bool const earliest = timers.empty() || t.at < timers.top().at;
        timers.push(t);
        if (earliest)
            arm();
    }

    void arm()
    {
        if (timers.empty())
            return;
        wake.expires_at(timers.top().at);
        wake.async_wait([this](boost::system::error_code ec) {
            if (ec == asio::error::operation_aborted)
                return;
            fire_due();
        });
    }

    void fire_due()
    {
        auto const now = clock_type::now();
        while (!timers.empty() && timers.top().at <= now) {
            auto const t = timers.top();
            timers.pop();
            if (auto c = clients.find(t.id); c != clients.end()) {
                if (c->second.generation[static_cast<std::size_t>(t.which)] == t.generation)
                    apply_client(t.id, c->second.machine.on_timer(t.which));
                continue;
            }
            auto it = by_id.find(t.id);
            if (it == by_id.end() || it->second.generation[static_cast<std::size_t>(t.which)] != t.generation)
                continue; // stopped, restarted or its transaction is gone
            apply(it->second, it->second.machine.on_timer(t.which));
        }
        arm();
    }
};

layer::layer(asio::io_context& io, event_sink up, layer_options options)
    : impl_(std::make_unique<impl>(io, std::move(up), options))
{
    impl_->owner = this;
}

boost::system::result<transaction_key> layer::send_request(std::string request,
                                                           std::vector<target> const& targets)
{
    auto& d = *impl_;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto const& t = targets[i];
        if (t.transport == transport_kind::tls)
            continue;
        auto key = send_request(request, t.address, t.port, t.transport);
        if (!key)
            continue;
        impl::failover state;
        state.rest.assign(targets.begin() + static_cast<std::ptrdiff_t>(i) + 1, targets.end());
        d.failovers[d.clients_by_key.at(*key)] = std::move(state);
        return key;
    }
    return errc::transport_failed;
}

layer::~layer() = default;

boost::system::result<std::uint16_t> layer::listen_udp(std::string const& ip, std::uint16_t port)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(ip, ec);
    if (ec)
        return ec;
    udp::endpoint const at(address, port);
    impl_->socket.open(at.protocol(), ec);
    if (!ec)
        impl_->socket.bind(at, ec);
    if (!ec)
        impl_->socket.non_blocking(true, ec);
    if (ec)
        return ec;
    impl_->receive();
    return impl_->socket.local_endpoint().port();
}

boost::system::result<transaction_key> layer::send_request(std::string request, std::string const& ip,
                                                           std::uint16_t port, transport_kind transport)
{
    auto& d = *impl_;
    if (transport == transport_kind::tls)
        return errc::transport_failed; // TLS is not built yet (issue 5)
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(ip, ec);
    if (ec)
        return ec;
    sip::parse_options po;
    po.check = sip::validation::mandatory;
    auto parsed = sip::parse_message(request, po);
    if (!parsed)
        return parsed.error().code;
    if (!parsed->is_request() || !parsed->top_via().rfc3261_branch())
        return errc::missing_branch;
    // §18.1.1: a request within 200 bytes of the path MTU (1500) goes over a congestion-
    // controlled transport, and its top Via says so.
    if (transport == transport_kind::udp && request.size() > 1300 &&
        detail_iequals(parsed->top_via().transport, "UDP")) {
        auto const via_text = std::string(parsed->top_via().text);
        auto const at = request.find(via_text);
        auto const proto = via_text.find(std::string(parsed->top_via().transport));
        if (at != std::string::npos && proto != std::string::npos) {
            request.replace(at + proto, parsed->top_via().transport.size(), "TCP");
            auto reparsed = sip::parse_message(request, po);
            if (!reparsed)
                return reparsed.error().code;
            parsed = std::move(reparsed);
            transport = transport_kind::tcp;
        }
    }
    auto key = client_key_of_request(*parsed);
    if (!key)
        return key.error();
    if (d.clients_by_key.count(*key))
        return errc::wrong_state; // the branch is already in use
    bool const invite = parsed->method() == sip::method::invite;
    bool const reliable = transport == transport_kind::tcp;
    auto const id = d.next_id++;
    auto [it, _] = d.clients.emplace(
        id, client_entry{client_transaction(invite, reliable, d.options.timers), *key,
                         std::move(request), std::move(*parsed), udp::endpoint(address, port),
                         nullptr, {}});
    d.clients_by_key.emplace(*key, id);
    ++d.stats.requests_sent;
    auto& c = it->second;
    if (reliable) {
        c.tcp = d.connection_to(tcp::endpoint(address, port));
        c.tcp->send(c.bytes);
    } else {
        d.send_udp(c.bytes, c.destination, ec);
        if (ec) {
            d.apply_client(id, c.machine.on_transport_error());
            return errc::transport_failed;
        }
    }
    d.apply_client(id, c.machine.start());
    return *key;
}

boost::system::result<std::uint16_t> layer::listen_tcp(std::string const& ip, std::uint16_t port)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(ip, ec);
    if (ec)
        return ec;
    tcp::endpoint const at(address, port);
    auto& a = impl_->acceptor;
    a.open(at.protocol(), ec);
    if (!ec)
        a.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        a.bind(at, ec);
    if (!ec)
        a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return ec;
    impl_->accept();
    return a.local_endpoint().port();
}

boost::system::error_code layer::respond(transaction_key const& key, std::string response)
{
    auto found = impl_->by_key.find(key);
    if (found == impl_->by_key.end())
        return errc::wrong_state;
    auto& e = impl_->by_id.at(found->second);
    auto parsed_status = 0;
    if (response.size() > 12 && response.compare(0, 8, "SIP/2.0 ") == 0)
        parsed_status = (response[8] - '0') * 100 + (response[9] - '0') * 10 + (response[10] - '0');
    auto s = e.machine.send_response(parsed_status);
    if (!s)
        return s.error();
    e.last_response = std::move(response);
    ++impl_->stats.responses_sent;
    impl_->apply(e, *s); // timers only: a response step never ends the transaction
    impl_->send(e.last_response, e.destination, &e); // a transport error may end it
    return {};
}

layer_counters layer::counters() const noexcept
{
    return impl_->stats;
}

} // namespace rvoip::transaction
