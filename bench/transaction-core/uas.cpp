#include "uas.hpp"

#include "uas_support.hpp"

#include <rvoip/transaction/layer.hpp>

#include <boost/asio/io_context.hpp>

#include <charconv>
#include <chrono>
#include <functional>
#include <string_view>
#include <cstdio>

namespace rvoip::bench {

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

/// A 200 OK for `request` (§8.2.6): Via, From, To (tagged), Call-ID and CSeq copied, a Contact.
std::string ok_for(sip::message const& request, std::string const& contact)
{
    std::string out = "SIP/2.0 200 OK\r\n";
    for (std::size_t i = 0; i < request.header_count(); ++i) {
        auto const f = request.header(i);
        switch (f.id) {
        case sip::header_id::via:
        case sip::header_id::from:
        case sip::header_id::call_id:
        case sip::header_id::cseq:
        case sip::header_id::record_route:
            out.append(sip::canonical_name(f.id)).append(": ").append(f.value).append("\r\n");
            break;
        case sip::header_id::to:
            out.append("To: ").append(f.value);
            if (request.to().tag.empty()) {
                // A token derived from the Call-ID, so the 200 and its retransmissions agree.
                char tag[24];
                auto const end = std::to_chars(tag, tag + sizeof tag,
                                               std::hash<std::string_view>()(request.call_id()), 16).ptr;
                out.append(";tag=").append(tag, end);
            }
            out.append("\r\n");
            break;
        default:
            break;
        }
    }
    if (request.method() == sip::method::invite)
        out.append("Contact: <").append(contact).append(">\r\n");
    out.append("Content-Length: 0\r\n\r\n");
    return out;
}


int run_uas(std::string const& ip, std::uint16_t port, double seconds, int tcp_idle)
{
    boost::asio::io_context io(1);
    std::uint64_t calls = 0;
    std::uint64_t acks = 0;
    std::uint64_t failed = 0;
    tx::layer* self = nullptr;
    std::string contact;
    tx::layer_options options;
    options.idle_timeout = std::chrono::seconds(tcp_idle);
    // Every call leaves two transactions alive for 64*T1 = 32 s (Timer L of RFC 6026, Timer J):
    // 10,000 calls/s hold 640,000 of them (about 750 bytes each).
    options.max_transactions = 2'000'000;
    tx::layer layer(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::request_received>(&e)) {
            auto const ec = self->respond(r->key, ok_for(r->request, contact));
            if (ec)
                ++failed;
            if (r->request.method() == sip::method::bye)
                ++calls;
        } else if (std::get_if<tx::ack_received>(&e)) {
            ++acks;
        } else {
            ++failed;
        }
    }, options);
    self = &layer;
    auto bound = layer.listen(tx::transport_kind::udp, ip, port);
    if (!bound) {
        std::fprintf(stderr, "bench-transaction-core: cannot listen on %s:%u: %s\n", ip.c_str(),
                     static_cast<unsigned>(port), bound.error().message().c_str());
        return 2;
    }
    // TCP on the same port (RFC 3261 §18: a UA listens on both).
    auto bound_tcp = layer.listen(tx::transport_kind::tcp, ip, *bound);
    if (!bound_tcp) {
        std::fprintf(stderr, "bench-transaction-core: cannot listen on TCP %s:%u: %s\n", ip.c_str(),
                     static_cast<unsigned>(*bound), bound_tcp.error().message().c_str());
        return 2;
    }
    contact = "sip:uas@" + join_endpoint(ip, *bound);
    std::printf("uas listening=%s\n", join_endpoint(ip, *bound).c_str());
    std::fflush(stdout);

    auto const cpu = run_until_stopped(io, seconds);
    auto const c = layer.counters();
    std::printf("uas calls=%llu acks=%llu failed=%llu requests=%llu retransmissions_absorbed=%llu "
                "responses_retransmitted=%llu malformed_rejected=%llu idle_closed=%llu\n",
                static_cast<unsigned long long>(calls), static_cast<unsigned long long>(acks),
                static_cast<unsigned long long>(failed),
                static_cast<unsigned long long>(c.requests_received),
                static_cast<unsigned long long>(c.retransmissions_absorbed),
                static_cast<unsigned long long>(c.responses_retransmitted),
                static_cast<unsigned long long>(c.malformed_rejected),
                static_cast<unsigned long long>(c.idle_closed));
    std::printf("uas cpu_us_per_call=%.1f\n", calls ? cpu * 1e6 / static_cast<double>(calls) : 0.0);
    return 0;
}

} // namespace rvoip::bench
