// Offer/answer bookkeeping (RFC 3264 as RFC 3261 §13.2.1, RFC 3262 §5 and RFC 3311 §5 place
// it): which side's offer is outstanding in each dialog, so that a second offer is refused
// while one waits for its answer.
#include "layer_impl.hpp"

#include "text.hpp"

namespace rvoip::dialog {

namespace {

bool is_sdp(std::string_view content_type, std::string_view body)
{
    if (body.empty())
        return false;
    auto const type = sip::parse_media_type(content_type);
    if (!type)
        return false;
    if (type->is("application", "sdp"))
        return true;
    // RFC 5621: a multipart body may hold the session description beside other parts.
    return detail::iequal(type->type, "multipart") && detail::icontains(body, "application/sdp");
}

} // namespace

bool carries_sdp(sip::message const& m)
{
    if (m.body().empty())
        return false;
    auto const type = m.content_type();
    return type && is_sdp(type->text, m.body());
}

bool carries_sdp(message_parts const& p)
{
    return is_sdp(p.content_type, p.body);
}

bool layer::impl::refuse_session_body(tx::transaction_key const& key, sip::message const& m)
{
    auto const method = m.method();
    if (method != sip::method::invite && method != sip::method::update && method != sip::method::prack)
        return false;
    // RFC 3261 §8.2.3: these bodies are offers and answers; another type is not understood.
    if (!m.body().empty() && !carries_sdp(m)) {
        ++counters.unsupported_media;
        reply(key, m, 415, {{"Accept", "application/sdp"}});
        return true;
    }
    // §8.2.3 / RFC 4475 §3.3.15: an INVITE whose Accept rules out the SDP of our answer.
    if (method == sip::method::invite && m.find(sip::header_id::accept)) {
        bool sdp = false;
        bool listed = false;
        m.for_each_value(sip::header_id::accept, [&](std::string_view range) {
            auto const type = range.substr(0, range.find(';'));
            auto const trimmed = type.substr(0, type.find_last_not_of(" \t") + 1);
            listed = listed || !trimmed.empty();
            sdp = sdp || detail::iequal(trimmed, "application/sdp") || detail::iequal(trimmed, "application/*") ||
                  trimmed == "*/*";
        });
        if (listed && !sdp) {
            ++counters.unsupported_media;
            reply(key, m, 406, {{"Warning", "399 rvoip \"application/sdp is the session description we answer with\""}});
            return true;
        }
    }
    return false;
}

bool layer::impl::refuse_offer(tx::transaction_key const& key, sip::message const& m, dialog_state const& s)
{
    if (s.offer == pending_offer::ours) {
        ++counters.glare_rejected;
        reply(key, m, 491);
        return true;
    }
    if (s.offer == pending_offer::theirs) {
        ++counters.offer_pending;
        reply_retry_later(key, m);
        return true;
    }
    return false;
}

void layer::impl::offer_received(dialog_state& s, sip::method method)
{
    if (method == sip::method::prack)
        // RFC 3262 §5: the answer to the offer in our reliable 1xx, or a new offer that its 2xx answers.
        s.offer = s.offer == pending_offer::ours ? pending_offer::none : pending_offer::theirs;
    else if (method == sip::method::invite || method == sip::method::update)
        s.offer = pending_offer::theirs;
}

void layer::impl::answer_sent(dialog_state& s, pending_request& p, int status, bool reliable, bool sdp)
{
    bool const final = status >= 200;
    if (p.method == sip::method::invite) {
        if (p.exchange_done || (!final && !(reliable && sdp)))
            return;
        if (!final) {
            // RFC 3262 §5: the answer to the INVITE's offer, or our offer, answered in the PRACK.
            s.offer = p.with_sdp ? pending_offer::none : pending_offer::ours;
            p.exchange_done = true;
        } else if (status < 300 && !p.with_sdp && sdp) {
            s.offer = pending_offer::ours; // §13.2.1: the 2xx offers, the ACK answers
        } else {
            s.offer = pending_offer::none; // answered in the 2xx, or refused with the INVITE
        }
        return;
    }
    // UPDATE (and a PRACK carrying an offer): its final response answers or refuses it.
    bool const may_offer = p.method == sip::method::update || p.method == sip::method::prack;
    if (may_offer && final && p.with_sdp && s.offer == pending_offer::theirs)
        s.offer = pending_offer::none;
}

void layer::impl::invite_answer_received(dialog_state& s, uac_invite const& call, sip::message const& m,
                                          bool reliable)
{
    if (s.first_exchange_done)
        return;
    bool const offered = call.offered;
    bool const sdp = carries_sdp(m);
    if (reliable && !sdp)
        return;
    s.first_exchange_done = true;
    // Our offer is answered; or theirs (our INVITE had none) waits for the PRACK or ACK.
    s.offer = !offered && sdp ? pending_offer::theirs : pending_offer::none;
}

} // namespace rvoip::dialog
