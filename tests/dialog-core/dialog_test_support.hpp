#pragma once
// Two dialog layers (or a layer and a bare endpoint) on a memory network with a manual clock:
// every event recorded as a plain value, so that tests can look at them after the fact.

#include <rvoip/dialog/layer.hpp>

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rvoip::test {

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;

/// One event, copied out of its references.
struct seen
{
    std::string kind;     ///< the event type's name
    dlg::dialog_id dialog;
    std::uint64_t id = 0; ///< request_id, invite_id or registration_id
    int status = 0;
    std::string method;
    std::string body;
    std::string raw;      ///< a received request as it came
    bool in_dialog = false;
    dlg::end_reason reason{};
    dlg::registration_changed::state reg{};
    std::uint32_t expires = 0;
    std::uint32_t rseq = 0;   ///< invite_progressed
    bool prack_wanted = false;
    boost::system::error_code error;
    std::optional<dlg::dialog_id> replaces; ///< request_received with a matched Replaces
    bool terminated = false;                ///< refer_progress
    std::string why;          ///< subscription_ended: its reason
    bool notifier = false;    ///< subscription_ended
    bool resubscribing = false;
    bool last = false;
    rvoip::sip::substate state{}; ///< notification
    dlg::publication_changed::state pub{};
    std::string etag;
};

struct agent
{
    agent(boost::asio::io_context& io, tx::manual_clock& clock, tx::memory_network& net, std::string ip,
          dlg::layer_options o = {})
        : layer(io, [this](dlg::event const& e) { record(e); }, with_clock(std::move(o), clock))
    {
        BOOST_TEST_REQUIRE(layer.listen(net, ip, 5060).has_value());
    }

    static dlg::layer_options with_clock(dlg::layer_options o, tx::manual_clock& clock)
    {
        o.transaction.clock = &clock;
        return o;
    }

    void record(dlg::event const& e)
    {
        seen s;
        std::visit(
            [&](auto const& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, dlg::request_received>) {
                    s.kind = "request";
                    s.id = x.id;
                    s.dialog = x.dialog;
                    s.in_dialog = x.in_dialog;
                    s.method = std::string(x.request.method_text());
                    s.body = std::string(x.request.body());
                    s.raw = std::string(x.request.bytes());
                    if (x.replaces)
                        s.replaces = *x.replaces;
                } else if constexpr (std::is_same_v<T, dlg::refer_progress>) {
                    s.kind = "refer";
                    s.dialog = x.dialog;
                    s.id = x.refer;
                    s.status = x.status;
                    s.terminated = x.terminated;
                    s.body = std::string(x.notify.body());
                } else if constexpr (std::is_same_v<T, dlg::notification>) {
                    s.kind = "notification";
                    s.id = x.id;
                    s.dialog = x.dialog;
                    s.state = x.state;
                    s.expires = x.expires;
                    s.body = std::string(x.notify.body());
                    s.raw = std::string(x.notify.bytes());
                } else if constexpr (std::is_same_v<T, dlg::subscription_ended>) {
                    s.kind = "ended";
                    s.id = x.id;
                    if (x.dialog)
                        s.dialog = *x.dialog;
                    s.why = std::string(x.reason);
                    s.notifier = x.notifier;
                    s.status = x.status;
                    s.error = x.error;
                    s.resubscribing = x.resubscribing;
                    s.expires = x.retry_after;
                    s.last = x.last;
                } else if constexpr (std::is_same_v<T, dlg::publication_changed>) {
                    s.kind = "publication";
                    s.id = x.id;
                    s.pub = x.now;
                    s.expires = x.expires;
                    s.status = x.status;
                    s.error = x.error;
                    s.etag = std::string(x.etag);
                } else if constexpr (std::is_same_v<T, dlg::request_cancelled>) {
                    s.kind = "cancelled";
                    s.id = x.id;
                    s.dialog = x.dialog;
                } else if constexpr (std::is_same_v<T, dlg::invite_progressed>) {
                    s.kind = "progress";
                    s.id = x.invite;
                    if (x.dialog)
                        s.dialog = *x.dialog;
                    s.status = x.response.status_code();
                    s.rseq = x.rseq;
                    s.prack_wanted = x.prack_wanted;
                } else if constexpr (std::is_same_v<T, dlg::invite_answered>) {
                    s.kind = "answered";
                    s.id = x.invite;
                    s.dialog = x.dialog;
                    s.status = x.response.status_code();
                    s.body = std::string(x.response.body());
                } else if constexpr (std::is_same_v<T, dlg::invite_failed>) {
                    s.kind = "failed";
                    s.id = x.invite;
                    s.status = x.status;
                    s.error = x.error;
                } else if constexpr (std::is_same_v<T, dlg::ack_received>) {
                    s.kind = "ack";
                    s.dialog = x.dialog;
                    s.body = std::string(x.ack.body());
                } else if constexpr (std::is_same_v<T, dlg::dialog_terminated>) {
                    s.kind = "terminated";
                    s.dialog = x.dialog;
                    s.reason = x.reason;
                } else if constexpr (std::is_same_v<T, dlg::registration_changed>) {
                    s.kind = "registration";
                    s.id = x.id;
                    s.reg = x.now;
                    s.expires = x.expires;
                    s.status = x.status;
                    s.error = x.error;
                }
            },
            e);
        events.push_back(s);
        if (on_event)
            on_event(s); // a copy: what on_event does may record more events and grow `events`
    }

    /// The events of one kind, in order.
    std::vector<seen> of(std::string const& kind) const
    {
        std::vector<seen> out;
        for (auto const& e : events)
            if (e.kind == kind)
                out.push_back(e);
        return out;
    }

    dlg::layer layer;
    std::vector<seen> events;
    std::function<void(seen const&)> on_event;
};

/// A bare endpoint: what it received, and a way to send raw text.
struct endpoint
{
    endpoint(tx::memory_network& n, std::string ip, std::uint16_t port = 5060) : net(n), at{std::move(ip), port}
    {
        BOOST_TEST_REQUIRE(!net.attach(at, [this](tx::memory_address const&, std::string_view b) {
            received.emplace_back(b);
        }));
    }
    void send(tx::memory_address const& to, std::string bytes) { net.send(at, to, std::move(bytes)); }
    std::vector<std::string> starting(std::string_view start) const
    {
        std::vector<std::string> out;
        for (auto const& r : received)
            if (r.starts_with(start))
                out.push_back(r);
        return out;
    }
    tx::memory_network& net;
    tx::memory_address at;
    std::vector<std::string> received;
};

/// Parts carrying an SDP body (the layer carries it without reading it).
inline dlg::message_parts sdp(std::string body)
{
    dlg::message_parts p;
    p.content_type = "application/sdp";
    p.body = std::move(body);
    return p;
}

/// The To tag of a response written as text.
inline std::string tag_in(std::string const& response)
{
    auto const to = response.find("\r\nTo:");
    auto const tag = response.find(";tag=", to);
    auto const end = response.find_first_of("\r;>", tag + 5);
    return response.substr(tag + 5, end - tag - 5);
}

/// A response to the request `request` (text), as a bare endpoint writes it: its Vias, From,
/// To (with `to_tag` added when it has none), Call-ID and CSeq, then `extra` (CRLF-ended
/// header lines) and an empty body.
inline std::string response_to(std::string const& request, int status, std::string const& to_tag,
                               std::string const& extra = {})
{
    auto const line = [&](std::string const& name) {
        std::string out;
        for (auto at = request.find("\r\n" + name + ": "); at != std::string::npos;
             at = request.find("\r\n" + name + ": ", at + 2))
            out += request.substr(at + 2, request.find("\r\n", at + 2) - at);
        return out;
    };
    std::string to = line("To");
    if (to.find(";tag=") == std::string::npos)
        to.insert(to.size() - 2, ";tag=" + to_tag);
    return "SIP/2.0 " + std::to_string(status) + " Whatever\r\n" + line("Via") + line("From") + to + line("Call-ID") +
           line("CSeq") + extra + "Content-Length: 0\r\n\r\n";
}

/// The value of header `name` in a message written as text ("" when it has none).
inline std::string header_in(std::string const& message, std::string const& name)
{
    auto const at = message.find("\r\n" + name + ": ");
    if (at == std::string::npos)
        return {};
    auto const from = at + name.size() + 4;
    return message.substr(from, message.find("\r\n", from) - from);
}

} // namespace rvoip::test
