// The UAC core (RFC 3261 §8.1, §13.2, §14.1, §15, §9.1): INVITEs and the dialogs their
// responses create, the ACK of each 2xx, CANCEL, requests in dialogs, digest retries and the
// 491 back-off.
#include "layer_impl.hpp"

#include <rvoip/sip/uri.hpp>

#include <algorithm>

namespace rvoip::dialog {

namespace {

uac_request_parts parts_of(outgoing const& r, std::string_view local_tag)
{
    uac_request_parts p;
    p.call_id = r.call_id;
    p.local_tag = local_tag;
    p.local_party = r.from;
    p.request_uri = r.request_uri;
    p.cseq = r.cseq;
    p.secure = r.request_uri.starts_with("sips:");
    return p;
}

std::string_view tag_of(std::string const& from)
{
    auto const at = from.rfind(";tag=");
    return at == std::string::npos ? std::string_view{} : std::string_view(from).substr(at + 5);
}

} // namespace

boost::system::error_code layer::impl::answer_challenge(outgoing& req, auth_attempt& a, sip::message const& challenged,
                                                        digest_client* account)
{
    auto& client = account ? *account : digest;
    if (client.credentials().empty())
        return errc::auth_no_credentials;
    auto answers = client.answer(challenged, req.method, req.request_uri, req.parts.body, a);
    if (!answers)
        return answers.error();
    // Credentials for other realms (a proxy's and then the registrar's) stay; those of the
    // header answered now are replaced.
    auto const id = answers->front().header;
    std::erase_if(req.auth, [id](authorization const& x) { return x.header == id; });
    for (auto& x : *answers)
        req.auth.push_back(std::move(x));
    ++counters.auth_retries;
    return {};
}

// --- INVITE outside a dialog -------------------------------------------------------------------

boost::system::result<invite_id> layer::impl::start_invite(request_options const& r)
{
    if (dialogs.size() >= options.max_dialogs)
        return errc::limit_reached;
    uac_invite call;
    auto& req = call.req;
    req.method = "INVITE";
    req.request_uri = r.request_uri.empty() ? uri_of(r.to) : r.request_uri;
    req.routes = r.routes.empty() ? preloaded_routes() : r.routes;
    req.next_hop = req.routes.empty() ? req.request_uri : uri_of(req.routes.front());
    req.from = angle(r.from) + ";tag=" + random_hex(6);
    req.to = angle(r.to);
    req.call_id = random_hex(12);
    req.cseq = 1;
    req.with_contact = true;
    req.parts = r.parts;
    req.parts.headers.push_back({"Allow", allow_value});
    bool const rel = options.offer_100rel || r.require_100rel;
    auto const asked = static_cast<std::uint32_t>(options.session_expires.count());
    if (rel || asked > 0)
        req.parts.headers.push_back({"Supported", rel && asked > 0 ? supported_value : rel ? "100rel" : "timer"});
    if (r.require_100rel)
        req.parts.headers.push_back({"Require", "100rel"});
    if (asked > 0) {
        call.session_asked = asked;
        add_session_headers(req.parts.headers, asked, sip::refresher::none);
    }
    call.auto_ack = r.auto_ack;
    call.offered = carries_sdp(r.parts);
    auto targets = resolve(req.next_hop);
    if (!targets)
        return targets.error();
    call.targets = std::move(*targets);
    auto m = build(req, call.targets.front().transport);
    if (!m)
        return m.error();
    auto const id = next_id++;
    auto& stored = invites.emplace(id, std::move(call)).first->second;
    send_invite(id, stored, std::move(*m));
    if (invites.find(id) == invites.end())
        return errc::transport_failed;
    return id;
}

void layer::impl::send_invite(invite_id id, uac_invite& call, sip::message m)
{
    auto const round = ++call.round;
    auto key = transactions.send_request(std::move(m), call.targets,
                                         [this, id, round](boost::system::error_code ec, sip::message const* r) {
                                             on_invite_response(id, round, ec, r);
                                         });
    if (!key) {
        invites.erase(id);
        return;
    }
    call.key = std::move(*key);
}

void layer::impl::invite_failed_with(invite_id id, int status, boost::system::error_code ec, sip::message const* m)
{
    auto it = invites.find(id);
    if (it == invites.end())
        return;
    auto const why = it->second.cancel_sent ? end_reason::cancelled : end_reason::rejected;
    auto const early = std::move(it->second.dialogs);
    invites.erase(it);
    for (auto const& d : early)
        terminate(d, why);
    emit(invite_failed{id, status, ec, m});
}

void layer::impl::on_invite_response(invite_id id, unsigned round, boost::system::error_code ec,
                                     sip::message const* m)
{
    auto it = invites.find(id);
    if (it == invites.end() || it->second.round != round)
        return; // a response of a transaction a digest retry replaced, or of an ended call
    auto& call = it->second;
    if (!m) {
        if (!call.answered)
            invite_failed_with(id, 0, ec ? ec : make_error_code(errc::timed_out), nullptr);
        return;
    }
    int const status = m->status_code();
    if (status >= 200 && status < 300) {
        on_invite_2xx(id, call, *m);
        return;
    }
    if (call.answered)
        return;
    if (status < 200) {
        call.provisional = true;
        dialog_id const* in = nullptr;
        if (status != 100 && !m->to().tag.empty()) {
            dialog_id const did{call.req.call_id, std::string(tag_of(call.req.from)), std::string(m->to().tag)};
            auto d = dialogs.find(did);
            if (d == dialogs.end()) {
                auto made = dialog::from_uac(parts_of(call.req, did.local_tag), *m);
                if (made && dialogs.size() < options.max_dialogs) {
                    d = add_uac_dialog(id, call, did, std::move(*made));
                }
            }
            if (d != dialogs.end())
                in = &d->first;
        }
        std::uint32_t rseq = 0;
        bool prack_wanted = false;
        if (in && lists_tag(*m, sip::header_id::require, "100rel") && !on_reliable(call, *in, *m, rseq, prack_wanted))
            return;
        if (call.cancel_wanted && !call.cancel_sent)
            send_cancel(call);
        emit(invite_progressed{id, in, *m, rseq, prack_wanted});
        return;
    }
    boost::system::error_code why = errc::request_failed;
    if (status == 422 && !call.cancel_wanted && call.session_asked > 0) {
        // RFC 4028 §7.4: asked for too short an interval: again with the peer's Min-SE.
        auto const min = m->min_se();
        if (min && *min > call.session_asked && *min <= 86400) {
            call.session_asked = *min;
            std::erase_if(call.req.parts.headers, [](extra_header const& h) {
                return h.name == "Session-Expires" || h.name == "Min-SE";
            });
            add_session_headers(call.req.parts.headers, *min, sip::refresher::none);
            call.req.parts.headers.back().value = std::to_string(*min); // Min-SE: what it asked
            ++call.req.cseq;
            if (auto next = build(call.req, call.targets.front().transport)) {
                call.provisional = false;
                send_invite(id, call, std::move(*next));
                if (invites.count(id))
                    return;
            }
        }
    }
    if ((status == 401 || status == 407) && !call.cancel_wanted) {
        why = answer_challenge(call.req, call.auth, *m);
        if (!why) {
            ++call.req.cseq;
            auto next = build(call.req, call.targets.front().transport);
            if (next) {
                call.provisional = false;
                send_invite(id, call, std::move(*next));
                if (invites.count(id))
                    return;
            }
            why = errc::request_failed;
        }
    }
    invite_failed_with(id, status, why, m);
}

bool layer::impl::on_reliable(uac_invite const& call, dialog_id const& did, sip::message const& m,
                              std::uint32_t& rseq, bool& prack_wanted)
{
    auto const r = m.rseq();
    auto d = dialogs.find(did);
    if (!r || *r == 0 || d == dialogs.end())
        return false; // Require: 100rel without a usable RSeq: not a response to act on
    auto& s = d->second;
    // RFC 3262 §4: the first one sets the order; later ones must be one higher.
    if (s.last_rseq != 0 && *r != s.last_rseq + 1)
        return false;
    s.last_rseq = *r;
    s.rack_cseq = m.cseq().number;
    invite_answer_received(s, call, m, true);
    rseq = *r;
    // An offer in it (our INVITE had none, RFC 3262 §5): the PRACK carries the answer, which
    // is the caller's to give.
    prack_wanted = call.req.parts.body.empty() && !m.body().empty();
    s.prack_due = prack_wanted;
    if (!prack_wanted)
        send_prack(did, {});
    return true;
}

boost::system::error_code layer::impl::send_prack(dialog_id const& did, message_parts parts)
{
    auto d = dialogs.find(did);
    if (d == dialogs.end())
        return errc::no_such_dialog;
    auto& s = d->second;
    s.prack_due = false;
    bool const sdp = carries_sdp(parts);
    uac_request r;
    if (sdp && s.offer == pending_offer::theirs) {
        s.offer = pending_offer::none; // the answer to the offer in the reliable 1xx
    } else if (sdp && s.offer == pending_offer::none) {
        s.offer = pending_offer::ours; // a new offer, answered in the PRACK's 2xx
        r.offered = true;
    }
    r.req = in_dialog(s, "PRACK", std::move(parts));
    r.req.parts.headers.push_back({"RAck", std::to_string(s.last_rseq) + " " + std::to_string(s.rack_cseq) + " INVITE"});
    r.dialog = did;
    return start_request(std::move(r));
}

std::unordered_map<dialog_id, dialog_state>::iterator layer::impl::add_uac_dialog(invite_id id, uac_invite& call,
                                                                                  dialog_id const& did, dialog made)
{
    auto const it = dialogs.emplace(did, dialog_state(std::move(made))).first;
    it->second.origin = id;
    it->second.offer = call.offered ? pending_offer::ours : pending_offer::none;
    call.dialogs.push_back(did);
    ++counters.dialogs_created;
    return it;
}

void layer::impl::on_invite_2xx(invite_id id, uac_invite& call, sip::message const& m)
{
    if (m.to().tag.empty())
        return; // no dialog can be made: nothing to ACK it in (§12.1.2 requires the tag)
    dialog_id const did{call.req.call_id, std::string(tag_of(call.req.from)), std::string(m.to().tag)};
    auto it = dialogs.find(did);
    if (it != dialogs.end() && it->second.d.current_state() == dialog::state::confirmed) {
        // A retransmission of the 2xx: its ACK again (§13.2.2.4).
        if (auto const& a = it->second.ack; a && a->cseq == m.cseq().number) {
            transactions.send_outside_transaction(a->text, a->target);
            ++counters.acks_sent;
        }
        return;
    }
    if (it == dialogs.end()) {
        auto made = dialog::from_uac(parts_of(call.req, did.local_tag), m);
        if (!made)
            return;
        it = add_uac_dialog(id, call, did, std::move(*made));
    } else {
        it->second.d.on_response(m);
    }
    auto& s = it->second;
    s.ack_cseq = m.cseq().number;
    invite_answer_received(s, call, m, false);
    if (!call.answered)
        take_session_grant(did, s, m, call.req.parts.body);
    if (call.answered) {
        // §13.2.2.4: a further 2xx of a forked INVITE is ACKed, and the dialog ended.
        send_ack(s, {});
        send_bye(s);
        terminate(did, end_reason::forked_extra);
        return;
    }
    call.answered = true;
    bool const cancelled = call.cancel_wanted;
    if (call.auto_ack || cancelled)
        send_ack(s, {});
    else
        s.awaiting_app_ack = true;
    // The INVITE transaction passes further 2xx (forks) for 64*T1; the call is kept as long.
    timers.schedule(64 * options.transaction.timers.t1, [this, id] {
        auto c = invites.find(id);
        if (c == invites.end())
            return;
        auto const left = std::move(c->second.dialogs);
        invites.erase(c);
        for (auto const& d : left) {
            auto e = dialogs.find(d);
            if (e != dialogs.end() && e->second.d.current_state() == dialog::state::early)
                terminate(d, end_reason::forked_extra);
        }
    });
    emit(invite_answered{id, did, m});
    if (cancelled) {
        // The CANCEL crossed the 2xx: the call was answered, and is ended at once (§9.1).
        auto again = dialogs.find(did);
        if (again != dialogs.end()) {
            send_bye(again->second);
            terminate(did, end_reason::cancelled);
        }
    }
}

void layer::impl::send_cancel(uac_invite& call)
{
    outgoing c;
    c.method = "CANCEL";
    c.request_uri = call.req.request_uri;
    c.routes = call.req.routes;
    c.from = call.req.from;
    c.to = call.req.to;
    c.call_id = call.req.call_id;
    c.cseq = call.req.cseq;
    c.branch = call.req.branch;
    auto m = build(c, call.targets.front().transport, true);
    call.cancel_sent = true;
    if (m)
        transactions.send_request(std::move(*m), call.targets.front(), [](boost::system::error_code, sip::message const*) {});
}

boost::system::error_code layer::impl::send_ack(dialog_state& s, message_parts const& parts)
{
    auto const a = s.d.addressing();
    outgoing ack;
    ack.method = "ACK";
    ack.request_uri = a.request_uri;
    ack.routes = a.routes;
    ack.from = s.d.local_party();
    ack.to = s.d.remote_party();
    ack.call_id = s.d.id().call_id;
    ack.cseq = s.ack_cseq;
    ack.parts = parts;
    auto targets = resolve(a.next_hop);
    if (!targets)
        return targets.error();
    auto m = build(ack, targets->front().transport);
    if (!m)
        return m.error();
    if (s.offer == pending_offer::theirs)
        s.offer = pending_offer::none; // the ACK answers the 2xx's offer (§13.2.1)
    s.ack = std::make_unique<sent_ack>(sent_ack{std::string(m->bytes()), targets->front(), s.ack_cseq});
    // The UAS stops retransmitting its 2xx after 64*T1: the ACK is not needed longer.
    timers.schedule(64 * options.transaction.timers.t1, [this, did = s.d.id(), cseq = s.ack_cseq] {
        auto d = dialogs.find(did);
        if (d != dialogs.end() && d->second.ack && d->second.ack->cseq == cseq)
            d->second.ack.reset();
    });
    ++counters.acks_sent;
    return transactions.send_outside_transaction(*m, s.ack->target);
}

// --- other requests --------------------------------------------------------------------------

outgoing layer::impl::in_dialog(dialog_state& s, std::string_view method, message_parts parts)
{
    auto const a = s.d.addressing();
    outgoing r;
    r.method = std::string(method);
    r.request_uri = a.request_uri;
    r.routes = a.routes;
    r.next_hop = a.next_hop;
    r.from = s.d.local_party();
    r.to = s.d.remote_party();
    r.call_id = s.d.id().call_id;
    r.cseq = s.d.next_local_cseq();
    r.with_contact = is_target_refresh(sip::lookup_method(method));
    r.parts = std::move(parts);
    if (method == "INVITE")
        r.parts.headers.push_back({"Allow", allow_value});
    if ((method == "INVITE" || method == "UPDATE") && s.session_interval > 0) {
        // RFC 4028 §7.4/§8: a refresh (any re-INVITE or UPDATE) keeps the timer going, asking
        // for the same interval with the same side refreshing.
        r.parts.headers.push_back({"Supported", "timer"});
        add_session_headers(r.parts.headers, s.session_interval,
                            s.we_refresh ? sip::refresher::uac : sip::refresher::uas);
    }
    return r;
}

boost::system::error_code layer::impl::start_request(uac_request r)
{
    if (r.req.next_hop.empty())
        r.req.next_hop = r.req.routes.empty() ? r.req.request_uri : uri_of(r.req.routes.front());
    auto targets = resolve(r.req.next_hop);
    if (!targets)
        return targets.error();
    r.targets = std::move(*targets);
    auto const id = next_id++;
    last_started = id;
    requests.emplace(id, std::move(r));
    send_again(id);
    return requests.count(id) ? boost::system::error_code{} : make_error_code(errc::transport_failed);
}

void layer::impl::send_again(std::uint64_t id)
{
    auto it = requests.find(id);
    if (it == requests.end())
        return;
    auto& r = it->second;
    auto m = build(r.req, r.targets.front().transport);
    if (!m) {
        requests.erase(it);
        return;
    }
    auto const round = ++r.round;
    auto key = transactions.send_request(std::move(*m), r.targets,
                                         [this, id, round](boost::system::error_code ec, sip::message const* res) {
                                             on_request_response(id, round, ec, res);
                                         });
    if (!key)
        requests.erase(id);
}

void layer::impl::on_request_response(std::uint64_t id, unsigned round, boost::system::error_code ec,
                                      sip::message const* m)
{
    auto it = requests.find(id);
    if (it == requests.end() || it->second.round != round)
        return;
    auto& r = it->second;
    bool const invite = r.req.method == "INVITE";
    dialog_state* s = nullptr;
    if (r.dialog) {
        auto d = dialogs.find(*r.dialog);
        if (d != dialogs.end())
            s = &d->second;
    }
    if (m && m->status_code() < 200)
        return;
    if (r.finished) {
        // A retransmitted 2xx of our re-INVITE: its ACK again.
        if (s && m && m->status_code() < 300 && s->ack && s->ack->cseq == m->cseq().number) {
            transactions.send_outside_transaction(s->ack->text, s->ack->target);
            ++counters.acks_sent;
        }
        return;
    }
    int const status = m ? m->status_code() : 0;
    boost::system::error_code auth_error;
    if (status == 401 || status == 407) {
        auth_error = answer_challenge(r.req, r.auth, *m);
        if (!auth_error) {
            if (r.dialog && !s) {
                requests.erase(it);
                return;
            }
            r.req.cseq = s ? s->d.next_local_cseq() : r.req.cseq + 1;
            send_again(id);
            return;
        }
    }
    if (s && r.offered && s->offer == pending_offer::ours)
        s->offer = pending_offer::none; // answered by a 2xx, or refused
    if (invite && s && status == 491 && options.retry_glare) {
        // §14.1: the owner of the Call-ID (the dialog's UAC) waits 2.1-4 s, the other 0-2 s,
        // in units of 10 ms.
        auto const ticks = std::stoul(random_hex(2), nullptr, 16) % 200;
        auto const wait = std::chrono::milliseconds((s->d.is_uac() ? 2100 : 0) + (s->d.is_uac() ? ticks * 19 / 2 : ticks * 10));
        dialog_id const did = *r.dialog;
        s->uac_invite_pending = false; // theirs may go through while ours waits
        timers.schedule(wait, [this, id, did] {
            auto again = requests.find(id);
            auto d = dialogs.find(did);
            if (again == requests.end())
                return;
            if (d == dialogs.end() || d->second.uas_invite != 0 ||
                (again->second.offered && d->second.offer != pending_offer::none)) {
                auto done = std::move(again->second.done);
                requests.erase(again);
                if (done)
                    done(make_error_code(errc::request_pending), nullptr);
                return;
            }
            again->second.req.cseq = d->second.d.next_local_cseq();
            d->second.uac_invite_pending = true;
            if (again->second.offered)
                d->second.offer = pending_offer::ours;
            send_again(id);
        });
        return;
    }
    if (invite && s) {
        s->uac_invite_pending = false;
        if (status >= 200 && status < 300) {
            s->d.on_response(*m);
            s->ack_cseq = m->cseq().number;
            take_session_grant(*r.dialog, *s, *m, r.req.parts.body);
            send_ack(*s, {});
            r.finished = true;
            timers.schedule(64 * options.transaction.timers.t1, [this, id] { requests.erase(id); });
            if (r.done)
                r.done({}, m);
            return;
        }
    } else if (s && status >= 200 && status < 300) {
        s->d.on_response(*m);
        if (r.req.method == "UPDATE")
            take_session_grant(*r.dialog, *s, *m, {});
    }
    auto done = std::move(r.done);
    auto const dialog = r.dialog;
    requests.erase(it);
    // §12.2.1.2: a 481 or 408 (or no answer at all) to a request in a dialog ends it.
    if (dialog && (status == 481 || status == 408 || (!m && ec == tx::errc::timed_out)))
        terminate(*dialog, end_reason::timed_out);
    if (done)
        done(m ? auth_error : ec, m);
}

boost::system::error_code layer::impl::send_bye(dialog_state& s)
{
    uac_request r;
    r.req = in_dialog(s, "BYE", {});
    return start_request(std::move(r));
}

} // namespace rvoip::dialog
