// Event state publication (RFC 3903): PUBLISH with the state, refreshed before it expires with
// the entity-tag the ESC gave (SIP-If-Match, no body), modified (a body with SIP-If-Match) and
// removed (Expires: 0); a 412 publishes the state again, a 423 asks for the Min-Expires.
#include "layer_impl.hpp"

#include <rvoip/sip/event.hpp>

namespace rvoip::dialog {

boost::system::result<publication_id> layer::publish(publish_options const& o)
{
    auto& in = *impl_;
    if (o.aor.empty() || !sip::parse_event(o.event) || o.body.empty())
        return errc::bad_request;
    publication p;
    p.options = o;
    p.req.method = "PUBLISH";
    p.req.request_uri = uri_of(o.aor);
    p.req.routes = o.routes.empty() ? in.preloaded_routes() : o.routes;
    p.req.next_hop = p.req.routes.empty() ? p.req.request_uri : uri_of(p.req.routes.front());
    auto const aor = angle(uri_of(o.aor));
    p.req.from = aor + ";tag=" + in.random_hex(6);
    p.req.to = aor;
    p.req.call_id = in.random_hex(12);
    p.req.cseq = 1;
    p.asked = static_cast<std::uint32_t>(std::max<std::chrono::seconds::rep>(0, o.expires.count()));
    p.with_body = true;
    if (!p.options.credentials.empty())
        p.account = std::make_unique<digest_client>(std::move(p.options.credentials), in.random_bytes);
    auto targets = in.resolve(p.req.next_hop);
    if (!targets)
        return targets.error();
    p.targets = std::move(*targets);
    auto const id = in.next_id++;
    in.publications.emplace(id, std::move(p));
    in.send_publish(id);
    return id;
}

void layer::impl::send_publish(publication_id id)
{
    auto it = publications.find(id);
    if (it == publications.end())
        return;
    auto& p = it->second;
    p.req.parts = {};
    p.req.parts.headers = {{"Event", p.options.event}, {"Expires", std::to_string(p.stopping ? 0 : p.asked)}};
    if (!p.etag.empty())
        p.req.parts.headers.push_back({"SIP-If-Match", p.etag});
    if (p.with_body && !p.stopping) {
        p.req.parts.content_type = p.options.content_type;
        p.req.parts.body = p.options.body;
    }
    auto m = build(p.req, p.targets.front().transport);
    if (!m) {
        on_publish_response(id, m.error(), nullptr);
        return;
    }
    p.in_flight = true;
    p.removal_sent = p.stopping;
    auto key = transactions.send_request(std::move(*m), p.targets,
                                         [this, id](boost::system::error_code ec, sip::message const* res) {
                                             on_publish_response(id, ec, res);
                                         });
    if (!key)
        on_publish_response(id, key.error(), nullptr);
}

void layer::impl::on_publish_response(publication_id id, boost::system::error_code ec, sip::message const* m)
{
    auto it = publications.find(id);
    if (it == publications.end() || (m && m->status_code() < 200))
        return;
    auto& p = it->second;
    int const status = m ? m->status_code() : 0;
    using state = publication_changed::state;
    boost::system::error_code auth_error;
    if (status == 401 || status == 407) {
        auth_error = answer_challenge(p.req, p.auth, *m, p.account.get());
        if (!auth_error) {
            ++p.req.cseq;
            send_publish(id);
            return;
        }
    }
    p.in_flight = false;
    p.auth = {};
    if (status == 423 && !p.stopping) {
        auto const min = m->min_expires();
        if (min && *min > p.asked) {
            p.asked = *min;
            ++p.req.cseq;
            send_publish(id);
            return;
        }
    }
    if (status == 412 && !p.stopping && !p.etag.empty()) {
        // RFC 3903 §6: the ESC no longer has our state (it expired or was lost): publish it anew.
        p.etag.clear();
        p.with_body = true;
        ++p.req.cseq;
        send_publish(id);
        return;
    }
    if (p.stopping && !p.removal_sent && status >= 200 && status < 300) {
        // stop_publication() while this PUBLISH was out: now remove what it published.
        if (auto const tag = m->find("SIP-ETag")) {
            p.etag = std::string(tag->value);
            ++p.req.cseq;
            send_publish(id);
            return;
        }
    }
    if (p.stopping) {
        publications.erase(it);
        emit(publication_changed{id, state::removed, 0, status, m ? boost::system::error_code{} : ec, {}});
        return;
    }
    if (status >= 200 && status < 300) {
        if (auto const tag = m->find("SIP-ETag"))
            p.etag = std::string(tag->value);
        p.granted = expires_or(*m, p.asked);
        p.with_body = false;
        if (p.granted > 0)
            p.refresh = timers.schedule(refresh_after(p.granted), [this, id] {
                auto again = publications.find(id);
                if (again == publications.end() || again->second.in_flight)
                    return;
                ++again->second.req.cseq;
                ++counters.publications_refreshed;
                send_publish(id);
            });
        std::string const etag = p.etag;
        emit(publication_changed{id, state::published, p.granted, status, {}, etag});
        return;
    }
    publications.erase(it);
    emit(publication_changed{id, state::failed, 0, status, final_error(auth_error, m, ec), {}});
}

boost::system::error_code layer::modify_publication(publication_id id, std::string body)
{
    auto it = impl_->publications.find(id);
    if (it == impl_->publications.end() || it->second.stopping)
        return errc::no_such_request;
    auto& p = it->second;
    if (p.in_flight)
        return errc::request_pending;
    if (body.empty())
        return errc::bad_request;
    impl_->timers.cancel(p.refresh);
    p.options.body = std::move(body);
    p.with_body = true;
    ++p.req.cseq;
    impl_->send_publish(id);
    return {};
}

boost::system::error_code layer::stop_publication(publication_id id)
{
    auto it = impl_->publications.find(id);
    if (it == impl_->publications.end() || it->second.stopping)
        return errc::no_such_request;
    auto& p = it->second;
    impl_->timers.cancel(p.refresh);
    p.stopping = true;
    if (p.in_flight)
        return {}; // its answer ends it: removed
    if (p.etag.empty()) {
        impl_->publications.erase(it);
        impl_->emit(publication_changed{id, publication_changed::state::removed, 0, 0, {}, {}});
        return {};
    }
    ++p.req.cseq;
    impl_->send_publish(id);
    return {};
}

} // namespace rvoip::dialog
