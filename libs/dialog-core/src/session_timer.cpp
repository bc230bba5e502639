// Session timers (RFC 4028): what our requests ask for, the 422 for too short an interval, the
// grant in our 2xx and in the peer's, the refresh half-way (UPDATE, or a re-INVITE with the
// last SDP), and the BYE when the other side let the session lapse.
#include "layer_impl.hpp"

#include <algorithm>

namespace rvoip::dialog {

namespace {

char const* name(sip::refresher r) noexcept
{
    return r == sip::refresher::uac ? "uac" : "uas";
}

} // namespace

void layer::impl::add_session_headers(std::vector<extra_header>& headers, std::uint32_t interval,
                                      sip::refresher who) const
{
    std::string se = std::to_string(interval);
    if (who != sip::refresher::none)
        se.append(";refresher=").append(name(who));
    headers.push_back({"Session-Expires", std::move(se)});
    headers.push_back({"Min-SE", std::to_string(options.min_se.count())});
}

bool layer::impl::take_session_request(tx::transaction_key const& key, sip::message const& m, pending_request& p)
{
    p.peer_timer = lists_tag(m, sip::header_id::supported, "timer") || lists_tag(m, sip::header_id::require, "timer");
    auto const se = m.session_expires();
    if (!se)
        return true; // none asked (or unreadable: treated as none, §9 leaves it to the UAS)
    // §9: below our minimum (or below the Min-SE the request itself carries): 422.
    auto const theirs = m.min_se();
    auto const floor = std::max<std::uint32_t>(static_cast<std::uint32_t>(options.min_se.count()),
                                               theirs ? *theirs : 0);
    if (se->delta_seconds < floor) {
        ++counters.interval_too_small;
        reply(key, m, 422, {{"Min-SE", std::to_string(floor)}});
        return false;
    }
    p.session_interval = se->delta_seconds;
    p.refresher = se->refresher;
    return true;
}

void layer::impl::add_session_grant(pending_request const& p, sip::message_builder& b, bool& we_refresh) const
{
    // §9: the refresher asked for, else the UAC when it supports timers, else us.
    auto const who = p.refresher != sip::refresher::none ? p.refresher
                     : p.peer_timer                       ? sip::refresher::uac
                                                          : sip::refresher::uas;
    we_refresh = who == sip::refresher::uas;
    b.header(sip::header_id::session_expires, std::to_string(p.session_interval) + ";refresher=" + name(who));
    if (p.peer_timer)
        b.header(sip::header_id::require, "timer");
}

void layer::impl::take_session_grant(dialog_id const& did, dialog_state& s, sip::message const& response,
                                     std::string_view our_sdp)
{
    s.peer_update = lists_tag(response, sip::header_id::allow, "UPDATE");
    auto const se = response.session_expires();
    if (!se || se->delta_seconds == 0) {
        // §7.2: a 2xx without Session-Expires: the peer does not do session timers.
        timers.cancel(s.session_timer);
        s.session_interval = 0;
        return;
    }
    s.session_interval = se->delta_seconds;
    // We sent the request: its UAC is us. A 2xx without a refresher leaves it to us (§7.2).
    s.we_refresh = se->refresher != sip::refresher::uas;
    if (s.we_refresh && !s.peer_update && !our_sdp.empty())
        s.local_sdp = std::string(our_sdp);
    arm_session(did, s);
}

void layer::impl::arm_session(dialog_id const& did, dialog_state& s)
{
    timers.cancel(s.session_timer);
    if (s.session_interval == 0)
        return;
    auto const interval = std::chrono::seconds(s.session_interval);
    if (s.we_refresh) {
        s.session_timer = timers.schedule(interval / 2, [this, did] { refresh_session(did); });
        return;
    }
    // §10: the other side refreshes; without a refresh by the interval less a third (at most
    // 32 s), the session is over.
    auto const margin = std::min<std::chrono::seconds>(std::chrono::seconds(32), interval / 3);
    s.session_timer = timers.schedule(interval - margin, [this, did] { session_lapsed(did); });
}

void layer::impl::refresh_session(dialog_id const& did)
{
    auto it = dialogs.find(did);
    if (it == dialogs.end())
        return;
    auto& s = it->second;
    // Whatever happens to the refresh, the session lapses at the end of its interval unless a
    // 2xx re-arms the timer: our side gives up at the same point the other would (§10).
    auto const half = std::chrono::seconds(s.session_interval) / 2;
    auto const margin = std::min<std::chrono::seconds>(std::chrono::seconds(32), half * 2 / 3);
    s.session_timer = timers.schedule(half - margin, [this, did] { session_lapsed(did); });
    if (s.uac_invite_pending || s.uas_invite != 0 || s.ok)
        return; // an INVITE transaction in progress will carry the timer on with its 2xx
    uac_request r;
    bool const update = s.peer_update || s.local_sdp.empty();
    message_parts parts;
    if (!update) {
        parts.content_type = "application/sdp";
        parts.body = s.local_sdp; // unchanged version: no change to the session (RFC 3264 §8)
    }
    r.req = in_dialog(s, update ? "UPDATE" : "INVITE", std::move(parts));
    r.dialog = did;
    ++counters.session_refreshes;
    if (!start_request(std::move(r)) && !update)
        s.uac_invite_pending = true;
}

void layer::impl::session_lapsed(dialog_id const& did)
{
    auto it = dialogs.find(did);
    if (it == dialogs.end())
        return;
    ++counters.sessions_expired;
    send_bye(it->second);
    terminate(did, end_reason::session_expired);
}

} // namespace rvoip::dialog
