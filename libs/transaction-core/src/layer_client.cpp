// Client transactions of the layer (RFC 3261 §17.1): sending over the chosen transport (and
// §18.1.1's switch to TCP), matching responses, the ACK of a non-2xx, reports to the sink or
// the transaction's own handler, and RFC 3263 §4.3 fail-over to the next target.
#include "ascii.hpp"
#include "layer_impl.hpp"

#include <rvoip/transaction/error.hpp>

#include <optional>

namespace rvoip::transaction {

namespace {

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

/// The request with its top Via branch extended by ".N" (keeps the magic cookie).
std::optional<std::string> with_new_branch(std::string request, int attempt)
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

/// §18.1.1: the request with its top Via's transport replaced (for the switch to TCP).
std::optional<std::string> with_via_transport(std::string request, sip::via const& via, std::string_view to)
{
    auto const via_text = std::string(via.text);
    auto const at = request.find(via_text);
    auto const proto = via_text.find(std::string(via.transport));
    if (at == std::string::npos || proto == std::string::npos)
        return std::nullopt;
    request.replace(at + proto, via.transport.size(), to);
    return request;
}

} // namespace

boost::system::result<transaction_key> layer::impl::start_client(std::string request, target const& to,
                                                                 response_handler handler)
{
    sip::parse_options po;
    po.check = sip::validation::mandatory;
    auto parsed = sip::parse_message(request, po);
    if (!parsed)
        return parsed.error().code;
    return start_client(std::move(*parsed), to, std::move(handler));
}

boost::system::result<transaction_key> layer::impl::start_client(sip::message request, target const& to,
                                                                 response_handler handler)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(to.address, ec);
    if (ec)
        return ec;
    if (!request.is_request() || !request.top_via().rfc3261_branch())
        return errc::missing_branch;
    auto transport = to.transport;
    // §18.1.1: a request within 200 bytes of the path MTU (1500) goes over a congestion-
    // controlled transport, and its top Via says so.
    if (transport == transport_kind::udp && !memory && request.bytes().size() > 1300 &&
        detail::iequals(request.top_via().transport, "UDP")) {
        if (auto changed = with_via_transport(std::string(request.bytes()), request.top_via(), "TCP")) {
            sip::parse_options po;
            po.check = sip::validation::mandatory;
            auto reparsed = sip::parse_message(*changed, po);
            if (!reparsed)
                return reparsed.error().code;
            request = std::move(*reparsed);
            transport = transport_kind::tcp;
        }
    }
    auto key = client_key_of_request(request);
    if (!key)
        return key.error();
    if (clients_by_key.count(*key))
        return errc::wrong_state; // the branch is already in use
    auto destination = destination_for(to, transport, address);
    if (!destination)
        return destination.error();
    bool const invite = request.method() == sip::method::invite;
    bool const reliable = transport != transport_kind::udp;
    auto const id = next_id++;
    auto [it, _] = clients.emplace(id, detail::client_entry{client_transaction(invite, reliable, options.timers),
                                                            *key, std::move(request), std::move(*destination),
                                                            std::move(handler), {}});
    clients_by_key.emplace(*key, id);
    ++stats.requests_sent;
    auto& c = it->second;
    if (c.destination.conn) {
        c.destination.conn->send(std::string(c.request.bytes()));
    } else if (!send_datagram(c.request.bytes(), c.destination)) {
        clients_by_key.erase(c.key); // the caller hears of it from the result alone
        clients.erase(it);
        return errc::transport_failed;
    }
    apply_client(id, c.machine.start());
    return *key;
}

/// Where a message to `to` goes: a datagram address, or the connection to it (opened now, or
/// the open one reused, §18.1.1). Errors: TLS without its contexts (errc::not_configured).
boost::system::result<detail::peer> layer::impl::destination_for(target const& to, transport_kind transport,
                                                                 asio::ip::address const& address)
{
    detail::peer destination{udp::endpoint(address, to.port), nullptr, nullptr};
    if (is_secure(transport))
        if (auto failed = ensure_tls())
            return failed;
    if (transport != transport_kind::udp) {
        auto routed = to;
        routed.transport = transport;
        destination.conn = connection_to(routed, tcp::endpoint(address, to.port));
        if (!destination.conn)
            return errc::not_configured; // TLS without its contexts
    }
    return destination;
}

boost::system::error_code layer::impl::send_outside(std::string_view bytes, target const& to)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(to.address, ec);
    if (ec)
        return ec;
    auto destination = destination_for(to, to.transport, address);
    if (!destination)
        return destination.error();
    ++stats.sent_outside_transactions;
    if (destination->conn) {
        destination->conn->send(std::string(bytes));
        return {};
    }
    return send_datagram(bytes, *destination) ? boost::system::error_code() : make_error_code(errc::transport_failed);
}

void layer::impl::on_response(sip::message const& response)
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
        auto ack = ack_for(c.request, response);
        if (c.destination.conn)
            c.destination.conn->send(std::move(ack)); // the same connection (§17.1.1.3, §18.1.1)
        else
            send_datagram(ack, c.destination);
    }
    bool const pass = s.pass_up;
    // §4.3: a 503 from this target: try the next one instead of reporting it.
    bool const retarget = response.status_code() == 503 && has_next_target(id);
    if (retarget) {
        transaction_key const before = c.key;
        std::string request(c.request.bytes());
        auto handler = c.handler;
        apply_client(id, s);
        if (pass)
            try_next_target(id, before, std::move(request), std::move(handler));
        return;
    }
    transaction_key const key_copy = c.key;
    auto handler = c.handler;
    if (response.status_code() >= 200)
        failovers.erase(id); // answered: nothing left to fail over to
    apply_client(id, s);
    if (!pass)
        return;
    if (handler)
        handler({}, &response);
    else
        up(response_received{key_copy, response});
}

void layer::impl::apply_client(std::uint64_t id, step const& s)
{
    auto it = clients.find(id);
    if (it == clients.end())
        return;
    auto& c = it->second;
    schedule_timers(id, c.generation, s);
    if (s.retransmit) {
        ++stats.requests_retransmitted;
        send_datagram(c.request.bytes(), c.destination);
    }
    if (!s.terminated)
        return;
    transaction_key const key = c.key;
    auto handler = std::move(c.handler);
    std::string bytes = s.error ? std::string(c.request.bytes()) : std::string();
    clients_by_key.erase(key);
    clients.erase(it);
    if (!s.error) {
        failovers.erase(id);
        return;
    }
    if (has_next_target(id)) {
        try_next_target(id, key, std::move(bytes), std::move(handler)); // §4.3: timeout or transport error
        return;
    }
    failovers.erase(id);
    if (handler)
        handler(s.error, nullptr);
    else
        up(transaction_failed{key, s.error});
}

bool layer::impl::has_next_target(std::uint64_t id) const
{
    auto it = failovers.find(id);
    return it != failovers.end() && !it->second.rest.empty();
}

/// §4.3: the same request with a new branch to the next target; the TU is told the key.
void layer::impl::try_next_target(std::uint64_t id, transaction_key const& before, std::string request,
                                  response_handler handler)
{
    auto found = failovers.find(id);
    if (found == failovers.end())
        return;
    auto state = std::move(found->second);
    failovers.erase(found);
    if (!state.original.empty())
        request = state.original; // not a copy changed by §18.1.1 for an earlier target
    while (!state.rest.empty()) {
        auto const next = state.rest.front();
        state.rest.erase(state.rest.begin());
        ++state.attempt;
        auto fresh = with_new_branch(request, state.attempt);
        if (!fresh)
            break;
        auto key = start_client(std::move(*fresh), next, handler);
        if (!key)
            continue; // an unusable target: the next one
        auto const now = clients_by_key.find(*key);
        if (now == clients_by_key.end())
            continue; // failed at once: the next one
        failovers[now->second] = std::move(state);
        up(transaction_retargeted{before, *key});
        return;
    }
    auto const error = make_error_code(errc::transport_failed);
    if (handler)
        handler(error, nullptr);
    else
        up(transaction_failed{before, error});
}

} // namespace rvoip::transaction
