// Server transactions of the layer (RFC 3261 §17.2): matching, merging (§8.2.2.2), overload,
// responses and where they go (§18.2.2, RFC 3581); and the timer heap both halves share.
#include "layer_impl.hpp"

#include "stateless.hpp"

#include <rvoip/transaction/error.hpp>

#include <optional>

namespace rvoip::transaction {

namespace {

/// §18.2.2 with RFC 3581: maddr -> that address; rport present -> the source address and
/// port; otherwise the source address (the "received" host) and the sent-by port (5060 by
/// default).
udp::endpoint response_destination(sip::via const& via, udp::endpoint const& source)
{
    std::uint16_t const sent_by_port = via.has_port ? via.port : std::uint16_t{5060};
    if (!via.maddr.empty()) {
        boost::system::error_code ec;
        auto const maddr = asio::ip::make_address(std::string(via.maddr), ec);
        if (!ec)
            return {maddr, sent_by_port};
    }
    if (via.has_rport)
        return source;
    return {source.address(), sent_by_port};
}

/// §8.2.2.2: requests without a To tag merge when From tag, Call-ID and CSeq agree.
std::optional<detail::merge_view> merge_key(sip::message const& request)
{
    if (!request.to().tag.empty())
        return std::nullopt;
    return detail::merge_view{request.from().tag, request.call_id(), request.cseq().method_text,
                              request.cseq().number};
}

/// The merge key of `request` copied into `storage`, with views into the copy.
detail::merge_view own_merge_key(detail::merge_view const& m, std::string& storage)
{
    storage.reserve(m.from_tag.size() + m.call_id.size() + m.method.size());
    storage.append(m.from_tag).append(m.call_id).append(m.method);
    std::string_view const all(storage);
    return {all.substr(0, m.from_tag.size()), all.substr(m.from_tag.size(), m.call_id.size()),
            all.substr(m.from_tag.size() + m.call_id.size()), m.cseq};
}

detail::peer reply_to(sip::message const& request, detail::peer const& from)
{
    if (from.conn)
        return from;
    return detail::peer{response_destination(request.top_via(), from.address), from.port, nullptr};
}

} // namespace

void layer::impl::reject_malformed(std::string_view bytes, sip::parse_error const& error,
                                   detail::peer const& from)
{
    // §8.2.2 / §21.4.1: a 400 whose reason phrase names the problem; a well-formed version
    // other than SIP/2.0 gets §21.5.7's 505 (RFC 4475 §3.1.2.16, badvers).
    bool const version = error.code == sip::errc::unsupported_version;
    auto response = version
                        ? detail::stateless_response_to_raw(bytes, 505, "Version Not Supported")
                        : detail::stateless_response_to_raw(bytes, 400, "Bad Request (" + error.message() + ")");
    if (!response) {
        ++stats.malformed_dropped;
        return;
    }
    ++stats.malformed_rejected;
    if (from.conn)
        from.conn->send(std::move(*response)); // on the connection it came on (§18.2.2)
    else
        send_datagram(*response, from);
}

void layer::impl::on_request(sip::message request, detail::peer const& from)
{
    ++stats.requests_received;
    auto key = server_key(request);
    if (!key) {
        ++stats.malformed_dropped;
        return;
    }
    if (options.check != sip::validation::index && request.find(sip::header_id::max_forwards) &&
        !request.max_forwards()) {
        // §20.22: Max-Forwards is an integer 0-255; anything else (RFC 4475 scalar02's 300, a
        // word) is a malformed request, answered before it reaches a transaction.
        ++stats.malformed_rejected;
        if (request.method() != sip::method::ack) // an ACK gets no response (§17.1.1.3)
            send_response(detail::response_to(request, 400, "Bad Request (Max-Forwards: not a number 0-255)", {}),
                          reply_to(request, from), nullptr);
        return;
    }
    auto found = by_key.find(&*key);
    if (found != by_key.end() && request.method() == sip::method::ack && key->rfc2543() &&
        request.to().tag != by_id.at(found->second).final_to_tag)
        found = by_key.end(); // §17.2.3: an RFC 2543 ACK matches only with the To tag we sent
    if (found != by_key.end()) {
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
        send_response(detail::response_to(request, 503, "Service Unavailable", {}), reply_to(request, from), nullptr);
        return;
    }
    if (auto merge = merge_key(request); merge && by_merge_key.count(*merge)) {
        // §8.2.2.2: the same request by another path: 482 (Loop Detected).
        send_response(detail::response_to(request, 482, "Loop Detected", {}), reply_to(request, from), nullptr);
        ++stats.merged_rejected;
        return;
    }
    bool const invite = request.method() == sip::method::invite;
    auto const id = next_id++;
    bool const reliable = from.conn != nullptr;
    auto destination = reply_to(request, from);
    auto const merge = merge_key(request);
    auto [it, _] = by_id.try_emplace(id, server_transaction(invite, reliable, options.timers), id, std::move(*key));
    auto& e = it->second;
    e.invite = invite;
    e.via_port = request.top_via().has_port ? request.top_via().port : std::uint16_t{0};
    e.destination = std::move(destination);
    if (merge) {
        e.merge = own_merge_key(*merge, e.merge_text);
        by_merge_key.emplace(e.merge, id);
    }
    e.request.emplace(std::move(request));
    by_key.emplace(&e.key, id);
    stats.live_transactions = by_id.size();
    auto const s = e.machine.start();
    apply(e, s);
    if (s.pass_up) // apply() never ends a transaction that has just started
        up(request_received{e.key, *e.request});
}

/// Carries out a step for `e`: retransmissions, timers, and the end of the transaction.
void layer::impl::apply(detail::server_entry& e, step const& s)
{
    auto const id = e.id;
    bool const resend = s.retransmit && !e.last_response.empty();
    if (s.send_trying) {
        e.last_response = detail::response_to(*e.request, 100, "Trying", {});
        ++stats.responses_sent;
    }
    schedule_timers(id, e.generation, s);
    if (s.terminated) {
        if (!e.merge_text.empty())
            by_merge_key.erase(e.merge);
        by_key.erase(&e.key);
        std::optional<transaction_key> failed;
        if (s.error)
            failed.emplace(std::move(e.key));
        by_id.erase(id);
        stats.live_transactions = by_id.size();
        if (failed) // reported once the tables no longer hold it
            up(transaction_failed{*failed, s.error});
        return;
    }
    // Sending last: a transport error re-enters apply() and may end the transaction.
    if (resend || s.send_trying) {
        stats.responses_retransmitted += resend;
        send_response(e.last_response, e.destination, &e);
    }
}

void layer::impl::send_response(std::string_view bytes, detail::peer const& to, detail::server_entry* e)
{
    if (to.conn) {
        if (to.conn->closed() && e)
            reconnect(*e);
        // Over a connection the write completes later; a broken one closes itself and the
        // transaction's timers end it (§17.2.4 as a timeout rather than at once).
        (e ? e->destination.conn : to.conn)->send(std::string(bytes));
        return;
    }
    if (!send_datagram(bytes, to) && e) {
        // §17.2.4, but not inside the call that sent: the TU may be in a callback holding
        // references to this transaction.
        defer([this, id = e->id] {
            if (auto it = by_id.find(id); it != by_id.end())
                apply(it->second, it->second.machine.on_transport_error());
        });
    }
}

/// §18.2.2: the connection a request came on has closed: open one to the source address and
/// the sent-by port of its top Via (WebSocket clients cannot be called back, RFC 7118 §5).
void layer::impl::reconnect(detail::server_entry& e)
{
    auto const kind = e.destination.conn->kind();
    if (kind == transport_kind::ws || kind == transport_kind::wss)
        return;
    auto const port = e.via_port ? e.via_port : std::uint16_t(kind == transport_kind::tls ? 5061 : 5060);
    auto const address = e.destination.conn->remote().address();
    target to{kind, address.to_string(), port, {}};
    if (auto c = connection_to(to, tcp::endpoint(address, port)))
        e.destination.conn = std::move(c);
}

boost::system::error_code layer::impl::respond(transaction_key const& key, std::string response)
{
    auto status = 0;
    if (response.size() > 12 && response.compare(0, 8, "SIP/2.0 ") == 0)
        status = (response[8] - '0') * 100 + (response[9] - '0') * 10 + (response[10] - '0');
    std::string to_tag;
    if (key.rfc2543() && status >= 200)
        if (auto sent = sip::parse_message(response))
            to_tag = std::string(sent->to().tag);
    return respond(key, std::move(response), status, to_tag);
}

boost::system::error_code layer::impl::respond(transaction_key const& key, std::string response, int status,
                                               std::string_view to_tag)
{
    auto found = by_key.find(&key);
    if (found == by_key.end())
        return errc::wrong_state;
    auto& e = by_id.at(found->second);
    auto s = e.machine.send_response(status);
    if (!s)
        return s.error();
    e.last_response = std::move(response);
    ++stats.responses_sent;
    if (e.key.rfc2543() && status >= 200 && e.invite)
        e.final_to_tag = std::string(to_tag);
    apply(e, *s);                                     // timers only: a response step never ends it
    auto const id = e.id;
    bool const final = status >= 200;
    // RFC 6026: a 2xx to an INVITE is retransmitted by the TU, not the transaction, which
    // need not keep it once sent.
    bool const keep = !(e.invite && status >= 200 && status < 300);
    send_response(e.last_response, e.destination, &e); // a transport error ends it later
    if (!keep)
        std::string().swap(e.last_response);
    if (final) // nothing reads the request after the final response; the TU may, until it returns
        defer([this, id] {
            if (auto it = by_id.find(id); it != by_id.end())
                it->second.request.reset();
        });
    return {};
}

// --- timers -------------------------------------------------------------------------------------

/// Stops and starts the timers a step asks for; a stopped timer's heap entry goes stale (its
/// generation moves on) rather than being searched for.
void layer::impl::schedule_timers(std::uint64_t id, std::array<std::uint16_t, detail::timer_kinds>& generation,
                                  step const& s)
{
    if (s.timers().empty())
        return;
    auto const now = time->now();
    for (auto const& op : s.timers()) {
        auto& gen = generation[static_cast<std::size_t>(op.which)];
        ++gen;
        if (op.start)
            schedule({now + op.after, id, op.which, gen});
    }
}

void layer::impl::schedule(detail::pending_timer t)
{
    timers.push(t);
    arm();
}

/// Waits for the earliest timer, rounded up to the timer granularity; a wait already pending
/// for that moment is left alone (re-arming costs a system call).
void layer::impl::arm()
{
    if (timers.empty())
        return;
    auto at = timers.top().at;
    // Rounding is for the steady clock's wake-ups; a given clock's timers fire exactly.
    if (auto const g = std::chrono::duration_cast<clock_type::duration>(options.timer_granularity);
        g.count() > 0 && own_clock) {
        auto const since = at.time_since_epoch();
        at = clock_type::time_point((since + g - clock_type::duration(1)) / g * g);
    }
    if (armed && at >= armed_at)
        return; // the pending wake-up comes first and re-arms
    armed = true;
    armed_at = at;
    wake->set(at, [this, alive = alive] {
        if (!*alive)
            return; // the layer is gone
        armed = false;
        fire_due();
    });
}

void layer::impl::fire_due()
{
    auto const now = time->now();
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

} // namespace rvoip::transaction
