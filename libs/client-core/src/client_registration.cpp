// Registrations (REGISTER with digest), messages (RFC 3428 MESSAGE) and presence (RFC 3856
// SUBSCRIBE, RFC 3903 PUBLISH with PIDF) of the client.
#include <rvoip/client/client.hpp>

#include "client_impl.hpp"
#include "config_check.hpp"

#include <rvoip/dialog/error.hpp>
#include <rvoip/dialog/event_bodies.hpp>
#include <rvoip/sip/uri.hpp>
#include <rvoip/transaction/error.hpp>

#include <algorithm>

namespace rvoip::client {

namespace {

/// The user part of an address of record (the digest user name by default).
std::string user_of(std::string_view aor)
{
    std::string display, uri;
    detail::split_name_addr(aor, display, uri);
    auto u = sip::parse_uri(uri);
    return u ? u->user_decoded() : std::string{};
}

error registration_error(dialog::registration_changed const& e)
{
    if (e.error && e.error.category() == dialog::category() &&
        (e.error == dialog::errc::auth_rejected || e.error == dialog::errc::auth_no_credentials ||
         e.error == dialog::errc::auth_unsupported))
        return error(errc::authentication_failed,
                     "registration: the registrar did not accept our credentials (" + e.error.message() +
                         "); check the user name, password and realm",
                     e.error);
    if (e.status)
        return error(errc::registration_failed, "registration: refused with " + std::to_string(e.status) +
                                                    "; check the registrar URI and the address of record")
            .with_status(e.status);
    if (e.error == dialog::errc::timed_out || e.error == transaction::errc::timed_out)
        return error(errc::timed_out, "registration: the registrar did not answer; is it running and reachable?",
                     e.error);
    return error(errc::registration_failed, "registration: " + e.error.message(), e.error);
}

} // namespace

result<registration_id> client::impl::start_registration(registration_config const& c,
                                                         std::function<void(result<void>)> done)
{
    if (!detail::is_sip_uri(c.server))
        return error(errc::invalid_uri, "registration server '" + c.server + "' is not a SIP URI; e.g. sip:example.com");
    if (!detail::is_sip_uri(c.from_uri))
        return error(errc::invalid_uri,
                     "registration from_uri '" + c.from_uri + "' is not a SIP URI; e.g. sip:alice@example.com");
    if (c.expires.count() < 1)
        return error(errc::bad_configuration, "registration expires: give at least 1 s (3600 is usual)");
    dialog::registration_options o;
    o.registrar = c.server;
    o.aor = c.from_uri;
    o.expires = c.expires;
    o.contact = c.contact_uri;
    if (!c.password.empty())
        o.credentials.push_back({c.realm, c.username.empty() ? user_of(c.from_uri) : c.username, c.password});
    early_registration.reset();
    early_registration_error.reset();
    auto id = layer->dialogs().start_registration(o);
    if (!id)
        return detail::from_layer(id.error(), "register_account");
    auto& r = registrations[*id];
    r.info.id = *id;
    r.info.server = c.server;
    r.info.from_uri = c.from_uri;
    r.info.state = registration_state::registering;
    if (early_registration && early_registration->first == *id) {
        // dialog-core failed it before returning (the REGISTER could not be sent).
        r.info.state = registration_state::failed;
        auto err = early_registration_error.value_or(error(errc::registration_failed, "registration failed"));
        r.info.reason = err.what();
        early_registration.reset();
        // Reported like any other failure, so that a registration the configuration starts
        // (no caller waiting on it) does not fail in silence.
        emit({registration_status_changed_event{*id, r.info.server, r.info.from_uri, r.info.state, 0, 0, r.info.reason},
              event_priority::high});
        if (done)
            done(err);
        return *id;
    }
    if (done)
        r.waiting.push_back({false, std::move(done)});
    return *id;
}

void client::impl::on_registration(dialog::registration_changed const& e)
{
    using state = dialog::registration_changed::state;
    auto it = registrations.find(e.id);
    if (it == registrations.end()) {
        if (e.now == state::failed) {
            early_registration.emplace(e.id, e.now);
            early_registration_error = registration_error(e);
        }
        return;
    }
    auto& r = it->second;
    r.info.status = e.status;
    result<void> outcome;
    switch (e.now) {
    case state::registered:
        r.info.state = registration_state::registered;
        r.info.expires = e.expires;
        r.info.registered_at = std::chrono::system_clock::now();
        r.info.service_route = e.service_route;
        r.info.reason.clear();
        break;
    case state::unregistered:
        r.info.state = registration_state::unregistered;
        r.info.expires = 0;
        break;
    case state::failed: {
        auto err = registration_error(e);
        r.info.state = registration_state::failed;
        r.info.reason = err.what();
        outcome = err;
        break;
    }
    }
    emit({registration_status_changed_event{e.id, r.info.server, r.info.from_uri, r.info.state, r.info.expires,
                                            e.status, r.info.reason},
          event_priority::high});
    // An acceptance answers register/refresh, a removal answers unregister (and tells a
    // register still waiting that the binding went), a failure answers all of them.
    std::vector<std::pair<std::function<void(result<void>)>, result<void>>> ready;
    std::vector<detail::registration_record::waiter> still;
    for (auto& w : r.waiting) {
        if (e.now == state::failed)
            ready.emplace_back(std::move(w.done), outcome);
        else if (e.now == state::registered && !w.removal)
            ready.emplace_back(std::move(w.done), outcome);
        else if (e.now == state::unregistered)
            ready.emplace_back(std::move(w.done), w.removal ? outcome
                                                            : result<void>(error(errc::registration_failed,
                                                                                 "the binding was removed (unregister)")));
        else
            still.push_back(std::move(w));
    }
    r.waiting = std::move(still);
    for (auto& [done, result] : ready)
        done(result);
}

void client::impl::on_request(dialog::request_received const& r)
{
    auto const& m = r.request;
    if (m.method() == sip::method::message) {
        (void)layer->dialogs().respond(r.id, 200);
        ++stats.messages_received;
        message_received_event ev;
        ev.from = std::string{m.from().uri.text};
        ev.to = std::string{m.to().uri.text};
        if (auto ct = m.find(sip::header_id::content_type))
            ev.content_type = std::string{ct->value};
        ev.body = std::string{m.body()};
        emit({std::move(ev), event_priority::normal});
        return;
    }
    // RFC 3261 §8.2.1: what a user agent client does not serve outside dialogs.
    dialog::message_parts allow;
    allow.headers.push_back({"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY, MESSAGE"});
    (void)layer->dialogs().respond(r.id, 405, allow);
}

void client::impl::on_notification(dialog::notification const& n)
{
    auto it = presence.find(n.id);
    if (it == presence.end())
        return;
    auto& p = it->second;
    if (!p.settled) {
        p.settled = true;
        for (auto& w : std::exchange(p.waiting, {}))
            w(result<void>{});
    }
    presence_changed_event ev;
    ev.subscription = n.id;
    ev.presentity = p.uri;
    auto const body = n.notify.body();
    if (n.state == sip::substate::terminated || body.empty()) {
        ev.status = n.state == sip::substate::terminated ? presence_status::offline : presence_status::unknown;
    } else if (auto doc = dialog::parse_pidf(body)) {
        bool const open = std::any_of(doc->tuples.begin(), doc->tuples.end(), [](auto const& t) { return t.open; });
        ev.note = !doc->note.empty() ? doc->note : (doc->tuples.empty() ? std::string{} : doc->tuples.front().note);
        bool const away = doc->activity == "away" || doc->activity == "busy" || ev.note == "away";
        ev.status = !open ? presence_status::offline : away ? presence_status::away : presence_status::available;
    } else {
        error_event(std::nullopt, error(errc::request_failed, "presence of " + p.uri + ": a NOTIFY body that is not PIDF"));
        return;
    }
    emit({std::move(ev), event_priority::normal});
}

void client::impl::on_subscription_ended(dialog::subscription_ended const& s)
{
    auto it = presence.find(s.id);
    if (it == presence.end())
        return;
    auto& p = it->second;
    if (!p.settled) {
        p.settled = true;
        auto err = s.status ? error(errc::request_failed, "subscribe_presence " + p.uri + ": refused with " +
                                                              std::to_string(s.status))
                                  .with_status(s.status)
                            : error(errc::timed_out, "subscribe_presence " + p.uri + ": " + std::string{s.reason});
        for (auto& w : std::exchange(p.waiting, {}))
            w(err);
    }
    if (s.last)
        presence.erase(it);
}

void client::impl::on_publication(dialog::publication_changed const& p)
{
    using state = dialog::publication_changed::state;
    result<void> outcome;
    if (p.now == state::failed) {
        outcome = p.status ? error(errc::request_failed,
                                   "publish_presence: refused with " + std::to_string(p.status))
                                 .with_status(p.status)
                           : detail::from_layer(p.error, "publish_presence");
        if (publication == p.id)
            publication.reset();
    }
    for (auto& w : std::exchange(publish_waiting, {}))
        w(outcome);
}

// --- operations ----------------------------------------------------------------------------

operation<registration_id> client::register_account(registration_config config)
{
    return impl_->post_op<registration_id>([config = std::move(config)](impl& m, auto const& state) {
        if (!m.layer) {
            state->complete(error(errc::not_started, "register_account: start() the client first"));
            return;
        }
        auto id = std::make_shared<registration_id>(0);
        auto r = m.start_registration(config, [state, id](result<void> outcome) {
            if (outcome)
                state->complete(*id);
            else
                state->complete(outcome.error());
        });
        if (!r)
            state->complete(r.error());
        else
            *id = *r;
    });
}

namespace {

template<class Start>
operation<void> registration_op(std::shared_ptr<client::impl> const& impl, registration_id id, char const* what,
                                bool removal, Start start)
{
    return impl->post_op<void>([id, what, removal, start](client::impl& m, auto const& state) {
        auto it = m.registrations.find(id);
        if (!m.layer || it == m.registrations.end()) {
            state->complete(error(errc::registration_not_found, std::string{what} + ": no registration " + std::to_string(id)));
            return;
        }
        // Waiting before the request starts: dialog-core may answer it before returning.
        it->second.waiting.push_back({removal, [state](result<void> r) { state->complete(std::move(r)); }});
        if (auto ec = start(m, it->second)) {
            if (auto again = m.registrations.find(id); again != m.registrations.end() && !again->second.waiting.empty())
                again->second.waiting.pop_back();
            state->complete(detail::from_layer(ec, what));
        }
    });
}

} // namespace

operation<void> client::unregister(registration_id id)
{
    return registration_op(impl_, id, "unregister", true, [id](impl& m, detail::registration_record& r) {
        r.info.state = registration_state::unregistering;
        return m.layer->dialogs().stop_registration(id);
    });
}

operation<void> client::refresh_registration(registration_id id)
{
    return registration_op(impl_, id, "refresh_registration", false, [id](impl& m, detail::registration_record&) {
        return m.layer->dialogs().refresh_registration(id);
    });
}

result<registration_info> client::get_registration(registration_id id) const
{
    return impl_->query([m = impl_.get(), id]() -> result<registration_info> {
        auto it = m->registrations.find(id);
        if (it == m->registrations.end())
            return error(errc::registration_not_found, "get_registration: no registration " + std::to_string(id));
        return it->second.info;
    });
}

std::vector<registration_info> client::list_registrations() const
{
    return impl_->query([m = impl_.get()] {
        std::vector<registration_info> out;
        for (auto const& [id, r] : m->registrations)
            out.push_back(r.info);
        return out;
    });
}

operation<void> client::send_message(std::string to, std::string body, std::string content_type)
{
    return impl_->post_op<void>([to = std::move(to), body = std::move(body),
                                 content_type = std::move(content_type)](impl& m, auto const& state) {
        if (!m.layer) {
            state->complete(error(errc::not_started, "send_message: start() the client first"));
            return;
        }
        if (!detail::is_sip_uri(to)) {
            state->complete(error(errc::invalid_uri, "send_message: '" + to + "' is not a SIP URI"));
            return;
        }
        dialog::request_options o;
        o.to = to;
        o.from = m.local_uri;
        o.parts.content_type = content_type;
        o.parts.body = body;
        auto const key = m.next_message++;
        m.message_waiting.emplace(key, [state](result<void> r) { state->complete(std::move(r)); });
        auto ec = m.layer->dialogs().send("MESSAGE", o, [&m, key, to](boost::system::error_code e, sip::message const* res) {
            auto it = m.message_waiting.find(key);
            if (it == m.message_waiting.end())
                return;
            auto done = std::move(it->second);
            m.message_waiting.erase(it);
            if (e) {
                done(detail::from_layer(e, "send_message to " + to));
            } else if (res && res->status_code() >= 300) {
                done(error(errc::request_failed,
                           "send_message to " + to + ": refused with " + std::to_string(res->status_code()))
                         .with_status(res->status_code()));
            } else {
                ++m.stats.messages_sent;
                done(result<void>{});
            }
        });
        if (ec) {
            if (auto it = m.message_waiting.find(key); it != m.message_waiting.end()) {
                m.message_waiting.erase(it);
                state->complete(detail::from_layer(ec, "send_message"));
            }
        }
    });
}

operation<presence_subscription_id> client::subscribe_presence(std::string uri)
{
    return impl_->post_op<presence_subscription_id>([uri = std::move(uri)](impl& m, auto const& state) {
        if (!m.layer) {
            state->complete(error(errc::not_started, "subscribe_presence: start() the client first"));
            return;
        }
        if (!detail::is_sip_uri(uri)) {
            state->complete(error(errc::invalid_uri, "subscribe_presence: '" + uri + "' is not a SIP URI"));
            return;
        }
        dialog::subscribe_options o;
        o.to = uri;
        o.from = m.local_uri;
        o.event = "presence";
        auto id = m.layer->dialogs().subscribe(o);
        if (!id) {
            state->complete(detail::from_layer(id.error(), "subscribe_presence"));
            return;
        }
        auto& p = m.presence[*id];
        p.uri = uri;
        p.waiting.push_back([state, sub = *id](result<void> r) {
            if (r)
                state->complete(sub);
            else
                state->complete(r.error());
        });
    });
}

operation<void> client::unsubscribe_presence(presence_subscription_id id)
{
    return impl_->run<void>([id](impl& m) -> result<void> {
        if (!m.presence.count(id))
            return error(errc::request_failed, "unsubscribe_presence: no subscription " + std::to_string(id));
        if (auto ec = m.layer->dialogs().unsubscribe(id))
            return detail::from_layer(ec, "unsubscribe_presence");
        return {};
    });
}

operation<void> client::publish_presence(presence_status status, std::string note)
{
    return impl_->post_op<void>([status, note = std::move(note)](impl& m, auto const& state) {
        if (!m.layer) {
            state->complete(error(errc::not_started, "publish_presence: start() the client first"));
            return;
        }
        dialog::presence_document doc;
        doc.entity = m.local_uri;
        dialog::presence_tuple t;
        t.id = "rvoip";
        t.open = status == presence_status::available || status == presence_status::away;
        t.contact = m.local_uri;
        doc.tuples.push_back(t);
        doc.note = note;
        if (status == presence_status::away)
            doc.activity = "away";
        auto body = dialog::to_pidf(doc);
        boost::system::error_code ec;
        if (m.publication) {
            ec = m.layer->dialogs().modify_publication(*m.publication, std::move(body));
        } else {
            dialog::publish_options o;
            o.aor = m.local_uri;
            o.body = std::move(body);
            auto id = m.layer->dialogs().publish(o);
            if (id)
                m.publication = *id;
            else
                ec = id.error();
        }
        if (ec) {
            state->complete(detail::from_layer(ec, "publish_presence"));
            return;
        }
        m.publish_waiting.push_back([state](result<void> r) { state->complete(std::move(r)); });
    });
}

} // namespace rvoip::client
