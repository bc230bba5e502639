// libFuzzer target: any bytes, split at NUL NUL into up to 8 datagrams, sent by a hostile peer
// to a whole dialog layer over the in-memory network, on a manual clock moved 40 s after each
// input (every RFC timer fires: 2xx retransmission, no-ACK BYE, reliable 1xx, session timers).
// The layer's user answers everything: INVITE with 180 then 200 and SDP, REFER with 202 and a
// sipfrag NOTIFY, SUBSCRIBE (presence is served) accepted with a NOTIFY, anything else 200; and
// it keeps a presence subscription of its own to the peer going, whose NOTIFYs the peer may
// forge. Randomness is fixed, so tags and Call-IDs repeat and inputs can reach in-dialog
// paths. It must neither crash nor hold more than its limits.
#include <rvoip/dialog/layer.hpp>

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

constexpr std::size_t max_dialogs = 64;
constexpr std::size_t max_pending = 64;

struct stack
{
    stack() : clock(io), network(io), layer(io, [this](dlg::event const& e) { on_event(e); }, options(clock))
    {
        if (!layer.listen(network, "10.0.0.2", 5060))
            std::abort();
        tx::memory_address peer{"10.0.0.1", 5060};
        if (network.attach(peer, [](tx::memory_address const&, std::string_view) {}))
            std::abort();
    }

    static dlg::layer_options options(tx::manual_clock& c)
    {
        dlg::layer_options o;
        o.transaction.clock = &c;
        o.transaction.max_transactions = 512;
        o.max_dialogs = max_dialogs;
        o.max_pending_requests = max_pending;
        o.max_subscriptions = max_dialogs;
        o.event_packages = {"presence"};
        o.random_bytes = [](unsigned char* p, std::size_t n) { std::memset(p, 0x11, n); };
        return o;
    }

    void on_event(dlg::event const& e)
    {
        auto const* r = std::get_if<dlg::request_received>(&e);
        if (!r)
            return;
        auto const method = r->request.method();
        if (method == sip::method::invite) {
            dlg::message_parts answer;
            answer.content_type = "application/sdp";
            answer.body = "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
            (void)layer.respond(r->id, 180);
            (void)layer.respond(r->id, 200, answer);
        } else if (method == sip::method::refer && r->in_dialog) {
            dlg::dialog_id const d = r->dialog;
            auto const cseq = r->request.cseq().number;
            if (!layer.respond(r->id, 202))
                (void)layer.notify_refer(d, cseq, 200);
        } else if (method == sip::method::subscribe) {
            dlg::notify_content first;
            first.content_type = "application/pidf+xml";
            first.body = "<presence/>";
            if (!layer.accept_subscription(r->id, first))
                (void)layer.respond(r->id, 503);
        } else {
            (void)layer.respond(r->id, 200);
        }
    }

    boost::asio::io_context io;
    tx::manual_clock clock;
    tx::memory_network network;
    dlg::layer layer;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static stack s;
    if (s.layer.counters().live_subscriptions == 0) {
        dlg::subscribe_options o;
        o.to = "sip:peer@10.0.0.1";
        o.from = "sip:us@10.0.0.2";
        o.event = "presence";
        (void)s.layer.subscribe(o);
    }
    std::string_view rest(reinterpret_cast<char const*>(data), size);
    for (int i = 0; i < 8 && !rest.empty(); ++i) {
        auto const cut = rest.find(std::string_view("\0\0", 2));
        s.network.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060}, std::string(rest.substr(0, cut)));
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 2);
    }
    s.clock.settle();
    if (s.layer.counters().live_dialogs > max_dialogs || s.layer.counters().live_subscriptions > max_dialogs + 1)
        std::abort();
    s.clock.advance(std::chrono::seconds(40));
    return 0;
}
