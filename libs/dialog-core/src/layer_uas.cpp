// The UAS core (RFC 3261 §8.2, §12.2.2, §13.3, §14.2, §15.1.2, §9.2): requests matched to
// dialogs, the answers the layer gives itself (481, 500, 491, 503, OPTIONS, BYE, CANCEL), our
// responses built from the request, and the 2xx retransmitted until its ACK.
#include "layer_impl.hpp"

#include "message_fields.hpp"
#include "text.hpp"

#include <rvoip/sip/message_builder.hpp>

#include <algorithm>

namespace rvoip::dialog {

namespace {

using detail::field;
using detail::fields;
using detail::iequal;

/// The head every response to a request shares (§8.2.6.2): Vias, From, To, Call-ID, CSeq.
sip::message_builder response_head(int status, std::string_view reason, std::vector<std::string> const& vias,
                                   std::string_view from, std::string_view to, std::string_view call_id,
                                   std::uint32_t cseq, std::string_view method)
{
    auto b = sip::message_builder::response(status, reason);
    for (auto const& v : vias)
        b.header(sip::header_id::via, v);
    b.header(sip::header_id::from, from);
    b.header(sip::header_id::to, to);
    b.call_id(call_id);
    b.cseq(cseq, method);
    return b;
}

bool creates_dialog(sip::method m) noexcept
{
    return m == sip::method::invite || m == sip::method::subscribe;
}

/// The option tags of a Require we do not implement (§8.2.2.3), comma-separated; empty: none.
std::string unsupported_required(sip::message const& m)
{
    std::string out;
    m.for_each_value(sip::header_id::require, [&](std::string_view tag) {
        if (tag.empty() || iequal(tag, "100rel") || iequal(tag, "timer") || iequal(tag, "norefersub"))
            return;
        if (!out.empty())
            out += ", ";
        out += tag;
    });
    return out;
}

} // namespace

bool lists_tag(sip::message const& m, sip::header_id id, std::string_view tag)
{
    bool found = false;
    m.for_each_value(id, [&](std::string_view v) { found = found || iequal(v, tag); });
    return found;
}

void layer::impl::reply(tx::transaction_key const& key, sip::message const& request, int status,
                        std::vector<extra_header> const& headers)
{
    std::string to = field(request, sip::header_id::to);
    if (status > 100 && request.to().tag.empty())
        to += ";tag=" + random_hex(6);
    auto b = response_head(status, {}, fields(request, sip::header_id::via), field(request, sip::header_id::from), to,
                           request.call_id(), request.cseq().number, request.cseq().method_text);
    if (!options.user_agent.empty())
        b.header(sip::header_id::server, options.user_agent);
    for (auto const& h : headers)
        b.header(h.name, h.value);
    b.body({}, {});
    if (auto m = b.build())
        transactions.respond(key, *m);
}

void layer::impl::reply_retry_later(tx::transaction_key const& key, sip::message const& request)
{
    auto const wait = std::to_string(std::stoul(random_hex(1), nullptr, 16) % 10);
    reply(key, request, 500, {{"Retry-After", wait}});
}

void layer::impl::on_request(tx::transaction_key const& key, sip::message const& m)
{
    auto const method = m.method();
    if (method == sip::method::cancel) {
        on_cancel(key, m);
        return;
    }
    if (method == sip::method::extension &&
        std::find(options.extension_methods.begin(), options.extension_methods.end(), m.method_text()) ==
            options.extension_methods.end()) {
        ++counters.not_implemented;
        reply(key, m, 501, {{"Allow", allow_value}});
        return;
    }
    if (m.request_uri().scheme == sip::uri_scheme::other) {
        // §8.2.2.1: a Request-URI scheme we do not take (sip, sips and tel we do).
        ++counters.unsupported_scheme;
        reply(key, m, 416);
        return;
    }
    if (auto const unknown = unsupported_required(m); !unknown.empty()) {
        ++counters.bad_extension;
        reply(key, m, 420, {{"Unsupported", unknown}});
        return;
    }
    if (refuse_session_body(key, m))
        return;
    auto const to_tag = m.to().tag;
    bool const in_dialog = !to_tag.empty();
    bool const with_sdp = carries_sdp(m);
    dialog_id id;
    if (in_dialog) {
        id = {std::string(m.call_id()), std::string(to_tag), std::string(m.from().tag)};
        auto it = dialogs.find(id);
        if (it == dialogs.end() || it->second.bye_after_ack) {
            // A notifier's first NOTIFY may come before the 2xx of our SUBSCRIBE, or from a
            // fork of it: it makes the dialog (RFC 6665 §4.1.2.4).
            if (method == sip::method::notify && it == dialogs.end() && on_subscription_request(key, m, nullptr))
                return;
            ++counters.no_such_dialog;
            reply(key, m, 481);
            return;
        }
        auto& s = it->second;
        if (s.d.on_request(m)) {
            ++counters.out_of_order;
            reply(key, m, 500);
            return;
        }
        if (method == sip::method::bye) {
            reply(key, m, 200);
            terminate(id, end_reason::bye_received);
            return;
        }
        if (method == sip::method::invite && s.uac_invite_pending) {
            ++counters.glare_rejected;
            reply(key, m, 491); // §14.2: ours is in progress
            return;
        }
        if (method == sip::method::invite && s.uas_invite != 0) {
            reply_retry_later(key, m); // §14.2: theirs is still in progress
            return;
        }
        if (method == sip::method::prack && !take_prack(s, m)) {
            ++counters.prack_unmatched;
            reply(key, m, 481); // RFC 3262 §3: it acknowledges nothing we are sending
            return;
        }
        if ((method == sip::method::invite || method == sip::method::update) && with_sdp &&
            refuse_offer(key, m, s))
            return;
        if (method == sip::method::notify && on_refer_notify(key, m, id, s))
            return;
        // RFC 6665: NOTIFYs of our subscriptions (481 for none), refreshes of those we serve.
        if ((method == sip::method::notify || (method == sip::method::subscribe && !s.subs.empty())) &&
            on_subscription_request(key, m, &s))
            return;
    } else {
        // §12.2.2 / §15.1.2: these only exist in a dialog.
        if (method == sip::method::bye || method == sip::method::update || method == sip::method::prack) {
            ++counters.no_such_dialog;
            reply(key, m, 481);
            return;
        }
        if (method == sip::method::options && options.answer_options) {
            reply(key, m, 200,
                  {{"Allow", allow_value},
                   {"Accept", "application/sdp"},
                   {"Supported", supported_value},
                   {"Allow-Events", allow_events(options)}});
            return;
        }
    }
    if (pending.size() >= options.max_pending_requests ||
        (!in_dialog && creates_dialog(method) && dialogs.size() >= options.max_dialogs)) {
        ++counters.overload_rejected;
        reply(key, m, 503, {{"Retry-After", "5"}});
        return;
    }
    dialog_id const* replaced = nullptr;
    if (!in_dialog && method == sip::method::invite && !check_replaces(key, m, replaced))
        return;
    pending_request p;
    p.key = key;
    p.method = method;
    p.method_text = std::string(m.method_text());
    p.vias = fields(m, sip::header_id::via);
    p.from = field(m, sip::header_id::from);
    p.to = field(m, sip::header_id::to);
    p.call_id = std::string(m.call_id());
    p.cseq = m.cseq().number;
    p.in_dialog = in_dialog;
    if (in_dialog) {
        p.dialog = id;
    } else {
        p.local_tag = random_hex(6);
        p.dialog = {p.call_id, p.local_tag, std::string(m.from().tag)};
        if (creates_dialog(method)) {
            p.record_routes = fields(m, sip::header_id::record_route);
            if (method == sip::method::invite) {
                auto made = dialog::from_uas(m, p.local_tag, true);
                if (!made) {
                    reply(key, m, 400, {});
                    return;
                }
                p.creating = std::move(*made);
                p.require_100rel = lists_tag(m, sip::header_id::require, "100rel");
                p.peer_100rel = p.require_100rel || lists_tag(m, sip::header_id::supported, "100rel");
            } else {
                auto made = dialog::from_uas(m, p.local_tag, false);
                if (!made) {
                    reply(key, m, 400, {});
                    return;
                }
                p.creating = std::move(*made);
            }
        }
    }
    if (method == sip::method::subscribe && !check_subscribe(key, m, p))
        return;
    if ((method == sip::method::invite || method == sip::method::update) && !take_session_request(key, m, p))
        return;
    p.peer_update = lists_tag(m, sip::header_id::allow, "UPDATE");
    p.with_sdp = with_sdp;
    // RFC 4488: we honour Refer-Sub: false (norefersub is in our Supported).
    p.no_refer_sub = method == sip::method::refer && refer_sub_false(m);
    if (in_dialog && p.with_sdp)
        offer_received(dialogs.find(id)->second, method);
    auto const rid = next_id++;
    dialog_id const did = p.dialog;
    pending.emplace(rid, std::move(p));
    if (method == sip::method::update && in_dialog && m.body().empty()) {
        // A refresh (RFC 4028) or an UPDATE with nothing to negotiate: answered here.
        respond(rid, 200, {});
        return;
    }
    if (method == sip::method::invite) {
        pending_invites.emplace(key, rid);
        if (in_dialog)
            dialogs.find(id)->second.uas_invite = rid;
    }
    emit(request_received{rid, did, in_dialog, m, replaced});
}

boost::system::error_code layer::impl::respond(request_id rid, int status, message_parts const& parts,
                                               end_reason if_ends, bool reliable)
{
    auto it = pending.find(rid);
    if (it == pending.end())
        return errc::no_such_request;
    if (status < 100 || status > 699)
        return errc::bad_request;
    auto& p = it->second;
    // RFC 3262 §3: a peer that requires 100rel gets every provisional response but 100 reliably.
    if (status > 100 && status < 200 && p.creating && p.require_100rel)
        reliable = true;
    if (reliable) {
        if (status <= 100 || status >= 200 || !p.creating || !p.peer_100rel)
            return errc::bad_request;
        if (p.reliable)
            return errc::request_pending; // RFC 3262 §3: one at a time
    }
    if (status >= 200 && p.reliable) {
        // RFC 3262 §3: no 2xx while an offer or answer in a reliable 1xx is not PRACKed.
        if (status < 300 && p.reliable->with_body)
            return errc::request_pending;
        timers.cancel(p.reliable->timer);
        p.reliable.reset();
    }

    std::string to = p.to;
    if (!p.in_dialog && status > 100)
        to += ";tag=" + p.local_tag;
    auto b = response_head(status, parts.reason, p.vias, p.from, to, p.call_id, p.cseq, p.method_text);
    bool const success = status > 100 && status < 300;
    if (success && creates_dialog(p.method)) {
        if (!p.in_dialog)
            for (auto const& rr : p.record_routes)
                b.header(sip::header_id::record_route, rr);
        b.header(sip::header_id::contact, "<" + contact_uri + ">");
    }
    if (p.method == sip::method::invite && status >= 200 && status < 300)
        b.header(sip::header_id::allow, allow_value);
    bool const refresh_request = p.method == sip::method::invite || p.method == sip::method::update;
    bool we_refresh = false;
    if (refresh_request && status >= 200 && status < 300 && p.session_interval > 0)
        add_session_grant(p, b, we_refresh);
    if (!options.user_agent.empty())
        b.header(sip::header_id::server, options.user_agent);
    if (reliable) {
        if (p.rseq == 0) // RFC 3262 §3: the first RSeq is random, 1 to 2**31-1
            p.rseq = 1 + static_cast<std::uint32_t>(std::stoul(random_hex(4), nullptr, 16) % 0x7ffffffe);
        else
            ++p.rseq;
        b.header(sip::header_id::require, "100rel");
        b.header(sip::header_id::rseq, std::to_string(p.rseq));
    }
    if (p.method == sip::method::refer && p.no_refer_sub && success)
        b.header("Refer-Sub", "false");
    for (auto const& h : parts.headers)
        b.header(h.name, h.value);
    b.body(parts.content_type, parts.body);
    auto m = b.build();
    if (!m)
        return errc::bad_request;
    auto const ec = transactions.respond(p.key, *m);
    if (reliable) {
        auto const t1 = options.transaction.timers.t1;
        p.reliable = std::make_unique<unacked_reliable>(unacked_reliable{std::move(*m), p.rseq, !parts.body.empty(), t1,
                                                                         transactions.time_source().now() + 64 * t1, {}});
        p.reliable->timer = timers.schedule(t1, [this, rid] { resend_reliable(rid); });
    }

    if (p.creating && success && !p.dialog_made) {
        auto& s = dialogs.emplace(p.dialog, dialog_state(std::move(*p.creating))).first->second;
        if (p.method == sip::method::invite)
            s.uas_invite = rid;
        s.offer = p.with_sdp ? pending_offer::theirs : pending_offer::none;
        p.dialog_made = true;
        ++counters.dialogs_created;
    }
    if (p.in_dialog || p.dialog_made)
        if (auto d = dialogs.find(p.dialog); d != dialogs.end())
            answer_sent(d->second, p, status, reliable, carries_sdp(parts));
    if (status < 200)
        return ec;

    // A final response: the request is answered.
    auto const did = p.dialog;
    auto const key = p.key;
    bool const invite = p.method == sip::method::invite;
    bool const ends_early = invite && !p.in_dialog && p.dialog_made && status >= 300;
    auto const session_interval = p.session_interval;
    bool const peer_update = p.peer_update;
    if (p.method == sip::method::refer && p.in_dialog && status < 300)
        refer_accepted(did, p);
    pending_invites.erase(key);
    pending.erase(it);
    auto d = dialogs.find(did);
    if (refresh_request && status >= 200 && status < 300 && d != dialogs.end()) {
        // RFC 4028 §9: each 2xx to an INVITE or UPDATE sets the session timer anew (off when
        // the request asked for none).
        auto& s = d->second;
        s.session_interval = session_interval;
        s.we_refresh = we_refresh;
        s.peer_update = peer_update;
        if (we_refresh && !peer_update && !parts.body.empty())
            s.local_sdp = parts.body;
        arm_session(did, s);
    }
    if (invite && d != dialogs.end()) {
        d->second.uas_invite = 0;
        if (status < 300) {
            d->second.d.confirm();
            auto ok = std::make_unique<unacked_ok>(unacked_ok{key, std::move(*m), 0, {}, {}, {}});
            ok->cseq = ok->response.cseq().number;
            ok->interval = options.transaction.timers.t1;
            ok->give_up = transactions.time_source().now() + 64 * options.transaction.timers.t1;
            ok->timer = timers.schedule(ok->interval, [this, did] { resend_ok(did); });
            if (d->second.ok)
                timers.cancel(d->second.ok->timer);
            d->second.ok = std::move(ok);
        } else if (ends_early) {
            terminate(did, if_ends);
        }
    }
    return ec;
}

void layer::impl::resend_ok(dialog_id const& id)
{
    auto it = dialogs.find(id);
    if (it == dialogs.end() || !it->second.ok)
        return;
    auto& s = it->second;
    auto& ok = *s.ok;
    if (transactions.time_source().now() >= ok.give_up) {
        // §13.3.1.4: no ACK in 64*T1: the dialog is confirmed, then ended with BYE.
        s.ok.reset();
        send_bye(s);
        if (s.bye_after_ack) {
            timers.cancel(s.session_timer);
            dialogs.erase(it); // its end was reported when bye() was called
            ++counters.dialogs_terminated;
        } else {
            dialog_id const copy = id;
            terminate(copy, end_reason::no_ack);
        }
        return;
    }
    transactions.respond(ok.key, ok.response);
    ++counters.ok_retransmitted;
    ok.interval = std::min<tx::clock::duration>(2 * ok.interval, options.transaction.timers.t2);
    ok.timer = timers.schedule(ok.interval, [this, did = id] { resend_ok(did); });
}

void layer::impl::resend_reliable(request_id rid)
{
    auto it = pending.find(rid);
    if (it == pending.end() || !it->second.reliable)
        return;
    auto& r = *it->second.reliable;
    if (transactions.time_source().now() >= r.give_up) {
        // RFC 3262 §3: no PRACK in 64*T1: the INVITE is refused with a 5xx.
        it->second.reliable.reset();
        respond(rid, 504, {}, end_reason::no_prack);
        return;
    }
    transactions.respond(it->second.key, r.response);
    ++counters.reliable_retransmitted;
    r.interval *= 2;
    auto const left = r.give_up - transactions.time_source().now();
    r.timer = timers.schedule(std::min<tx::clock::duration>(r.interval, left), [this, rid] { resend_reliable(rid); });
}

bool layer::impl::take_prack(dialog_state& s, sip::message const& prack)
{
    auto p = pending.find(s.uas_invite);
    auto const rack = prack.rack_header();
    if (p == pending.end() || !p->second.reliable || !rack)
        return false;
    auto& r = p->second;
    if (rack->response_num != r.reliable->rseq || rack->cseq_num != r.cseq || rack->method != sip::method::invite)
        return false;
    timers.cancel(r.reliable->timer);
    r.reliable.reset();
    return true;
}

void layer::impl::on_ack(sip::message const& ack)
{
    dialog_id const id{std::string(ack.call_id()), std::string(ack.to().tag), std::string(ack.from().tag)};
    auto it = dialogs.find(id);
    if (it == dialogs.end() || !it->second.ok || ack.cseq().number != it->second.ok->cseq)
        return; // a retransmitted ACK, or one for nothing we sent
    auto& s = it->second;
    timers.cancel(s.ok->timer);
    s.ok.reset();
    if (s.offer == pending_offer::ours)
        s.offer = pending_offer::none; // the answer to our 2xx's offer (or none: the exchange failed)
    if (s.bye_after_ack) {
        send_bye(s);
        timers.cancel(s.session_timer);
        dialogs.erase(it);
        ++counters.dialogs_terminated;
        return;
    }
    emit(ack_received{it->first, ack});
}

void layer::impl::on_cancel(tx::transaction_key const& key, sip::message const& m)
{
    auto invite_key = tx::cancelled_invite_key(m);
    auto found = invite_key ? pending_invites.find(*invite_key) : pending_invites.end();
    if (found == pending_invites.end()) {
        reply(key, m, 481); // §9.2: nothing to cancel
        return;
    }
    auto const rid = found->second;
    auto p = pending.find(rid);
    if (p == pending.end()) {
        reply(key, m, 481);
        return;
    }
    // §9.2: 200 to the CANCEL (with the tag our INVITE responses carry), 487 to the INVITE.
    std::string to = field(m, sip::header_id::to);
    if (!p->second.in_dialog)
        to += ";tag=" + p->second.local_tag;
    auto b = response_head(200, {}, fields(m, sip::header_id::via), field(m, sip::header_id::from), to, m.call_id(),
                           m.cseq().number, m.cseq().method_text);
    b.body({}, {});
    if (auto ok = b.build())
        transactions.respond(key, *ok);
    dialog_id const did = p->second.dialog;
    respond(rid, 487, {}, end_reason::cancelled);
    emit(request_cancelled{rid, did});
}

} // namespace rvoip::dialog
