// The session layer's side of dialog-core's events: incoming calls, offers and answers at the
// RFC 3261/3262 points, re-INVITE and UPDATE offers, INFO DTMF, REFER, and the end of dialogs.
#include "layer_impl.hpp"

#include "sdp_formats.hpp"

#include <rvoip/sip/params.hpp>

namespace rvoip::session {

namespace {

bool has_sdp(sip::message const& m)
{
    if (m.body().empty())
        return false;
    auto ct = m.content_type();
    return ct && detail::iequals(ct->type, "application") && detail::iequals(ct->subtype, "sdp");
}

// "Signal=5\r\nDuration=160" (application/dtmf-relay) or a bare digit (application/dtmf).
char info_digit(std::string_view body)
{
    auto const at = body.find("Signal=");
    std::string_view v = at == std::string_view::npos ? body : body.substr(at + 7);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    if (v.empty())
        return '\0';
    char const d = v.front() >= 'a' && v.front() <= 'd' ? static_cast<char>(v.front() - 'a' + 'A') : v.front();
    return (d >= '0' && d <= '9') || d == '*' || d == '#' || (d >= 'A' && d <= 'D') ? d : '\0';
}

end_reason reason_of(dialog::end_reason r)
{
    switch (r) {
    case dialog::end_reason::bye_received: return end_reason::remote_hangup;
    case dialog::end_reason::bye_sent: return end_reason::local_hangup;
    case dialog::end_reason::cancelled: return end_reason::cancelled;
    case dialog::end_reason::rejected: return end_reason::rejected;
    case dialog::end_reason::no_ack:
    case dialog::end_reason::timed_out:
    case dialog::end_reason::no_prack:
    case dialog::end_reason::session_expired: return end_reason::timeout;
    default: return end_reason::remote_hangup;
    }
}

} // namespace

void layer::impl::on_dialog_event(dialog::event const& e)
{
    std::visit(
        [this, &e](auto const& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, dialog::request_received>) {
                on_request(ev);
            } else if constexpr (std::is_same_v<T, dialog::request_cancelled>) {
                if (auto* c = by_request(ev.id)) {
                    clear_request(*c);
                    end(*c, end_reason::cancelled, 487);
                }
            } else if constexpr (std::is_same_v<T, dialog::invite_progressed>) {
                on_progress(ev);
            } else if constexpr (std::is_same_v<T, dialog::invite_answered>) {
                on_answered(ev);
            } else if constexpr (std::is_same_v<T, dialog::invite_failed>) {
                on_failed(ev);
            } else if constexpr (std::is_same_v<T, dialog::ack_received>) {
                on_ack(ev);
            } else if constexpr (std::is_same_v<T, dialog::dialog_terminated>) {
                on_terminated(ev);
            } else if constexpr (std::is_same_v<T, dialog::refer_progress>) {
                on_refer_progress(ev);
            } else {
                up_(dialog_event_unclaimed{e});
            }
        },
        e);
}

void layer::impl::on_request(dialog::request_received const& r)
{
    auto const method = r.request.method();
    if (method == sip::method::invite && !r.in_dialog) {
        on_incoming_invite(r);
        return;
    }
    auto* c = r.in_dialog ? by_dialog(r.dialog) : nullptr;
    if (!c) {
        // Requests outside calls that the session layer does not serve.
        if (!r.in_dialog && options_.pass_requests) {
            up_(dialog_event_unclaimed{dialog::event{r}});
            return;
        }
        (void)dialogs_.respond(r.id, r.in_dialog ? 481 : 405);
        return;
    }
    switch (method) {
    case sip::method::invite:
    case sip::method::update: on_reoffer(*c, r); return;
    case sip::method::info: on_info(*c, r); return;
    case sip::method::refer: on_refer(*c, r); return;
    case sip::method::prack:
    case sip::method::options: (void)dialogs_.respond(r.id, 200); return;
    default: {
        // What a call does not take in its dialog (MESSAGE, SUBSCRIBE, ...): RFC 3261 §8.2.1.
        dialog::message_parts allow;
        allow.headers.push_back({"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY"});
        (void)dialogs_.respond(r.id, 405, allow);
        return;
    }
    }
}

void layer::impl::on_incoming_invite(dialog::request_received const& r)
{
    std::optional<call_id> replaced;
    if (r.replaces)
        if (auto* old = by_dialog(*r.replaces))
            replaced = old->id;
    auto made = make_call(false);
    if (!made) {
        (void)dialogs_.respond(r.id, made.error() == errc::ports_exhausted ? 503 : 486);
        return;
    }
    auto& c = **made;
    set_request(c, r.id);
    c.state = call_state::incoming;
    c.local_uri = std::string{r.request.to().uri.text};
    c.remote_uri = std::string{r.request.from().uri.text};
    c.remote_display_name = r.request.from().display_decoded();
    if (auto s = r.request.find("Subject"))
        c.subject = std::string{s->value};
    c.dialog = r.dialog;
    bind(c, r.dialog);
    if (has_sdp(r.request)) {
        auto answer = c.sdp.receive_offer(r.request.body(), c.local);
        if (!answer) {
            refuse_offer(r.id, answer.error());
            // Refused before anyone was told of it: the call ends without an incoming event.
            c.state = call_state::terminated;
            forget(c);
            return;
        }
        c.prepared = std::move(*answer);
    }
    auto const id = c.id;
    if (replaced) {
        // RFC 3891 §3: the replacing call is accepted without alerting; it takes the replaced
        // call's audio, and the replaced call ends.
        auto* old = find(*replaced);
        std::unique_ptr<media::audio_source> src;
        std::unique_ptr<media::audio_sink> sink;
        old->stream.take_audio(src, sink);
        up_(incoming_call{id, c.remote_uri, c.local_uri, c.subject, replaced, c.remote_display_name});
        if (auto* nc = find(id))
            (void)answer_call(*nc, std::move(src), std::move(sink));
        if (auto* o = find(*replaced)) {
            if (o->dialog)
                (void)dialogs_.bye(*o->dialog);
            end(*o, end_reason::transferred);
        }
        return;
    }
    if (options_.send_ringing)
        (void)dialogs_.respond(r.id, 180);
    up_(incoming_call{id, c.remote_uri, c.local_uri, c.subject, std::nullopt, c.remote_display_name});
}

void layer::impl::refuse_offer(dialog::request_id request, boost::system::error_code why)
{
    auto const r = refusal_for(why, options_.media_address);
    dialog::message_parts parts;
    parts.headers.push_back({"Warning", r.warning});
    (void)dialogs_.respond(request, r.status, parts);
}

void layer::impl::on_reoffer(session_call& c, dialog::request_received const& r)
{
    if (!has_sdp(r.request)) {
        // A re-INVITE without SDP asks for our offer (RFC 3261 §14.2); the answer is in the ACK.
        auto offer = c.sdp.create_offer(c.local);
        if (!offer) {
            (void)dialogs_.respond(r.id, 500);
            return;
        }
        (void)dialogs_.respond(r.id, 200, {"application/sdp", std::move(*offer), {}, {}});
        return;
    }
    auto answer = c.sdp.receive_offer(r.request.body(), c.local);
    if (!answer) {
        // RFC 3264 §8: a refused re-offer leaves the session as it was.
        refuse_offer(r.id, answer.error());
        return;
    }
    auto const id = c.id;
    if (!start_media(c, answer->audio))
        return;
    (void)dialogs_.respond(r.id, 200, {"application/sdp", answer->sdp, {}, {}});
    if (auto* cc = find(id); cc && cc->state != call_state::transferring)
        set_state(*cc, cc->sdp.local_hold() ? call_state::on_hold
                       : answer->audio.remote_hold ? call_state::held : call_state::connected);
}

void layer::impl::on_info(session_call& c, dialog::request_received const& r)
{
    auto const ct = r.request.content_type();
    bool const dtmf = ct && detail::iequals(ct->type, "application") &&
                      (detail::iequals(ct->subtype, "dtmf-relay") || detail::iequals(ct->subtype, "dtmf"));
    if (!dtmf) {
        (void)dialogs_.respond(r.id, r.request.body().empty() ? 200 : 415);
        return;
    }
    auto const digit = info_digit(r.request.body());
    (void)dialogs_.respond(r.id, digit ? 200 : 400);
    if (digit)
        up_(dtmf_received{c.id, digit, dtmf_path::sip_info});
}

void layer::impl::on_refer(session_call& c, dialog::request_received const& r)
{
    auto refer_to = r.request.refer_to();
    if (!options_.accept_transfers || !refer_to) {
        (void)dialogs_.respond(r.id, refer_to ? 603 : 400);
        return;
    }
    auto const& uri = refer_to->uri;
    std::string target{uri.text.substr(0, uri.text.find('?'))};
    call_options o;
    o.to = target;
    o.from = c.local_uri;
    for (auto const& h : uri.header_fields())
        if (detail::iequals(h.name, "Replaces"))
            o.headers.push_back({"Replaces", sip::percent_decode(h.value)});
    if (auto by = r.request.referred_by())
        o.headers.push_back({"Referred-By", std::string{by->text}});
    auto const old_id = c.id;
    auto const old_dialog = *c.dialog;
    auto const cseq = r.request.cseq().number;
    (void)dialogs_.respond(r.id, 202);
    // The transferee's audio follows it to the new call.
    auto* old = find(old_id);
    old->stream.take_audio(o.source, o.sink);
    auto made = place_call(std::move(o));
    if (!made) {
        (void)dialogs_.notify_refer(old_dialog, cseq, 503);
        return;
    }
    auto* nc = find(*made);
    nc->referred_by_call = old_id;
    nc->refer_dialog = old_dialog;
    nc->refer_cseq = cseq;
    up_(transfer_requested{old_id, *made, target});
}

void layer::impl::on_progress(dialog::invite_progressed const& p)
{
    auto* c = by_invite(p.invite);
    if (!c || !p.dialog)
        return;
    bind(*c, *p.dialog);
    c->early.push_back(*p.dialog);
    auto const& resp = p.response;
    if (has_sdp(resp)) {
        if (c->sdp.offer_outstanding()) {
            // RFC 3261 §13.2.1 / RFC 3262: the answer in a 1xx; early media plays.
            auto got = c->sdp.receive_answer(resp.body());
            if (!got) {
                fail_media(*c, got.error());
                return;
            }
            c->remote_answer = std::string{resp.body()};
            if (!start_media(*c, *got))
                return;
            set_state(*c, call_state::early_media);
        } else if (c->stream.negotiated() && !p.prack_wanted) {
            // Early media of another fork, or a changed answer: the latest one plays.
            if (take_later_answer(*c, resp.body()))
                set_state(*c, call_state::early_media);
        } else if (p.prack_wanted) {
            // Late offer in a reliable 1xx: the answer goes in the PRACK.
            auto answer = c->sdp.receive_offer(resp.body(), c->local);
            if (!answer) {
                fail_media(*c, answer.error());
                return;
            }
            (void)dialogs_.prack(*p.dialog, {"application/sdp", answer->sdp, {}, {}});
            if (!start_media(*c, answer->audio))
                return;
            set_state(*c, call_state::early_media);
        }
        return;
    }
    if (p.prack_wanted)
        (void)dialogs_.prack(*p.dialog);
    if (resp.status_code() == 180 && c->state == call_state::calling)
        set_state(*c, call_state::ringing);
}

void layer::impl::on_answered(dialog::invite_answered const& a)
{
    auto* c = by_invite(a.invite);
    if (!c)
        return;
    clear_invite(*c);
    c->dialog = a.dialog;
    bind(*c, a.dialog);
    auto const id = c->id;
    if (c->sdp.offer_outstanding()) {
        auto got = has_sdp(a.response) ? c->sdp.receive_answer(a.response.body())
                                       : result<negotiated_audio>{errc::no_audio};
        if (!got) {
            c->sdp.offer_rejected();
            fail_media(*c, got.error());
            return;
        }
        c->remote_answer = std::string{a.response.body()};
        if (!start_media(*c, *got))
            return;
    } else if (c->stream.negotiated() && has_sdp(a.response) && c->outgoing && !c->remote_answer.empty()) {
        // The 2xx of the fork that answered carries its answer: its media is the call's.
        if (!take_later_answer(*c, a.response.body()))
            return;
    } else if (!c->stream.negotiated()) {
        // Late offer: the offer is in the 2xx, our answer in the ACK.
        if (!has_sdp(a.response)) {
            (void)dialogs_.ack(a.dialog);
            fail_media(*c, errc::no_audio);
            return;
        }
        auto answer = c->sdp.receive_offer(a.response.body(), c->local);
        if (!answer) {
            (void)dialogs_.ack(a.dialog);
            fail_media(*c, answer.error());
            return;
        }
        (void)dialogs_.ack(a.dialog, {"application/sdp", answer->sdp, {}, {}});
        if (!start_media(*c, answer->audio))
            return;
    }
    if (auto* cc = find(id)) {
        for (auto const& d : cc->early)
            if (!(d == a.dialog))
                dialog_calls_.erase(dialog_key(d));
        cc->early.clear();
        auto const& n = cc->stream.negotiated();
        set_state(*cc, n && n->remote_hold ? call_state::held : call_state::connected);
        if (cc->refer_dialog) {
            (void)dialogs_.notify_refer(*cc->refer_dialog, cc->refer_cseq, 200);
            cc->refer_dialog.reset();
        }
    }
}

void layer::impl::on_failed(dialog::invite_failed const& f)
{
    auto* c = by_invite(f.invite);
    if (!c)
        return;
    clear_invite(*c);
    std::string detail;
    end_reason why = end_reason::rejected;
    if (f.response)
        if (auto w = f.response->find("Warning"))
            detail = std::string{w->value};
    if (f.status == 487)
        why = end_reason::cancelled;
    else if (f.status == 488 || f.status == 606)
        why = detail.find("SRTP") != std::string::npos ? end_reason::srtp_required : end_reason::no_common_codec;
    else if (f.status == 408 || f.error == dialog::errc::timed_out)
        why = end_reason::timeout;
    else if (!f.response)
        why = end_reason::network_failure;
    end(*c, why, f.status, detail);
}

void layer::impl::on_ack(dialog::ack_received const& a)
{
    auto* c = by_dialog(a.dialog);
    if (!c || !c->sdp.offer_outstanding())
        return;
    // Our offer went in the 2xx: the answer must be in the ACK (RFC 3264 §4).
    auto got = has_sdp(a.ack) ? c->sdp.receive_answer(a.ack.body()) : result<negotiated_audio>{errc::no_audio};
    if (!got) {
        c->sdp.offer_rejected();
        fail_media(*c, got.error());
        return;
    }
    auto const id = c->id;
    if (!start_media(*c, *got))
        return;
    if (auto* cc = find(id))
        set_state(*cc, cc->sdp.local_hold() ? call_state::on_hold
                       : got->remote_hold ? call_state::held : call_state::connected);
}

void layer::impl::on_terminated(dialog::dialog_terminated const& t)
{
    auto* c = by_dialog(t.dialog);
    if (!c)
        return;
    dialog_calls_.erase(dialog_key(t.dialog));
    bool const the_call = c->dialog && *c->dialog == t.dialog;
    if (!the_call)
        return; // an early dialog of a fork, or of a call that goes on
    if (c->request && t.reason == dialog::end_reason::cancelled)
        return; // request_cancelled ends it
    end(*c, c->state == call_state::transferring ? end_reason::transferred : reason_of(t.reason));
}

void layer::impl::on_refer_progress(dialog::refer_progress const& p)
{
    auto* c = by_dialog(p.dialog);
    if (!c)
        return;
    bool const final = p.terminated || p.status >= 200;
    up_(transfer_progress{c->id, p.status, final});
    if (auto* cc = by_dialog(p.dialog); cc && final)
        transfer_settled(*cc, p.status);
}

void layer::impl::transfer_settled(session_call& c, int status)
{
    if (status >= 200 && status < 300) {
        // The transferee reached the target: our part of the call is done (RFC 5589 §6).
        if (c.dialog)
            (void)dialogs_.bye(*c.dialog);
        end(c, end_reason::transferred, status);
        return;
    }
    set_state(c, c.before_transfer);
}

} // namespace rvoip::session
