// REFER (RFC 3515) with its implicit subscription and message/sipfrag NOTIFYs, Refer-Sub
// (RFC 4488), Referred-By (RFC 3892), and the matching of an INVITE with Replaces (RFC 3891).
#include "layer_impl.hpp"

#include "text.hpp"

#include <rvoip/sip/event.hpp>

#include <algorithm>
#include <charconv>

namespace rvoip::dialog {

namespace {

constexpr std::size_t max_refers = 8;

/// A header value escaped for the headers part of a SIP URI (RFC 3261 §25.1: hvalue is
/// hnv-unreserved, unreserved or escaped).
std::string escape_hvalue(std::string_view v)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : v) {
        auto const u = static_cast<unsigned char>(c);
        bool const plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                           std::string_view("-_.!~*'()[]/?:+$").find(c) != std::string_view::npos;
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

/// The status code of a message/sipfrag body's status line ("SIP/2.0 180 Ringing"), or 0.
int sipfrag_status(std::string_view body)
{
    if (!body.starts_with("SIP/2.0 ") || body.size() < 11)
        return 0;
    int status = 0;
    auto const r = std::from_chars(body.data() + 8, body.data() + 11, status);
    return r.ec == std::errc{} && r.ptr == body.data() + 11 && status >= 100 && status <= 699 ? status : 0;
}

} // namespace

bool refer_sub_false(sip::message const& m)
{
    auto const f = m.find("Refer-Sub");
    return f && detail::iequal(f->value, "false");
}

void layer::impl::forget_refer(dialog_id const& did, std::uint32_t cseq, bool ours)
{
    if (auto d = dialogs.find(did); d != dialogs.end())
        std::erase_if(d->second.refers, [&](auto const& x) { return x.ours == ours && x.cseq == cseq; });
}

std::string refer_to_replacing(std::string_view target, dialog_id const& ours, bool early_only)
{
    std::string uri = uri_of(target);
    std::string replaces = ours.call_id + ";to-tag=" + ours.remote_tag + ";from-tag=" + ours.local_tag;
    if (early_only)
        replaces += ";early-only";
    uri += uri.find('?') == std::string::npos ? "?Replaces=" : "&Replaces=";
    uri += escape_hvalue(replaces);
    return "<" + uri + ">";
}

boost::system::error_code layer::refer(dialog_id const& id, refer_options const& options, request_handler on_done)
{
    auto it = impl_->dialogs.find(id);
    if (it == impl_->dialogs.end() || it->second.bye_after_ack)
        return errc::no_such_dialog;
    if (options.refer_to.empty())
        return errc::bad_request;
    auto& s = it->second;
    if (s.refers.size() >= max_refers)
        return errc::limit_reached;
    message_parts parts;
    parts.headers.push_back({"Refer-To", angle(options.refer_to)});
    if (!options.referred_by.empty())
        parts.headers.push_back({"Referred-By", angle(options.referred_by)});
    if (!options.subscription)
        parts.headers.push_back({"Refer-Sub", "false"});
    uac_request r;
    r.req = impl_->in_dialog(s, "REFER", std::move(parts));
    r.dialog = id;
    auto const cseq = r.req.cseq;
    r.done = [impl = impl_.get(), id, cseq, done = std::move(on_done)](boost::system::error_code ec,
                                                                       sip::message const* m) {
        // No subscription unless the REFER was accepted and the peer did not decline one.
        if (!m || m->status_code() >= 300 || refer_sub_false(*m))
            impl->forget_refer(id, cseq, true);
        if (done)
            done(ec, m);
    };
    if (options.subscription)
        s.refers.push_back({cseq, true});
    auto ec = impl_->start_request(std::move(r));
    if (ec)
        impl_->forget_refer(id, cseq, true);
    return ec;
}

boost::system::error_code layer::notify_refer(dialog_id const& id, std::uint32_t refer, int status,
                                              std::string_view reason)
{
    auto it = impl_->dialogs.find(id);
    if (it == impl_->dialogs.end())
        return errc::no_such_dialog;
    if (status < 100 || status > 699)
        return errc::bad_request;
    auto& s = it->second;
    auto sub = std::find_if(s.refers.begin(), s.refers.end(), [&](auto const& x) { return !x.ours && x.cseq == refer; });
    if (sub == s.refers.end())
        return errc::no_such_request;
    if (status >= 200)
        s.refers.erase(sub);
    return impl_->send_refer_notify(s, refer, status, reason);
}

boost::system::error_code layer::impl::send_refer_notify(dialog_state& s, std::uint32_t refer, int status,
                                                         std::string_view reason)
{
    message_parts parts;
    parts.content_type = "message/sipfrag;version=2.0";
    parts.body = "SIP/2.0 " + std::to_string(status) + " " +
                 std::string(reason.empty() ? sip::default_reason(status) : reason) + "\r\n";
    parts.headers.push_back({"Event", "refer;id=" + std::to_string(refer)});
    // RFC 3515 §2.4.7: a final status ends the subscription.
    parts.headers.push_back({"Subscription-State", status >= 200 ? "terminated;reason=noresource" : "active;expires=60"});
    uac_request r;
    r.req = in_dialog(s, "NOTIFY", std::move(parts));
    r.dialog = s.d.id();
    return start_request(std::move(r));
}

void layer::impl::refer_accepted(dialog_id const& did, pending_request const& p)
{
    auto d = dialogs.find(did);
    if (d == dialogs.end() || p.no_refer_sub)
        return;
    auto& s = d->second;
    if (s.refers.size() >= max_refers)
        return;
    s.refers.push_back({p.cseq, false});
    send_refer_notify(s, p.cseq, 100, "Trying"); // RFC 3515 §2.4.4: at once
}

bool layer::impl::on_refer_notify(tx::transaction_key const& key, sip::message const& m, dialog_id const& did,
                                  dialog_state& s)
{
    auto const ev = m.event();
    if (!ev || !detail::iequal(ev->package, "refer"))
        return false;
    // RFC 3515 §2.4.6: the id is the REFER's CSeq; the first REFER's NOTIFYs may carry none.
    auto sub = s.refers.end();
    if (ev->id.empty()) {
        if (std::count_if(s.refers.begin(), s.refers.end(), [](auto const& x) { return x.ours; }) == 1)
            sub = std::find_if(s.refers.begin(), s.refers.end(), [](auto const& x) { return x.ours; });
    } else {
        std::uint32_t id = 0;
        auto const r = std::from_chars(ev->id.data(), ev->id.data() + ev->id.size(), id);
        if (r.ec == std::errc{} && r.ptr == ev->id.data() + ev->id.size())
            sub = std::find_if(s.refers.begin(), s.refers.end(), [&](auto const& x) { return x.ours && x.cseq == id; });
    }
    if (sub == s.refers.end()) {
        ++counters.no_such_subscription;
        reply(key, m, 481);
        return true;
    }
    reply(key, m, 200);
    auto const cseq = sub->cseq;
    auto const state = m.subscription_state();
    bool const terminated = state && state->state == sip::substate::terminated;
    if (terminated)
        s.refers.erase(sub);
    dialog_id const copy = did;
    emit(refer_progress{copy, cseq, sipfrag_status(m.body()), terminated, m});
    return true;
}

bool layer::impl::check_replaces(tx::transaction_key const& key, sip::message const& m, dialog_id const*& replaced)
{
    replaced = nullptr;
    auto const fields = m.count(sip::header_id::replaces);
    if (fields == 0)
        return true;
    auto const r = m.replaces_header();
    if (fields > 1 || !r) {
        ++counters.replaces_refused;
        reply(key, m, 400); // RFC 3891 §3: one Replaces, well formed
        return false;
    }
    dialog_id const wanted{std::string(r->call_id), std::string(r->to_tag), std::string(r->from_tag)};
    auto it = dialogs.find(wanted);
    int refuse = 0;
    if (it == dialogs.end())
        refuse = std::find(recently_ended.begin(), recently_ended.end(), wanted) != recently_ended.end() ? 603 : 481;
    else if (it->second.d.current_state() == dialog::state::confirmed && r->early_only)
        refuse = 486;
    else if (it->second.d.current_state() == dialog::state::early && !it->second.d.is_uac())
        refuse = 481; // an early dialog we did not initiate is left alone
    if (refuse != 0) {
        ++counters.replaces_refused;
        reply(key, m, refuse);
        return false;
    }
    replaced = &it->first;
    return true;
}

} // namespace rvoip::dialog
