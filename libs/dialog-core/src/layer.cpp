// The dialog layer: construction, listening, the routing of transaction events, building the
// requests we send, resolving where they go, and the timer queue.
#include <rvoip/dialog/layer.hpp>

#include "layer_impl.hpp"

#include <rvoip/sip/message_builder.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/uri.hpp>

#include "random.hpp"

namespace rvoip::dialog {

namespace {

/// A dns_lookup that finds nothing: numeric hosts need none.
class no_dns final : public tx::dns_lookup
{
public:
    boost::system::result<std::vector<tx::naptr_record>> naptr(std::string const&) override { return {}; }
    boost::system::result<std::vector<tx::srv_record>> srv(std::string const&) override { return {}; }
    boost::system::result<std::vector<std::string>> addresses(std::string const&) override { return {}; }
};

} // namespace

std::string_view to_string(end_reason r) noexcept
{
    switch (r) {
    case end_reason::bye_received: return "bye_received";
    case end_reason::bye_sent: return "bye_sent";
    case end_reason::cancelled: return "cancelled";
    case end_reason::rejected: return "rejected";
    case end_reason::no_ack: return "no_ack";
    case end_reason::timed_out: return "timed_out";
    case end_reason::forked_extra: return "forked_extra";
    case end_reason::no_prack: return "no_prack";
    case end_reason::session_expired: return "session_expired";
    case end_reason::subscription_ended: return "subscription_ended";
    }
    return "unknown";
}

std::string uri_of(std::string_view value)
{
    auto const first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    auto const bare = value.substr(first, value.find_last_not_of(" \t") + 1 - first);
    if (bare.find('<') == std::string_view::npos && sip::parse_uri(bare))
        return std::string(bare);
    auto parsed = sip::parse_name_addr(value);
    return parsed ? std::string(parsed->uri.text) : std::string(value);
}

std::string angle(std::string const& v)
{
    return v.find('<') == std::string::npos ? "<" + v + ">" : v;
}

// --- timer queue -----------------------------------------------------------------------------

timer_queue::timer_queue(tx::clock& c) : clock_(c), alarm_(c.make_alarm()) {}

timer_queue::token timer_queue::schedule(tx::clock::duration after, std::function<void()> fn)
{
    token t{clock_.now() + after, next_++};
    due_.emplace(t, std::move(fn));
    if (due_.begin()->first == t)
        arm();
    return t;
}

void timer_queue::cancel(token const& t) noexcept
{
    if (t.second != 0)
        due_.erase(t);
}

void timer_queue::arm()
{
    if (due_.empty()) {
        alarm_->cancel();
        armed_for_ = {};
        return;
    }
    auto const at = due_.begin()->first.first;
    if (armed_for_ == at)
        return;
    armed_for_ = at;
    alarm_->set(at, [this] { fire(); });
}

void timer_queue::fire()
{
    armed_for_ = {};
    auto const now = clock_.now();
    while (!due_.empty() && due_.begin()->first.first <= now) {
        auto fn = std::move(due_.begin()->second);
        due_.erase(due_.begin());
        fn(); // may schedule or cancel others
    }
    arm();
}

// --- construction ----------------------------------------------------------------------------

layer::impl::impl(boost::asio::io_context& io_, event_sink up_, layer_options o)
    : io(io_),
      up(std::move(up_)),
      options(std::move(o)),
      transactions(io_, [this](tx::event const& e) { on_transaction_event(e); }, options.transaction),
      timers(transactions.time_source()),
      random_bytes(options.random_bytes ? options.random_bytes : detail::openssl_random),
      digest(options.credentials, random_bytes)
{
}

layer::layer(boost::asio::io_context& io, event_sink up, layer_options options)
    : impl_(std::make_unique<impl>(io, std::move(up), std::move(options)))
{
}

layer::~layer() = default;

namespace {

std::string default_contact(std::string_view user, tx::transport_kind t, std::string const& host, std::uint16_t port)
{
    std::string c = tx::is_secure(t) ? "sips:" : "sip:";
    if (!user.empty())
        c.append(user).append("@");
    bool const v6 = host.find(':') != std::string::npos;
    c.append(v6 ? "[" + host + "]" : host).append(":").append(std::to_string(port));
    if (t != tx::transport_kind::udp && t != tx::transport_kind::tls) {
        std::string name(tx::via_name(t));
        for (auto& ch : name)
            ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        c.append(";transport=").append(name);
    }
    return c;
}

} // namespace

void layer::impl::add_listener(tx::transport_kind transport, std::string const& ip, std::uint16_t port)
{
    listeners.push_back({transport, ip, port});
    if (contact_uri.empty())
        contact_uri = options.contact.empty() ? default_contact(options.contact_user, transport, ip, port)
                                              : options.contact;
}

std::vector<std::string> layer::impl::preloaded_routes() const
{
    if (options.outbound_proxy.empty())
        return {};
    auto proxy = uri_of(options.outbound_proxy);
    if (proxy.find(";lr") == std::string::npos)
        proxy += ";lr";
    return {"<" + proxy + ">"};
}

boost::system::result<std::uint16_t> layer::listen(transaction::transport_kind transport, std::string const& ip,
                                                   std::uint16_t port)
{
    auto bound = impl_->transactions.listen(transport, ip, port);
    if (bound)
        impl_->add_listener(transport, ip, *bound);
    return bound;
}

boost::system::result<std::uint16_t> layer::listen(transaction::memory_network& network, std::string const& ip,
                                                   std::uint16_t port)
{
    auto bound = impl_->transactions.listen(network, ip, port);
    if (bound)
        impl_->add_listener(tx::transport_kind::udp, ip, *bound);
    return bound;
}

// --- events from the transaction layer --------------------------------------------------------

void layer::impl::on_transaction_event(tx::event const& e)
{
    if (auto const* r = std::get_if<tx::request_received>(&e))
        on_request(r->key, r->request);
    else if (auto const* a = std::get_if<tx::ack_received>(&e))
        on_ack(a->ack);
    // Client transactions all report to their own handlers; server transactions that end
    // without an ACK (Timer H, a non-2xx) need nothing from us.
}

void layer::impl::terminate(dialog_id const& id, end_reason why)
{
    auto it = dialogs.find(id);
    if (it == dialogs.end())
        return;
    if (it->second.ok)
        timers.cancel(it->second.ok->timer);
    timers.cancel(it->second.session_timer);
    auto const request = it->second.uas_invite;
    auto subs = std::move(it->second.subs);
    dialog_id const copy = id; // `id` may point into the entry erased below
    dialogs.erase(it);
    recently_ended.push_back(copy); // RFC 3891 §3: a Replaces of it gets 603, not 481
    if (recently_ended.size() > 64)
        recently_ended.pop_front();
    ++counters.dialogs_terminated;
    if (request != 0) {
        // A re-INVITE we had not answered: the dialog it would change is gone (§15.1.2: 487).
        auto p = pending.find(request);
        if (p != pending.end() && p->second.in_dialog)
            respond(request, 487, {});
    }
    emit(dialog_terminated{copy, why});
    dialog_gone(copy, std::move(subs));
}

// --- randomness --------------------------------------------------------------------------------

std::string layer::impl::random_hex(std::size_t bytes)
{
    // Drawn from a pool refilled 512 bytes at a time: one RAND_bytes call per many tags.
    constexpr std::size_t pool_size = 512;
    std::string out;
    out.reserve(2 * bytes);
    while (bytes > 0) {
        if (random_pool.size() != pool_size || random_used == pool_size) {
            random_pool.resize(pool_size);
            random_bytes(reinterpret_cast<unsigned char*>(random_pool.data()), pool_size);
            random_used = 0;
        }
        auto const n = std::min(bytes, pool_size - random_used);
        out += detail::to_hex(reinterpret_cast<unsigned char const*>(random_pool.data()) + random_used, n);
        random_used += n;
        bytes -= n;
    }
    return out;
}

// --- building and sending ----------------------------------------------------------------------

boost::system::result<sip::message> layer::impl::build(outgoing& r, tx::transport_kind transport, bool same_branch)
{
    listener const* at = nullptr;
    for (auto const& l : listeners)
        if (l.transport == transport) {
            at = &l;
            break;
        }
    if (!at && !listeners.empty())
        at = &listeners.front();
    if (!at)
        return errc::transport_failed;
    if (!same_branch || r.branch.empty())
        r.branch = new_branch();
    auto const method = sip::lookup_method(r.method);
    auto b = method == sip::method::extension ? sip::message_builder::request(r.method, r.request_uri)
                                              : sip::message_builder::request(method, r.request_uri);
    bool const v6 = at->host.find(':') != std::string::npos;
    b.via(tx::via_name(transport), v6 ? "[" + at->host + "]" : at->host, at->port, r.branch, ";rport");
    b.max_forwards(70);
    for (auto const& route : r.routes)
        b.header(sip::header_id::route, route);
    b.header(sip::header_id::from, r.from);
    b.header(sip::header_id::to, r.to);
    b.call_id(r.call_id);
    b.cseq(r.cseq, r.method);
    if (r.with_contact)
        b.header(sip::header_id::contact, "<" + (r.contact.empty() ? contact_uri : r.contact) + ">");
    for (auto const& a : r.auth)
        b.header(a.header, a.value);
    if (!options.user_agent.empty())
        b.header(sip::header_id::user_agent, options.user_agent);
    for (auto const& h : r.parts.headers)
        b.header(h.name, h.value);
    b.body(r.parts.content_type, r.parts.body);
    auto m = b.build();
    if (!m)
        return errc::bad_request;
    return std::move(*m);
}

boost::system::result<std::vector<tx::target>> layer::impl::resolve(std::string_view uri_or_route)
{
    std::string const text = uri_or_route.find('<') != std::string_view::npos ? uri_of(uri_or_route)
                                                                               : std::string(uri_or_route);
    auto uri = sip::parse_uri(text);
    if (!uri || (uri->scheme != sip::uri_scheme::sip && uri->scheme != sip::uri_scheme::sips))
        return errc::bad_request;
    // maddr (§19.1.1) overrides the host when present.
    no_dns none;
    tx::dns_lookup& dns = options.dns ? *options.dns : static_cast<tx::dns_lookup&>(none);
    auto targets = tx::locate(*uri, dns, [this] {
        auto const h = random_hex(4);
        return static_cast<std::uint32_t>(std::stoul(h, nullptr, 16));
    });
    if (!targets || targets->empty())
        return errc::no_route;
    return std::move(*targets);
}

// --- the public API, forwarded ---------------------------------------------------------------

boost::system::result<invite_id> layer::invite(request_options const& request)
{
    return impl_->start_invite(request);
}

boost::system::error_code layer::cancel(invite_id invite)
{
    auto it = impl_->invites.find(invite);
    if (it == impl_->invites.end() || it->second.answered)
        return errc::no_such_request;
    it->second.cancel_wanted = true;
    if (it->second.provisional && !it->second.cancel_sent)
        impl_->send_cancel(it->second);
    return {};
}

boost::system::error_code layer::ack(dialog_id const& id, message_parts const& parts)
{
    auto it = impl_->dialogs.find(id);
    if (it == impl_->dialogs.end())
        return errc::no_such_dialog;
    if (!it->second.awaiting_app_ack)
        return errc::wrong_state;
    it->second.awaiting_app_ack = false;
    return impl_->send_ack(it->second, parts);
}

boost::system::error_code layer::prack(dialog_id const& early, message_parts const& parts)
{
    auto it = impl_->dialogs.find(early);
    if (it == impl_->dialogs.end())
        return errc::no_such_dialog;
    if (!it->second.prack_due)
        return errc::no_such_request;
    return impl_->send_prack(early, parts);
}

boost::system::error_code layer::request(dialog_id const& id, std::string_view method, message_parts parts,
                                         request_handler on_done)
{
    auto it = impl_->dialogs.find(id);
    if (it == impl_->dialogs.end() || it->second.bye_after_ack)
        return errc::no_such_dialog;
    auto& s = it->second;
    bool const invite = method == "INVITE";
    if (invite && (s.uac_invite_pending || s.uas_invite != 0 || s.d.current_state() != dialog::state::confirmed))
        return errc::request_pending; // §14.1
    // RFC 3311 §5.1, RFC 3261 §14.1: no offer while one (ours or theirs) waits for its answer.
    bool const offers = (invite || method == "UPDATE") && carries_sdp(parts);
    if ((offers || invite) && s.offer != pending_offer::none)
        return errc::offer_pending;
    uac_request r;
    r.req = impl_->in_dialog(s, method, std::move(parts));
    r.dialog = id;
    r.done = std::move(on_done);
    r.offered = offers;
    auto ec = impl_->start_request(std::move(r));
    if (!ec && invite)
        s.uac_invite_pending = true;
    if (!ec && offers)
        s.offer = pending_offer::ours;
    return ec;
}

boost::system::error_code layer::bye(dialog_id const& id)
{
    auto it = impl_->dialogs.find(id);
    if (it == impl_->dialogs.end() || it->second.bye_after_ack)
        return errc::no_such_dialog;
    auto& s = it->second;
    if (s.d.current_state() == dialog::state::early) {
        if (s.d.is_uac()) {
            auto call = impl_->invites.find(s.origin);
            if (call != impl_->invites.end())
                cancel(s.origin);
            impl_->terminate(id, end_reason::cancelled);
        } else if (s.uas_invite != 0) {
            impl_->respond(s.uas_invite, 480, {}, end_reason::bye_sent);
        }
        return {};
    }
    if (s.ok) {
        // §15: no BYE before the ACK of our 2xx, or before it is given up on.
        s.bye_after_ack = true;
        dialog_id const copy = id;
        impl_->emit(dialog_terminated{copy, end_reason::bye_sent});
        return {};
    }
    auto ec = impl_->send_bye(s);
    impl_->terminate(id, end_reason::bye_sent);
    return ec;
}

boost::system::error_code layer::send(std::string_view method, request_options const& request,
                                      request_handler on_done)
{
    if (method == "INVITE" || method == "ACK" || method == "CANCEL")
        return errc::bad_request; // invite(), and the layer's own
    uac_request r;
    r.req.method = std::string(method);
    r.req.request_uri = request.request_uri.empty() ? uri_of(request.to) : request.request_uri;
    r.req.routes = request.routes.empty() ? impl_->preloaded_routes() : request.routes;
    r.req.from = angle(request.from) + ";tag=" + impl_->random_hex(6);
    r.req.to = angle(request.to);
    r.req.call_id = impl_->random_hex(12);
    r.req.cseq = 1;
    r.req.with_contact = method == "SUBSCRIBE" || method == "REFER";
    r.req.parts = request.parts;
    r.done = std::move(on_done);
    return impl_->start_request(std::move(r));
}

boost::system::error_code layer::respond(request_id id, int status, message_parts const& parts)
{
    auto p = impl_->pending.find(id);
    if (p != impl_->pending.end() && p->second.method == sip::method::subscribe && status >= 200 && status < 300 &&
        !p->second.event.empty())
        return errc::wrong_state; // accept_subscription(): a subscription has state to keep
    return impl_->respond(id, status, parts);
}

boost::system::error_code layer::respond_reliably(request_id id, int status, message_parts const& parts)
{
    return impl_->respond(id, status, parts, end_reason::rejected, true);
}

boost::system::result<registration_id> layer::start_registration(registration_options const& options)
{
    return impl_->start_registration(options);
}

boost::system::error_code layer::refresh_registration(registration_id id)
{
    return impl_->refresh_registration(id);
}

boost::system::error_code layer::stop_registration(registration_id id)
{
    return impl_->stop_registration(id);
}

dialog const* layer::find(dialog_id const& id) const noexcept
{
    auto it = impl_->dialogs.find(id);
    return it == impl_->dialogs.end() || it->second.bye_after_ack ? nullptr : &it->second.d;
}

layer_counters layer::counters() const noexcept
{
    auto c = impl_->counters;
    c.live_dialogs = impl_->dialogs.size();
    c.live_subscriptions = impl_->subscriptions.size();
    return c;
}

transaction::layer& layer::transactions() noexcept
{
    return impl_->transactions;
}

std::string const& layer::contact() const noexcept
{
    return impl_->contact_uri;
}

} // namespace rvoip::dialog
