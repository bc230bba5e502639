// SIP events (RFC 6665). The subscriber: SUBSCRIBE outside a dialog, a dialog made by its 2xx
// or by each notifier's first NOTIFY (forking), refreshes before expiry, unsubscription, and a
// new SUBSCRIBE after the endings that invite one. The notifier: SUBSCRIBE checked (Event,
// Expires) and accepted, a NOTIFY at once and after each refresh, expiry and termination.
#include "layer_impl.hpp"

#include "text.hpp"

#include <algorithm>

namespace rvoip::dialog {

namespace {

using detail::iequal;

/// Notifiers one SUBSCRIBE may fork to (each NOTIFY from another one beyond gets 481).
constexpr std::size_t max_forks = 8;
/// The longest subscription we ask to keep after a 423 (a day).
constexpr std::uint32_t longest_asked = 86400;

/// The format of a package's state, for Accept (RFC 3856, RFC 3842, RFC 4235).
std::string_view default_accept(std::string_view package)
{
    if (iequal(package, "presence"))
        return "application/pidf+xml";
    if (iequal(package, "message-summary"))
        return "application/simple-message-summary";
    if (iequal(package, "dialog"))
        return "application/dialog-info+xml";
    return {};
}

/// The whole seconds usage `u` has left at `now` (0 once past).
std::uint32_t seconds_left(subscription_usage const& u, tx::clock::time_point now)
{
    return u.expires_at > now ? static_cast<std::uint32_t>(
                                    std::chrono::duration_cast<std::chrono::seconds>(u.expires_at - now).count())
                              : 0;
}

/// RFC 6665 §4.4.1: a subscription is its dialog, its event-type and its id.
bool same_event(sip::event_header const& ev, subscription const& sub)
{
    return iequal(ev.type, sub.package) && ev.id == sub.event_id;
}

} // namespace

std::string allow_events(layer_options const& o)
{
    std::string out = "refer";
    for (auto const& p : o.event_packages)
        out.append(", ").append(p);
    return out;
}

subscription_usage* layer::impl::usage_of(subscription& sub, dialog_id const& did)
{
    auto u = std::find_if(sub.usages.begin(), sub.usages.end(), [&](auto const& x) { return x.dialog == did; });
    return u == sub.usages.end() ? nullptr : &*u;
}

// --- subscriber --------------------------------------------------------------------------------

boost::system::result<subscription_id> layer::subscribe(subscribe_options const& o)
{
    auto& in = *impl_;
    auto const ev = sip::parse_event(o.event);
    if (!ev || o.to.empty() || o.from.empty())
        return errc::bad_request;
    if (in.subscriptions.size() >= in.options.max_subscriptions || in.dialogs.size() >= in.options.max_dialogs)
        return errc::limit_reached;
    subscription sub;
    sub.options = o;
    if (sub.options.request_uri.empty())
        sub.options.request_uri = uri_of(o.to);
    if (sub.options.routes.empty())
        sub.options.routes = in.preloaded_routes();
    sub.event = o.event;
    sub.package = std::string(ev->type);
    sub.event_id = std::string(ev->id);
    sub.asked = static_cast<std::uint32_t>(std::max<std::chrono::seconds::rep>(0, o.expires.count()));
    auto const id = in.next_id++;
    in.subscriptions.emplace(id, std::move(sub));
    if (auto ec = in.send_subscribe(id)) {
        in.subscriptions.erase(id);
        return ec;
    }
    return id;
}

boost::system::error_code layer::impl::send_subscribe(subscription_id id)
{
    auto it = subscriptions.find(id);
    if (it == subscriptions.end())
        return errc::no_such_request;
    auto& sub = it->second;
    subscribing.erase(sub.call_id);
    sub.call_id = random_hex(12);
    sub.local_tag = random_hex(6);
    sub.from = angle(sub.options.from) + ";tag=" + sub.local_tag;
    uac_request r;
    r.req.method = "SUBSCRIBE";
    r.req.request_uri = sub.options.request_uri;
    r.req.routes = sub.options.routes;
    r.req.from = sub.from;
    r.req.to = angle(sub.options.to);
    r.req.call_id = sub.call_id;
    r.req.cseq = 1;
    r.req.with_contact = true;
    r.req.parts = sub.options.parts;
    auto& h = r.req.parts.headers;
    h.push_back({"Event", sub.event});
    if (sub.options.accept.empty()) {
        if (auto const a = default_accept(sub.package); !a.empty())
            h.push_back({"Accept", std::string(a)});
    }
    for (auto const& a : sub.options.accept)
        h.push_back({"Accept", a});
    h.push_back({"Expires", std::to_string(sub.asked)});
    h.push_back({"Allow-Events", allow_events(options)});
    std::string const call_id = sub.call_id;
    r.done = [this, id, call_id](boost::system::error_code ec, sip::message const* m) {
        on_subscribe_response(id, call_id, ec, m);
    };
    auto const ec = start_request(std::move(r));
    if (!ec) {
        sub.initial_pending = true;
        sub.request = last_started;
        subscribing.emplace(call_id, id);
    }
    return ec;
}

void layer::impl::on_subscribe_response(subscription_id id, std::string const& call_id, boost::system::error_code ec,
                                        sip::message const* m)
{
    auto it = subscriptions.find(id);
    if (it == subscriptions.end() || it->second.call_id != call_id)
        return; // an earlier attempt's
    auto& sub = it->second;
    sub.initial_pending = false;
    int const status = m ? m->status_code() : 0;
    if (status == 423 && !sub.unsubscribing) {
        // RFC 6665 §4.1.2.1: ask again for at least what the notifier wants.
        auto const min = m->min_expires();
        if (min && *min > sub.asked && *min <= longest_asked) {
            sub.asked = *min;
            if (send_subscribe(id))
                end_usage(id, nullptr, "no_response", 0, make_error_code(errc::transport_failed), 0);
            return;
        }
    }
    if (status >= 200 && status < 300) {
        dialog_id const did{call_id, sub.local_tag, std::string(m->to().tag)};
        auto const granted = expires_or(*m, sub.asked);
        auto* u = usage_of(sub, did);
        if (!u) {
            if (sub.usages.size() >= max_forks || dialogs.size() >= options.max_dialogs)
                return;
            uac_request_parts parts;
            parts.call_id = call_id;
            parts.local_tag = sub.local_tag;
            parts.local_party = sub.from;
            parts.request_uri = sub.options.request_uri;
            parts.cseq = m->cseq().number;
            parts.secure = sub.options.request_uri.starts_with("sips:");
            auto made = dialog::from_uac(parts, *m);
            if (!made) {
                if (sub.usages.empty())
                    end_usage(id, nullptr, "refused", status, made.error(), 0);
                return;
            }
            auto& s = dialogs.emplace(did, dialog_state(std::move(*made))).first->second;
            ++counters.dialogs_created;
            s.made_by_subscription = true;
            s.subs.push_back(id);
            sub.usages.push_back({did});
            u = &sub.usages.back();
            // RFC 6665 §4.1.2.4: no NOTIFY in 64*T1 after the 2xx: the subscription failed.
            timers.schedule(64 * options.transaction.timers.t1, [this, id, did] {
                auto again = subscriptions.find(id);
                if (again == subscriptions.end())
                    return;
                auto* x = usage_of(again->second, did);
                if (x && !x->notified)
                    end_usage(id, &did, "no_notify", 0, make_error_code(errc::timed_out), 0);
            });
        }
        if (sub.unsubscribing) {
            refresh_subscription(id, did, 0);
            return;
        }
        if (!u->notified)
            arm_usage(id, *u, granted);
        return;
    }
    if (!sub.usages.empty())
        return; // a notifier's NOTIFYs made the subscription: it goes on
    // With a response, `ec` is the digest error of a challenge that could not be answered.
    end_usage(id, nullptr, m ? "refused" : "no_response", status, final_error(m ? ec : boost::system::error_code{}, m, ec),
              0);
}

void layer::impl::arm_usage(subscription_id id, subscription_usage& u, std::uint32_t seconds)
{
    auto it = subscriptions.find(id);
    if (it == subscriptions.end())
        return;
    bool const notifier = it->second.notifier;
    timers.cancel(u.refresh);
    timers.cancel(u.expiry);
    auto const did = u.dialog;
    auto const now = transactions.time_source().now();
    // A subscriber granted nothing (a fetch) waits for the terminating NOTIFY, 64*T1 at most.
    auto const lasts = !notifier && seconds == 0 ? std::chrono::duration_cast<tx::clock::duration>(
                                                        64 * options.transaction.timers.t1)
                                                  : std::chrono::duration_cast<tx::clock::duration>(
                                                        std::chrono::seconds(seconds));
    u.expires_at = now + lasts;
    u.expiry = timers.schedule(lasts, [this, id, did] {
        auto again = subscriptions.find(id);
        if (again == subscriptions.end())
            return;
        auto* x = usage_of(again->second, did);
        if (!x)
            return;
        x->expiry = timer_queue::none();
        if (again->second.notifier)
            send_notify(again->second, *x, {}, "timeout"); // RFC 6665 §4.2.2
        end_usage(id, &did, "expired", 0, {}, 0);
    });
    if (!notifier && seconds > 0)
        u.refresh = timers.schedule(refresh_after(seconds), [this, id, did] {
            auto again = subscriptions.find(id);
            if (again != subscriptions.end())
                refresh_subscription(id, did, again->second.asked);
        });
}

void layer::impl::refresh_subscription(subscription_id id, dialog_id const& did, std::uint32_t expires)
{
    auto it = subscriptions.find(id);
    auto d = dialogs.find(did);
    if (it == subscriptions.end() || d == dialogs.end())
        return;
    auto& sub = it->second;
    message_parts parts;
    parts.headers = {{"Event", sub.event}, {"Expires", std::to_string(expires)}};
    for (auto const& a : sub.options.accept)
        parts.headers.push_back({"Accept", a});
    uac_request r;
    r.req = in_dialog(d->second, "SUBSCRIBE", std::move(parts));
    r.dialog = did;
    r.done = [this, id, did, expires](boost::system::error_code, sip::message const* m) {
        auto again = subscriptions.find(id);
        if (!m || expires == 0 || again == subscriptions.end() || again->second.unsubscribing)
            return;
        auto* u = usage_of(again->second, did);
        // RFC 6665 §4.1.2.2: a refresh refused leaves the subscription until it expires.
        if (u && m->status_code() >= 200 && m->status_code() < 300) {
            arm_usage(id, *u, expires_or(*m, expires));
            ++counters.subscriptions_refreshed;
        }
    };
    start_request(std::move(r));
}

boost::system::error_code layer::unsubscribe(subscription_id id)
{
    auto& in = *impl_;
    auto it = in.subscriptions.find(id);
    if (it == in.subscriptions.end() || it->second.notifier || it->second.unsubscribing)
        return errc::no_such_request;
    auto& sub = it->second;
    sub.unsubscribing = true;
    in.timers.cancel(sub.retry);
    if (sub.usages.empty()) {
        if (!sub.initial_pending) // between a resubscription's wait and its SUBSCRIBE
            in.end_usage(id, nullptr, "unsubscribed", 0, {}, 0);
        return {}; // else the 2xx's dialog is unsubscribed when it comes
    }
    std::vector<dialog_id> dids;
    for (auto& u : sub.usages) {
        dids.push_back(u.dialog);
        in.timers.cancel(u.refresh);
        in.timers.cancel(u.expiry);
        // The notifier's terminating NOTIFY ends it; without one, it ends after 64*T1.
        u.expiry = in.timers.schedule(64 * in.options.transaction.timers.t1, [&in, id, did = u.dialog] {
            in.end_usage(id, &did, "unsubscribed", 0, {}, 0);
        });
    }
    for (auto const& did : dids)
        in.refresh_subscription(id, did, 0);
    return {};
}

// --- requests of subscriptions -----------------------------------------------------------------

bool layer::impl::on_subscription_request(tx::transaction_key const& key, sip::message const& m, dialog_state* s)
{
    auto const ev = m.event();
    dialog_id const did{std::string(m.call_id()), std::string(m.to().tag), std::string(m.from().tag)};
    if (m.method() == sip::method::subscribe) {
        if (!s || !ev)
            return false;
        for (auto const id : s->subs) {
            auto& sub = subscriptions.at(id);
            if (!sub.notifier || !same_event(*ev, sub))
                continue;
            // A refresh, or an unsubscription (Expires: 0), of a subscription we serve.
            auto const read = m.expires();
            auto const asked = read ? std::optional<std::uint32_t>(*read) : std::nullopt;
            if (refuse_brief(key, m, asked))
                return true;
            auto const granted = granted_for(asked);
            reply(key, m, 200, {{"Expires", std::to_string(granted)}, {"Contact", "<" + contact_uri + ">"}});
            auto* u = usage_of(sub, did);
            if (!u)
                return true;
            if (granted == 0) {
                send_notify(sub, *u, sub.last, "timeout");
                end_usage(id, &did, "unsubscribed", 0, {}, 0);
                return true;
            }
            arm_usage(id, *u, granted);
            send_notify(sub, *u, sub.last, {}); // RFC 6665 §4.2.1.2: at once
            return true;
        }
        return false; // a new subscription in this dialog: the application's to accept
    }

    // A NOTIFY: of a subscription of ours in this dialog, or the first of a notifier.
    subscription_id id = 0;
    if (ev && s) {
        for (auto const x : s->subs)
            if (auto& sub = subscriptions.at(x); !sub.notifier && same_event(*ev, sub))
                id = x;
    } else if (ev) {
        auto c = subscribing.find(did.call_id);
        if (c != subscribing.end()) {
            auto& sub = subscriptions.at(c->second);
            if (!sub.notifier && sub.local_tag == did.local_tag && same_event(*ev, sub))
                id = c->second;
        }
    }
    if (id == 0) {
        if (!s)
            return false; // 481 for a dialog that does not exist
        ++counters.no_such_subscription;
        reply(key, m, ev ? 481 : 400);
        return true;
    }
    auto const state = m.subscription_state();
    if (!state) {
        reply(key, m, 400); // RFC 6665 §8.2.3: Subscription-State is mandatory in NOTIFY
        return true;
    }
    auto& sub = subscriptions.at(id);
    auto* u = usage_of(sub, did);
    if (!u) {
        // RFC 6665 §4.1.2.4: the first NOTIFY of a notifier makes the dialog, before the 2xx
        // or as a fork of the SUBSCRIBE.
        if (sub.usages.size() >= max_forks || dialogs.size() >= options.max_dialogs) {
            ++counters.no_such_subscription;
            reply(key, m, 481);
            return true;
        }
        uac_request_parts parts;
        parts.call_id = did.call_id;
        parts.local_tag = sub.local_tag;
        parts.local_party = sub.from;
        parts.request_uri = sub.options.request_uri;
        auto const rq = requests.find(sub.request);
        parts.cseq = rq != requests.end() ? rq->second.req.cseq : 1;
        parts.secure = sub.options.request_uri.starts_with("sips:");
        auto made = dialog::from_notify(parts, m);
        if (!made) {
            reply(key, m, 400);
            return true;
        }
        auto& ns = dialogs.emplace(did, dialog_state(std::move(*made))).first->second;
        ++counters.dialogs_created;
        ns.made_by_subscription = true;
        ns.subs.push_back(id);
        sub.usages.push_back({did});
        u = &sub.usages.back();
        if (!sub.unsubscribing)
            arm_usage(id, *u, state->expires ? *state->expires : sub.asked);
    }
    reply(key, m, 200);
    u->notified = true;
    auto const now_state = state->state == sip::substate::extension ? sip::substate::active : state->state;
    u->state = now_state;
    // RFC 6665 §4.1.3: the expires of an active or pending state is the time left.
    if (now_state != sip::substate::terminated && state->expires && !sub.unsubscribing)
        arm_usage(id, *u, *state->expires);
    auto const left =
        now_state == sip::substate::terminated ? 0u : seconds_left(*u, transactions.time_source().now());
    std::string const reason(state->reason);
    auto const retry_after = state->retry_after.value_or(0);
    emit(notification{id, did, now_state, left, m});
    if (now_state == sip::substate::terminated)
        end_usage(id, &did, reason, 0, {}, retry_after);
    return true;
}

bool layer::impl::check_subscribe(tx::transaction_key const& key, sip::message const& m, pending_request& p)
{
    auto const ev = m.event();
    if (!ev) {
        reply(key, m, 400); // RFC 6665 §8.2.1: Event is mandatory in SUBSCRIBE
        return false;
    }
    bool const served = std::any_of(options.event_packages.begin(), options.event_packages.end(),
                                    [&](std::string const& x) { return iequal(x, ev->package); });
    if (!served) {
        ++counters.bad_event;
        reply(key, m, 489, {{"Allow-Events", allow_events(options)}}); // RFC 6665 §4.2.1.1
        return false;
    }
    auto const asked = m.expires();
    if (!asked && m.find(sip::header_id::expires)) {
        reply(key, m, 400);
        return false;
    }
    if (asked)
        p.expires = *asked;
    if (refuse_brief(key, m, p.expires))
        return false;
    if (subscriptions.size() >= options.max_subscriptions) {
        ++counters.overload_rejected;
        reply(key, m, 503, {{"Retry-After", "5"}});
        return false;
    }
    p.event = std::string(ev->text);
    return true;
}

bool layer::impl::refuse_brief(tx::transaction_key const& key, sip::message const& m,
                               std::optional<std::uint32_t> asked)
{
    auto const min = static_cast<std::uint32_t>(options.min_subscription_expires.count());
    if (!asked || *asked == 0 || *asked >= min)
        return false;
    reply(key, m, 423, {{"Min-Expires", std::to_string(min)}}); // RFC 6665 §4.2.1.1
    return true;
}

std::uint32_t layer::impl::granted_for(std::optional<std::uint32_t> asked) const
{
    auto const max = static_cast<std::uint32_t>(options.max_subscription_expires.count());
    return std::min(asked.value_or(max), max);
}

// --- notifier ----------------------------------------------------------------------------------

boost::system::result<subscription_id> layer::accept_subscription(request_id request, notify_content const& first)
{
    auto& in = *impl_;
    auto it = in.pending.find(request);
    if (it == in.pending.end() || it->second.method != sip::method::subscribe || it->second.event.empty())
        return errc::no_such_request;
    if (in.subscriptions.size() >= in.options.max_subscriptions)
        return errc::limit_reached;
    auto& p = it->second;
    auto const granted = in.granted_for(p.expires);
    auto const did = p.dialog;
    bool const made = !p.in_dialog;
    auto const ev_text = p.event;
    message_parts ok;
    ok.headers = {{"Expires", std::to_string(granted)}};
    if (auto ec = in.respond(request, 200, ok))
        return ec;
    auto d = in.dialogs.find(did);
    if (d == in.dialogs.end())
        return errc::no_such_dialog;
    auto const ev = sip::parse_event(ev_text);
    subscription sub;
    sub.notifier = true;
    sub.event = ev_text;
    sub.package = ev ? std::string(ev->type) : ev_text;
    sub.event_id = ev ? std::string(ev->id) : std::string();
    sub.last = first;
    sub.granted = granted;
    auto const id = in.next_id++;
    auto& stored = in.subscriptions.emplace(id, std::move(sub)).first->second;
    d->second.made_by_subscription = d->second.made_by_subscription || made;
    d->second.subs.push_back(id);
    stored.usages.push_back({did});
    auto& u = stored.usages.back();
    u.state = first.state;
    if (granted == 0) {
        // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, and the subscription is over.
        in.send_notify(stored, u, first, "timeout");
        in.end_usage(id, &did, "timeout", 0, {}, 0);
        return id;
    }
    in.arm_usage(id, u, granted);
    in.send_notify(stored, u, first, {});
    return id;
}

boost::system::error_code layer::impl::send_notify(subscription& sub, subscription_usage const& u,
                                                   notify_content const& content, std::string_view terminated_reason)
{
    auto d = dialogs.find(u.dialog);
    if (d == dialogs.end())
        return errc::no_such_dialog;
    message_parts parts;
    parts.content_type = content.content_type;
    parts.body = content.body;
    parts.headers = content.headers;
    parts.headers.push_back({"Event", sub.event});
    std::string state;
    if (!terminated_reason.empty()) {
        state = "terminated;reason=" + std::string(terminated_reason);
    } else {
        auto const left = seconds_left(u, transactions.time_source().now());
        state = std::string(content.state == sip::substate::pending ? "pending" : "active") +
                ";expires=" + std::to_string(left);
    }
    parts.headers.push_back({"Subscription-State", std::move(state)});
    uac_request r;
    r.req = in_dialog(d->second, "NOTIFY", std::move(parts));
    r.dialog = u.dialog;
    ++counters.notifies_sent;
    return start_request(std::move(r));
}

boost::system::error_code layer::notify(subscription_id id, notify_content const& content)
{
    auto it = impl_->subscriptions.find(id);
    if (it == impl_->subscriptions.end() || !it->second.notifier || it->second.usages.empty())
        return errc::no_such_request;
    if (content.state == sip::substate::terminated)
        return end_subscription(id, "noresource", content);
    auto& sub = it->second;
    sub.last = content;
    sub.usages.front().state = content.state;
    return impl_->send_notify(sub, sub.usages.front(), content, {});
}

boost::system::error_code layer::end_subscription(subscription_id id, std::string_view reason,
                                                  notify_content const& final)
{
    auto it = impl_->subscriptions.find(id);
    if (it == impl_->subscriptions.end() || !it->second.notifier || it->second.usages.empty())
        return errc::no_such_request;
    std::string const why(reason.empty() ? "noresource" : reason);
    auto const did = it->second.usages.front().dialog;
    auto const ec = impl_->send_notify(it->second, it->second.usages.front(), final, why);
    impl_->end_usage(id, &did, why, 0, {}, 0);
    return ec;
}

// --- the end of a usage ------------------------------------------------------------------------

void layer::impl::end_usage(subscription_id id, dialog_id const* did, std::string_view reason, int status,
                            boost::system::error_code ec, std::uint32_t retry_after, bool dialog_going)
{
    auto it = subscriptions.find(id);
    if (it == subscriptions.end())
        return;
    auto& sub = it->second;
    std::optional<dialog_id> ended;
    if (did) {
        auto u = std::find_if(sub.usages.begin(), sub.usages.end(), [&](auto const& x) { return x.dialog == *did; });
        if (u == sub.usages.end())
            return; // already ended
        timers.cancel(u->refresh);
        timers.cancel(u->expiry);
        ended = u->dialog;
        sub.usages.erase(u);
    }
    std::string const why(reason); // it may point into a message, or into the subscription
    bool resubscribing = false;
    std::uint32_t wait = 0;
    if (!sub.notifier && sub.options.resubscribe && !sub.unsubscribing && sub.asked > 0 && sub.usages.empty() &&
        !sub.initial_pending) {
        // RFC 6665 §4.1.3: deactivated and timeout invite a new SUBSCRIBE at once (a second
        // here, so that a notifier answering each one so cannot make a storm), probation and
        // giveup after retry-after; an expiry or a lost dialog asks for one too.
        if (why == "deactivated" || why == "timeout" || why == "expired" || why == "dialog_ended") {
            resubscribing = true;
            wait = std::max<std::uint32_t>(1, retry_after);
        } else if ((why == "probation" || why == "giveup") && retry_after > 0) {
            resubscribing = true;
            wait = retry_after;
        }
    }
    bool const last = sub.usages.empty() && !sub.initial_pending && !resubscribing;
    bool const notifier = sub.notifier;
    if (resubscribing)
        sub.retry = timers.schedule(std::chrono::seconds(wait), [this, id] {
            if (send_subscribe(id) && subscriptions.count(id))
                end_usage(id, nullptr, "no_response", 0, make_error_code(errc::transport_failed), 0);
        });
    if (sub.usages.empty() && !sub.initial_pending)
        subscribing.erase(sub.call_id);
    if (last)
        subscriptions.erase(it);
    if (ended && !dialog_going) {
        auto d = dialogs.find(*ended);
        if (d != dialogs.end()) {
            std::erase(d->second.subs, id);
            if (d->second.made_by_subscription && d->second.subs.empty())
                terminate(*ended, end_reason::subscription_ended);
        }
    }
    emit(subscription_ended{id, ended ? &*ended : nullptr, notifier, why, status, ec, resubscribing, wait, last});
}

void layer::impl::dialog_gone(dialog_id const& did, std::vector<subscription_id> subs)
{
    for (auto const id : subs)
        end_usage(id, &did, "dialog_ended", 0, {}, 0, true);
}

} // namespace rvoip::dialog
