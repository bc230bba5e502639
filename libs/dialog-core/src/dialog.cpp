// RFC 3261 §12: creating dialogs from the messages that establish them, addressing requests in
// them (loose and strict routing), and the checks of requests and responses that arrive.
#include <rvoip/dialog/dialog.hpp>

#include <rvoip/dialog/error.hpp>

#include "message_fields.hpp"

#include <algorithm>

namespace rvoip::dialog {

namespace {

bool has_lr(std::string_view route)
{
    auto parsed = sip::parse_name_addr(route);
    if (!parsed)
        return true; // unreadable: treat as loose (the common case) rather than rewrite the URI
    return parsed->uri.parameters().contains("lr");
}

std::string route_uri(std::string_view route)
{
    auto parsed = sip::parse_name_addr(route);
    return parsed ? std::string(parsed->uri.text) : std::string(route);
}

} // namespace

bool is_target_refresh(sip::method m) noexcept
{
    switch (m) {
    case sip::method::invite:
    case sip::method::update:
    case sip::method::subscribe:
    case sip::method::notify:
    case sip::method::refer: return true;
    default: return false;
    }
}

void dialog::take_route_set(sip::message const& m, bool reverse)
{
    route_set_.clear();
    auto rr = m.record_routes();
    if (!rr)
        return;
    for (auto const& r : *rr)
        route_set_.emplace_back(r.text);
    if (reverse)
        std::reverse(route_set_.begin(), route_set_.end());
}

void dialog::take_contact(sip::message const& m)
{
    auto contacts = m.contacts();
    if (contacts && !contacts->empty() && !contacts->front().star)
        remote_target_ = std::string(contacts->front().address.uri.text);
}

boost::system::result<dialog> dialog::from_uac(sip::message const& request, sip::message const& response)
{
    auto const from = request.find(sip::header_id::from);
    uac_request_parts parts;
    parts.call_id = request.call_id();
    parts.local_tag = request.from().tag;
    parts.local_party = from ? from->value : std::string_view{};
    parts.request_uri = request.request_uri().text;
    parts.cseq = request.cseq().number;
    parts.secure = request.request_uri().scheme == sip::uri_scheme::sips;
    return from_uac(parts, response);
}

boost::system::result<dialog> dialog::from_uac(uac_request_parts const& request, sip::message const& response)
{
    if (response.to().tag.empty())
        return errc::missing_tag;
    dialog d;
    d.uac_ = true;
    d.id_ = {std::string(request.call_id), std::string(request.local_tag), std::string(response.to().tag)};
    d.local_party_ = std::string(request.local_party);
    d.remote_party_ = detail::field(response, sip::header_id::to);
    d.remote_target_ = std::string(request.request_uri);
    auto const contacts = response.contacts();
    bool const has_contact = contacts && !contacts->empty() && !contacts->front().star;
    if (response.status_code() >= 200 && !has_contact)
        return errc::missing_contact; // §12.1.2: a dialog-creating 2xx carries a Contact
    d.take_contact(response);
    d.take_route_set(response, true);
    d.local_cseq_ = request.cseq;
    d.secure_ = request.secure;
    d.state_ = response.status_code() >= 200 ? state::confirmed : state::early;
    return d;
}

boost::system::result<dialog> dialog::from_uas(sip::message const& request, std::string_view local_tag, bool early)
{
    dialog d;
    d.uac_ = false;
    d.id_ = {std::string(request.call_id()), std::string(local_tag), std::string(request.from().tag)};
    d.remote_party_ = detail::field(request, sip::header_id::from);
    d.local_party_ = detail::field(request, sip::header_id::to);
    d.local_party_.append(";tag=").append(local_tag);
    auto contacts = request.contacts();
    if (contacts && !contacts->empty() && !contacts->front().star)
        d.remote_target_ = std::string(contacts->front().address.uri.text);
    else if (!request.from().uri.text.empty())
        d.remote_target_ = std::string(request.from().uri.text); // RFC 2543's peers: no Contact
    else
        return errc::missing_contact;
    d.take_route_set(request, false);
    d.remote_cseq_ = request.cseq().number;
    d.secure_ = request.request_uri().scheme == sip::uri_scheme::sips;
    d.state_ = early ? state::early : state::confirmed;
    return d;
}

boost::system::result<dialog> dialog::from_notify(uac_request_parts const& subscribe, sip::message const& notify)
{
    if (notify.from().tag.empty())
        return errc::missing_tag;
    auto contacts = notify.contacts();
    if (!contacts || contacts->empty() || contacts->front().star)
        return errc::missing_contact;
    dialog d;
    d.uac_ = true;
    d.id_ = {std::string(subscribe.call_id), std::string(subscribe.local_tag), std::string(notify.from().tag)};
    d.local_party_ = std::string(subscribe.local_party);
    d.remote_party_ = detail::field(notify, sip::header_id::from);
    d.remote_target_ = std::string(contacts->front().address.uri.text);
    d.take_route_set(notify, false);
    d.local_cseq_ = subscribe.cseq;
    d.remote_cseq_ = notify.cseq().number;
    d.secure_ = subscribe.secure;
    d.state_ = state::confirmed;
    return d;
}

request_addressing dialog::addressing() const
{
    request_addressing a;
    if (route_set_.empty()) {
        a.request_uri = remote_target_;
        a.next_hop = remote_target_;
        return a;
    }
    if (has_lr(route_set_.front())) {
        a.request_uri = remote_target_;
        a.routes = route_set_;
        a.next_hop = route_uri(route_set_.front());
        return a;
    }
    // §12.2.1.1: a strict router first: it gets the Request-URI, the remote target goes last.
    a.request_uri = route_uri(route_set_.front());
    a.routes.assign(route_set_.begin() + 1, route_set_.end());
    a.routes.push_back("<" + remote_target_ + ">");
    a.next_hop = a.request_uri;
    return a;
}

boost::system::error_code dialog::on_request(sip::message const& request)
{
    auto const m = request.method();
    if (m != sip::method::ack && m != sip::method::cancel) {
        auto const n = request.cseq().number;
        // §12.2.2: lower than the last is out of order (500). An equal number is a request of a
        // transaction already seen, which the transaction layer absorbs: also refused here.
        if (remote_cseq_ != 0 && n <= remote_cseq_)
            return errc::cseq_out_of_order;
        remote_cseq_ = static_cast<std::uint32_t>(n);
    }
    if (is_target_refresh(m))
        take_contact(request);
    return {};
}

void dialog::on_response(sip::message const& response)
{
    auto const status = response.status_code();
    if (status < 200 || status >= 300)
        return;
    // Only the 2xx of the INVITE confirms (§12.1); a 2xx to a PRACK or UPDATE in the early
    // dialog leaves it early (RFC 3262, RFC 3311).
    if (state_ == state::early && response.cseq().method == sip::method::invite) {
        state_ = state::confirmed;
        if (uac_)
            take_route_set(response, true); // §12.1.2 / §13.2.2.4: the 2xx's route set counts
    }
    if (is_target_refresh(response.cseq().method))
        take_contact(response);
}

} // namespace rvoip::dialog
