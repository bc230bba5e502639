#include "uas.hpp"

#include "uas_support.hpp"

#include <rvoip/dialog/layer.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdio>

namespace rvoip::bench {

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;

int run_dialog_uas(std::string const& ip, std::uint16_t port, double seconds)
{
    boost::asio::io_context io(1);
    std::uint64_t calls = 0;
    std::uint64_t acks = 0;
    std::uint64_t no_ack = 0;
    std::uint64_t failed = 0;
    dlg::layer* self = nullptr;
    dlg::layer_options options;
    options.contact_user = "uas";
    options.user_agent = "rvoip bench-dialog-core";
    // Each call leaves its INVITE and BYE server transactions for 64*T1 (Timer L, Timer J):
    // 10,000 calls/s hold 640,000 of them.
    options.transaction.max_transactions = 2'000'000;
    dlg::layer layer(io, [&](dlg::event const& e) {
        if (auto const* r = std::get_if<dlg::request_received>(&e)) {
            auto const method = r->request.method();
            if (method == sip::method::invite && !r->in_dialog) {
                if (self->respond(r->id, 180) || self->respond(r->id, 200))
                    ++failed;
            } else if (method == sip::method::invite || method == sip::method::update || method == sip::method::info ||
                       method == sip::method::message || method == sip::method::options ||
                       method == sip::method::prack) {
                if (self->respond(r->id, 200))
                    ++failed;
            } else {
                // What a call server does not do (REGISTER, PUBLISH, REFER...): 405 with Allow
                // (RFC 3261 §8.2.1).
                dlg::message_parts allow;
                allow.headers.push_back({"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, MESSAGE"});
                if (self->respond(r->id, 405, allow))
                    ++failed;
            }
        } else if (std::get_if<dlg::ack_received>(&e)) {
            ++acks;
        } else if (auto const* t = std::get_if<dlg::dialog_terminated>(&e)) {
            if (t->reason == dlg::end_reason::bye_received)
                ++calls;
            else if (t->reason == dlg::end_reason::no_ack)
                ++no_ack;
            else
                ++failed;
        }
    }, options);
    self = &layer;
    auto bound = layer.listen(tx::transport_kind::udp, ip, port);
    if (!bound) {
        std::fprintf(stderr, "bench-dialog-core: cannot listen on %s: %s\n", join_endpoint(ip, port).c_str(),
                     bound.error().message().c_str());
        return 2;
    }
    // TCP on the same port (RFC 3261 §18: a UA listens on both).
    if (auto tcp = layer.listen(tx::transport_kind::tcp, ip, *bound); !tcp) {
        std::fprintf(stderr, "bench-dialog-core: cannot listen on TCP %s: %s\n",
                     join_endpoint(ip, *bound).c_str(), tcp.error().message().c_str());
        return 2;
    }
    std::printf("uas listening=%s contact=%s\n", join_endpoint(ip, *bound).c_str(), layer.contact().c_str());
    std::fflush(stdout);

    auto const cpu = run_until_stopped(io, seconds);
    auto const d = layer.counters();
    auto const t = layer.transactions().counters();
    auto const u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("uas calls=%llu acks=%llu no_ack=%llu failed=%llu dialogs_created=%llu live_dialogs=%llu "
                "ok_retransmitted=%llu no_such_dialog=%llu overload_rejected=%llu requests=%llu "
                "retransmissions_absorbed=%llu malformed_rejected=%llu\n",
                u(calls), u(acks), u(no_ack), u(failed), u(d.dialogs_created), u(d.live_dialogs),
                u(d.ok_retransmitted), u(d.no_such_dialog), u(d.overload_rejected), u(t.requests_received),
                u(t.retransmissions_absorbed), u(t.malformed_rejected));
    std::printf("uas cpu_us_per_call=%.1f\n", calls ? cpu * 1e6 / static_cast<double>(calls) : 0.0);
    return 0;
}

} // namespace rvoip::bench
