// The registration client (RFC 3261 §10.2): REGISTER with a binding, digest retries, 423 Min-Expires,
// refresh before the granted time runs out, the address the registrar saw learned into the
// Contact (received/rport, RFC 3581), Service-Route (RFC 3608), and removal with Expires: 0.
#include "layer_impl.hpp"

#include <rvoip/sip/uri.hpp>

#include <algorithm>

namespace rvoip::dialog {

namespace {

bool same_uri(std::string_view a, std::string_view b)
{
    auto const ua = sip::parse_uri(a);
    auto const ub = sip::parse_uri(b);
    if (!ua || !ub)
        return a == b;
    return ua->user == ub->user && ua->host_unbracketed() == ub->host_unbracketed() &&
           (ua->has_port ? ua->port : 5060) == (ub->has_port ? ub->port : 5060);
}

} // namespace

std::chrono::seconds refresh_after(std::uint32_t granted)
{
    if (granted > 120)
        return std::chrono::seconds(granted - 60);
    return std::chrono::seconds(std::max<std::uint32_t>(1, granted / 2));
}

boost::system::result<registration_id> layer::impl::start_registration(registration_options const& o)
{
    if (o.registrar.empty() || o.aor.empty())
        return errc::bad_request;
    registration r;
    r.options = o;
    r.req.method = "REGISTER";
    r.req.request_uri = uri_of(o.registrar);
    r.req.routes = preloaded_routes();
    r.req.next_hop = r.req.routes.empty() ? r.req.request_uri : uri_of(r.req.routes.front());
    auto const aor = angle(uri_of(o.aor));
    r.req.from = aor + ";tag=" + random_hex(6);
    r.req.to = aor;
    r.req.call_id = random_hex(12); // §10.2.4: one Call-ID for every refresh of the binding
    r.req.cseq = 1;
    r.req.with_contact = true;
    r.req.contact = o.contact.empty() ? contact_uri : uri_of(o.contact);
    r.asked = static_cast<std::uint32_t>(o.expires.count());
    if (!r.options.credentials.empty())
        r.account = std::make_unique<digest_client>(std::move(r.options.credentials), random_bytes);
    auto targets = resolve(r.req.next_hop);
    if (!targets)
        return targets.error();
    r.targets = std::move(*targets);
    auto const id = next_id++;
    registrations.emplace(id, std::move(r));
    send_register(id);
    return id;
}

void layer::impl::send_register(registration_id id)
{
    auto it = registrations.find(id);
    if (it == registrations.end())
        return;
    auto& r = it->second;
    r.req.parts.headers = {{"Expires", std::to_string(r.asked)}};
    auto m = build(r.req, r.targets.front().transport);
    if (!m)
        return;
    r.in_flight = true;
    auto key = transactions.send_request(std::move(*m), r.targets,
                                         [this, id](boost::system::error_code ec, sip::message const* res) {
                                             on_register_response(id, ec, res);
                                         });
    if (!key)
        on_register_response(id, key.error(), nullptr);
}

void layer::impl::on_register_response(registration_id id, boost::system::error_code ec, sip::message const* m)
{
    auto it = registrations.find(id);
    if (it == registrations.end() || (m && m->status_code() < 200))
        return;
    auto& r = it->second;
    r.in_flight = false;
    int const status = m ? m->status_code() : 0;
    using state = registration_changed::state;
    auto report = [&](state now, boost::system::error_code e) {
        std::vector<std::string> const routes = r.service_route;
        emit(registration_changed{id, now, r.granted, status, e, routes});
    };

    boost::system::error_code auth_error;
    if (status == 401 || status == 407) {
        auth_error = answer_challenge(r.req, r.auth, *m, r.account.get());
        if (!auth_error) {
            ++r.req.cseq;
            send_register(id);
            return;
        }
    }
    if (status == 423 && !r.stopping) {
        // §10.2.8: ask again for at least what the registrar wants.
        auto const min = m->min_expires();
        if (min && *min > r.asked) {
            r.asked = *min;
            send_register_again(id);
            return;
        }
    }
    if (r.stopping) {
        r.granted = 0;
        std::vector<std::string> const routes = r.service_route;
        registrations.erase(it);
        emit(registration_changed{id, state::unregistered, 0, status, m ? boost::system::error_code{} : ec, routes});
        return;
    }
    if (status >= 200 && status < 300) {
        if (!r.auth.answered.empty()) // else the reused credentials were taken: keep them
            r.auth_taken = std::move(r.auth.answered);
        r.auth = {};
        // §10.2.4: the time granted is the expires of our Contact, else the Expires header.
        std::optional<std::uint32_t> granted;
        if (auto contacts = m->contacts())
            for (auto const& c : *contacts)
                if (!c.star && same_uri(c.address.uri.text, r.req.contact))
                    granted = c.expires();
        if (!granted)
            if (auto e = m->expires())
                granted = *e;
        // RFC 3581: the registrar saw another address than ours (NAT): bind that one instead,
        // once, when the Contact is the layer's own.
        auto const& via = m->top_via();
        if (!r.learned && r.options.contact.empty() && options.contact.empty() && (!via.received.empty() || via.rport)) {
            auto const ours = sip::parse_uri(r.req.contact);
            std::string const host(via.received.empty() ? std::string_view{} : via.received);
            if (ours) {
                bool const host_differs = !host.empty() && host != ours->host_unbracketed();
                bool const port_differs = via.rport && *via.rport != (ours->has_port ? ours->port : 5060);
                if (host_differs || port_differs) {
                    std::string c = "sip:";
                    if (!ours->user.empty())
                        c.append(ours->user).append("@");
                    c.append(host.empty() ? std::string(ours->host) : host);
                    c.append(":").append(std::to_string(via.rport ? *via.rport : (ours->has_port ? ours->port : 5060)));
                    r.req.contact = c;
                    r.learned = true;
                    send_register_again(id);
                    return;
                }
            }
        }
        bool const refresh = r.granted != 0;
        r.granted = granted.value_or(r.asked);
        r.service_route.clear();
        m->for_each_value(sip::header_id::service_route, [&](std::string_view v) { r.service_route.emplace_back(v); });
        if (refresh)
            ++counters.registrations_refreshed;
        if (r.granted > 0)
            r.refresh = timers.schedule(refresh_after(r.granted), [this, id] { send_register_again(id); });
        report(state::registered, {});
        return;
    }
    // Refused or unanswered: try again later when the failure may pass (no answer, 408, 5xx,
    // 6xx with Retry-After), else stay failed until the caller acts.
    r.granted = 0;
    std::optional<std::chrono::seconds> retry;
    if (!m || status == 408 || status >= 500) {
        retry = std::chrono::seconds(30);
        if (m)
            if (auto ra = m->retry_after())
                retry = std::chrono::seconds(std::max<std::uint32_t>(1, ra->delta_seconds));
    }
    if (retry)
        r.refresh = timers.schedule(*retry, [this, id] {
            auto again = registrations.find(id);
            if (again == registrations.end())
                return;
            again->second.auth = {};
            send_register_again(id);
        });
    report(state::failed, final_error(auth_error, m, ec));
}

boost::system::error_code layer::impl::stop_registration(registration_id id)
{
    auto it = registrations.find(id);
    if (it == registrations.end() || it->second.stopping)
        return errc::no_such_request;
    auto& r = it->second;
    timers.cancel(r.refresh);
    r.stopping = true;
    r.asked = 0;
    r.auth = {};
    send_register_again(id);
    return {};
}

boost::system::error_code layer::impl::refresh_registration(registration_id id)
{
    auto it = registrations.find(id);
    if (it == registrations.end() || it->second.stopping)
        return errc::no_such_request;
    // §10.2: one REGISTER at a time; the one in flight is the refresh.
    if (it->second.in_flight)
        return {};
    timers.cancel(it->second.refresh);
    send_register_again(id);
    return {};
}

void layer::impl::send_register_again(registration_id id)
{
    auto it = registrations.find(id);
    if (it == registrations.end())
        return;
    auto& r = it->second;
    ++r.req.cseq;
    auto& client = r.account ? *r.account : digest;
    // Within a round of challenges, those just answered; else those the last binding took.
    auto const& taken = r.auth.answered.empty() ? r.auth_taken : r.auth.answered;
    r.req.auth = client.reanswer(taken, r.req.method, r.req.request_uri, {});
    send_register(id);
}

} // namespace rvoip::dialog
