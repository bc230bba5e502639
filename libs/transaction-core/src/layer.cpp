// The layer's transports: UDP sockets, listeners and connections, the memory network; and the
// public calls, which hand over to the server and client halves.
#include <rvoip/transaction/layer.hpp>

#include "layer_impl.hpp"

#include <rvoip/transaction/error.hpp>

#include <algorithm>

#include <boost/asio/post.hpp>

namespace rvoip::transaction {

std::string_view via_name(transport_kind t) noexcept
{
    switch (t) {
    case transport_kind::udp: return "UDP";
    case transport_kind::tcp: return "TCP";
    case transport_kind::tls: return "TLS";
    case transport_kind::ws: return "WS";
    case transport_kind::wss: return "WSS";
    }
    return "UDP";
}

layer::impl::impl(asio::io_context& io_, event_sink up_, layer_options const& options_)
    : io(io_), up(std::move(up_)), options(options_), tls(nullptr, [](detail::tls_contexts*) {})
{
    if (options.clock) {
        time = options.clock;
    } else {
        own_clock = std::make_unique<steady_clock_source>(io);
        time = own_clock.get();
    }
    wake = time->make_alarm();
    connection_settings.idle_timeout = options.idle_timeout;
    connection_settings.keepalive_interval = options.keepalive_interval;
    connection_settings.keepalive_timeout = options.keepalive_timeout;
    connection_settings.handshake_timeout = options.handshake_timeout;
    connection_settings.check = options.check;
    connection_settings.queued_total = std::make_shared<std::size_t>(0);
    connection_settings.verify_server = options.tls.verify_server;
    connection_events.message = [this](std::shared_ptr<detail::connection> const& from, sip::message m) {
        if (m.is_response())
            on_response(m);
        else
            on_request(std::move(m), detail::peer{{}, nullptr, from});
    };
    connection_events.malformed = [this](std::shared_ptr<detail::connection> const& from, std::string_view bytes,
                                         sip::parse_error const& error) {
        ++stats.datagrams_received;
        reject_malformed(bytes, error, detail::peer{{}, nullptr, from});
    };
    connection_events.closed = [this](detail::connection& c, boost::system::error_code error) {
        connection_closed(c, error);
    };
}

layer::impl::~impl()
{
    *alive = false;
    for (auto const& c : connections)
        c->detach();
    if (memory)
        memory->detach(memory_self);
}

// --- UDP ----------------------------------------------------------------------------------------

void layer::impl::receive(detail::udp_port& port)
{
    port.socket.async_receive_from(asio::buffer(port.buffer), port.source,
                                   [this, &port, alive = alive](boost::system::error_code ec, std::size_t n) {
                                       if (ec == asio::error::operation_aborted || !*alive)
                                           return;
                                       if (!ec)
                                           on_datagram(std::string_view(port.buffer.data(), n),
                                                       detail::peer{port.source, &port, nullptr});
                                       drain_socket(port);
                                       receive(port);
                                   });
}

/// Under load several datagrams wait at once: read them all (the socket is non-blocking)
/// before going back to the reactor, one system call each instead of two. Bounded so that
/// timers and other sockets still get their turn.
void layer::impl::drain_socket(detail::udp_port& port)
{
    for (int i = 0; i < 64; ++i) {
        boost::system::error_code ec;
        auto const n = port.socket.receive_from(asio::buffer(port.buffer), port.source, 0, ec);
        if (ec)
            return; // would_block: nothing more waiting (or an error the next read reports)
        on_datagram(std::string_view(port.buffer.data(), n), detail::peer{port.source, &port, nullptr});
    }
}

/// The socket a request to `to` leaves from: the first of its address family.
detail::udp_port* layer::impl::port_for(udp::endpoint const& to) noexcept
{
    for (auto const& p : udp_ports)
        if (p->v6 == to.address().is_v6())
            return p.get();
    return udp_ports.empty() ? nullptr : udp_ports.front().get();
}

bool layer::impl::send_datagram(std::string_view bytes, detail::peer const& to)
{
    auto* port = to.port ? to.port : memory ? nullptr : port_for(to.address);
    if (!port) {
        if (!memory)
            return false;
        if (to.address != memory_to) {
            memory_to = to.address;
            memory_to_text = {to.address.address().to_string(), to.address.port()};
        }
        memory->send(memory_self, memory_to_text, std::string(bytes));
        return true;
    }
    // The socket is non-blocking (for the receive drain): when its send buffer is full the
    // datagram is queued with the reactor instead of lost.
    boost::system::error_code ec;
    port->socket.send_to(asio::buffer(bytes.data(), bytes.size()), to.address, 0, ec);
    if (ec != asio::error::would_block)
        return !ec;
    auto copy = std::make_shared<std::string>(bytes);
    port->socket.async_send_to(asio::buffer(*copy), to.address, [copy](boost::system::error_code, std::size_t) {});
    return true;
}

void layer::impl::on_datagram(std::string_view bytes, detail::peer const& from)
{
    ++stats.datagrams_received;
    // RFC 5626 §4.4.1 keep-alives over UDP (CRLF CRLF, STUN aside) are not messages.
    if (bytes.find_first_not_of("\r\n") == std::string_view::npos)
        return;
    sip::parse_options po;
    po.check = options.check;
    auto msg = sip::parse_message(bytes, po);
    if (!msg) {
        reject_malformed(bytes, msg.error(), from);
        return;
    }
    if (msg->is_response()) {
        on_response(*msg);
        return;
    }
    on_request(std::move(*msg), from);
}

// --- connections --------------------------------------------------------------------------------

void layer::impl::accept(detail::listener& l)
{
    l.acceptor.async_accept([this, &l, alive = alive](boost::system::error_code ec, tcp::socket s) {
        if (ec == asio::error::operation_aborted || !*alive)
            return;
        if (!ec) {
            std::erase_if(connections, [](auto const& c) { return c->closed(); });
            if (connections.size() >= options.max_connections) {
                // A bound on what a flood of connections can hold (the socket closes here).
                ++stats.connections_refused;
                boost::system::error_code ignored;
                s.close(ignored);
            } else {
                ++stats.connections_accepted;
                auto c = adopt(detail::make_connection(l.kind, std::move(s), detail::server_context(tls.get()),
                                                       connection_events, stats, connection_settings));
                c->start_accepted();
            }
        }
        accept(l);
    });
}

std::shared_ptr<detail::connection> layer::impl::adopt(std::shared_ptr<detail::connection> c)
{
    connections.push_back(c);
    return c;
}

/// The connection to `at` over `to.transport`, reused when one is open (RFC 3261 §18.1.1),
/// else a new one.
std::shared_ptr<detail::connection> layer::impl::connection_to(target const& to, tcp::endpoint const& at)
{
    auto const k = std::make_tuple(to.transport, at, is_secure(to.transport) ? to.server_name : std::string());
    if (auto it = outbound.find(k); it != outbound.end() && !it->second->closed())
        return it->second;
    std::erase_if(connections, [](auto const& c) { return c->closed(); });
    if (connections.size() >= options.max_connections) {
        ++stats.connections_refused;
        return nullptr;
    }
    auto* context = detail::client_context(tls.get());
    if (is_secure(to.transport) && !context)
        return nullptr;
    auto c = adopt(detail::make_connection(to.transport, tcp::socket(io), context, connection_events,
                                           stats, connection_settings));
    outbound[k] = c;
    c->start_connect(at, to.server_name);
    return c;
}

/// §17.1.4: a connection that fails ends the client transactions waiting on it, soon (not
/// inside the send or read that noticed it). A closed outgoing connection is forgotten.
void layer::impl::connection_closed(detail::connection& c, boost::system::error_code)
{
    std::erase_if(outbound, [&c](auto const& o) { return o.second.get() == &c; });
    defer([this, conn = c.shared_from_this()] {
        std::vector<std::uint64_t> waiting;
        for (auto const& [id, entry] : clients)
            if (entry.destination.conn == conn)
                waiting.push_back(id);
        for (auto const id : waiting)
            if (auto it = clients.find(id); it != clients.end())
                apply_client(id, it->second.machine.on_transport_error());
    });
}

/// The SSL contexts, made from the options the first time TLS or WSS is used.
boost::system::error_code layer::impl::ensure_tls()
{
    if (tls)
        return {};
    boost::system::error_code ec;
    tls = detail::make_tls_contexts(options.tls, ec);
    if (ec)
        tls.reset();
    return ec;
}

void layer::impl::defer(std::function<void()> work)
{
    deferred.push_back(std::move(work));
    if (deferred.size() > 1)
        return; // a drain is posted already
    asio::post(io, [this, alive = alive] {
        if (!*alive)
            return;
        while (!deferred.empty()) {
            auto batch = std::move(deferred);
            deferred.clear();
            for (auto& task : batch)
                task();
        }
    });
}

// --- the public calls ---------------------------------------------------------------------------

layer::layer(asio::io_context& io, event_sink up, layer_options options)
    : impl_(std::make_unique<impl>(io, std::move(up), options))
{
}

layer::~layer() = default;

boost::system::result<std::uint16_t> layer::listen(transport_kind transport, std::string const& ip,
                                                   std::uint16_t port)
{
    auto& d = *impl_;
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(ip, ec);
    if (ec)
        return ec;
    if (transport == transport_kind::udp) {
        auto p = std::make_unique<detail::udp_port>(d.io);
        udp::endpoint const at(address, port);
        p->socket.open(at.protocol(), ec);
        if (!ec)
            p->socket.bind(at, ec);
        if (!ec)
            p->socket.non_blocking(true, ec);
        if (ec)
            return ec;
        boost::system::error_code best_effort; // capped by the kernel, never an error here
        p->socket.set_option(asio::socket_base::receive_buffer_size(
                                 static_cast<int>(std::min<std::size_t>(d.options.udp_receive_buffer, 1 << 30))),
                             best_effort);
        auto const bound = p->socket.local_endpoint().port();
        p->v6 = address.is_v6();
        d.udp_ports.push_back(std::move(p));
        d.receive(*d.udp_ports.back());
        return bound;
    }
    if (is_secure(transport))
        if (auto failed = d.ensure_tls())
            return failed;
    if (is_secure(transport) && !detail::server_context(d.tls.get()))
        return errc::not_configured;
    auto l = std::make_unique<detail::listener>(d.io, transport);
    tcp::endpoint const at(address, port);
    auto& a = l->acceptor;
    a.open(at.protocol(), ec);
    if (!ec)
        a.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        a.bind(at, ec);
    if (!ec)
        a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return ec;
    auto const bound = a.local_endpoint().port();
    d.listeners.push_back(std::move(l));
    d.accept(*d.listeners.back());
    return bound;
}

boost::system::result<std::uint16_t> layer::listen(memory_network& network, std::string const& ip,
                                                   std::uint16_t port)
{
    auto& d = *impl_;
    boost::system::error_code ec;
    asio::ip::make_address(ip, ec);
    if (ec)
        return ec;
    memory_address at{ip, port};
    ec = network.attach(at, [&d](memory_address const& from, std::string_view bytes) {
        if (from != d.memory_from_text || d.memory_from.port() == 0) {
            boost::system::error_code bad;
            auto const address = asio::ip::make_address(from.ip, bad);
            if (bad)
                return;
            d.memory_from_text = from;
            d.memory_from = udp::endpoint(address, from.port);
        }
        d.on_datagram(bytes, detail::peer{d.memory_from, nullptr, nullptr});
    });
    if (ec)
        return ec;
    if (d.memory)
        d.memory->detach(d.memory_self);
    d.memory = &network;
    d.memory_self = at;
    return at.port;
}

boost::system::result<transaction_key> layer::send_request(std::string request, target const& to,
                                                           response_handler on_response)
{
    return impl_->start_client(std::move(request), to, std::move(on_response));
}

boost::system::result<transaction_key> layer::send_request(std::string request,
                                                           std::vector<target> const& targets,
                                                           response_handler on_response)
{
    auto& d = *impl_;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto key = send_request(request, targets[i], on_response);
        if (!key)
            continue; // an unusable target: the next one
        auto const found = d.clients_by_key.find(*key);
        if (found == d.clients_by_key.end())
            return key; // already over (its failure reported)
        detail::failover state;
        state.rest.assign(targets.begin() + static_cast<std::ptrdiff_t>(i) + 1, targets.end());
        state.original = std::move(request);
        d.failovers[found->second] = std::move(state);
        return key;
    }
    return errc::transport_failed;
}

boost::system::result<transaction_key> layer::send_request(sip::message request, target const& to,
                                                           response_handler on_response)
{
    return impl_->start_client(std::move(request), to, std::move(on_response));
}

boost::system::result<transaction_key> layer::send_request(sip::message request,
                                                           std::vector<target> const& targets,
                                                           response_handler on_response)
{
    if (targets.size() == 1)
        return send_request(std::move(request), targets.front(), std::move(on_response));
    return send_request(std::string(request.bytes()), targets, std::move(on_response)); // fail-over keeps the text
}

boost::system::error_code layer::respond(transaction_key const& key, std::string response)
{
    return impl_->respond(key, std::move(response));
}

boost::system::error_code layer::respond(transaction_key const& key, sip::message const& response)
{
    if (!response.is_response())
        return errc::not_a_response;
    return impl_->respond(key, std::string(response.bytes()), response.status_code(), response.to().tag);
}

boost::system::error_code layer::send_outside_transaction(std::string_view message, target const& to)
{
    return impl_->send_outside(message, to);
}

boost::system::error_code layer::send_outside_transaction(sip::message const& message, target const& to)
{
    return impl_->send_outside(message.bytes(), to);
}

void layer::release_handler(transaction_key const& key)
{
    auto& d = *impl_;
    if (auto found = d.clients_by_key.find(key); found != d.clients_by_key.end())
        if (auto c = d.clients.find(found->second); c != d.clients.end())
            c->second.handler = {};
}

layer_counters layer::counters() const noexcept
{
    return impl_->stats;
}

asio::io_context& layer::context() const noexcept
{
    return impl_->io;
}

clock& layer::time_source() const noexcept
{
    return *impl_->time;
}

} // namespace rvoip::transaction
