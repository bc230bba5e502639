// A small UAC on the transaction layer for the SIPp interop test: sends N OPTIONS or INVITEs to
// a target, each its own client transaction, and reports how they ended.
//   uac_driver IP:PORT options|invite COUNT T1_MS [udp|tcp|big]
// ("big": over UDP but larger than 1300 bytes, so the layer must switch to TCP, §18.1.1;
//  "failover:PORT2": targets IP:PORT then IP:PORT2, RFC 3263 §4.3 fail-over)
// Exit 0 when every transaction got a final response, 1 otherwise.
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/server_location.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tx = rvoip::transaction;

int main(int argc, char** argv)
{
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: uac_driver IP:PORT options|invite COUNT T1_MS [udp|tcp|big]\n");
        return 2;
    }
    std::string const mode = argc == 6 ? argv[5] : "udp";
    auto const transport = mode == "tcp" ? tx::transport_kind::tcp : tx::transport_kind::udp;
    std::string const target = argv[1];
    std::string const method = std::string(argv[2]) == "invite" ? "INVITE" : "OPTIONS";
    int const count = std::atoi(argv[3]);
    auto const colon = target.rfind(':');
    std::string const ip = target.substr(0, colon);
    auto const port = static_cast<std::uint16_t>(std::atoi(target.c_str() + colon + 1));

    boost::asio::io_context io(1);
    tx::layer_options options;
    options.timers.t1 = std::chrono::milliseconds(std::atoi(argv[4]));
    options.timers.t2 = options.timers.t1 * 8; // the ratio of the defaults (500 ms, 4 s)
    int finals = 0, failures = 0, provisionals = 0, non_2xx = 0, retargets = 0;
    bool done = false;
    tx::layer layer(io, [&](tx::event const& e) {
        if (auto const* r = std::get_if<tx::response_received>(&e)) {
            auto const status = r->response.status_code();
            if (status < 200) {
                ++provisionals;
                return;
            }
            ++finals;
            non_2xx += status >= 300;
        } else if (std::get_if<tx::transaction_failed>(&e)) {
            ++failures;
        } else if (std::get_if<tx::transaction_retargeted>(&e)) {
            ++retargets;
            return;
        }
        if (finals + failures == count)
            done = true;
    }, options);
    auto local = layer.listen(tx::transport_kind::udp, ip, 0);
    if (!local) {
        std::fprintf(stderr, "cannot listen: %s\n", local.error().message().c_str());
        return 1;
    }
    for (int i = 0; i < count; ++i) {
        std::string const n = std::to_string(i);
        std::string request = method + " sip:service@" + target + " SIP/2.0\r\n"
            "Via: SIP/2.0/" + std::string(mode == "tcp" ? "TCP" : "UDP") + " " + ip + ":" +
            std::to_string(*local) + ";rport;branch=z9hG4bKdrv" + n + "\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:driver@" + ip + ">;tag=drv" + n + "\r\n"
            "To: <sip:service@" + target + ">\r\n"
            "Call-ID: drv" + n + "@" + ip + "\r\n"
            "CSeq: 1 " + method + "\r\n"
            "Contact: <sip:driver@" + ip + ":" + std::to_string(*local) + ">\r\n"
            + (mode == "big" ? "X-Padding: " + std::string(1400, 'x') + "\r\n" : std::string()) +
            "Content-Length: 0\r\n\r\n";
        auto key = mode.rfind("failover:", 0) == 0
                       ? layer.send_request(std::move(request),
                                            std::vector<tx::target>{
                                                {tx::transport_kind::udp, ip, port, {}},
                                                {tx::transport_kind::udp, ip,
                                                 static_cast<std::uint16_t>(std::atoi(mode.c_str() + 9)), {}}})
                       : layer.send_request(std::move(request), ip, port, transport);
        if (!key) {
            std::fprintf(stderr, "send_request: %s\n", key.error().message().c_str());
            return 1;
        }
    }
    // Run until every transaction has ended (or 60 s), then a little longer so that the last
    // ACKs queued on a TCP connection are written before the process exits.
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done && std::chrono::steady_clock::now() < deadline)
        io.run_for(std::chrono::milliseconds(20));
    io.run_for(std::chrono::milliseconds(300));
    // Let the last ACKs and Timer D/K settle is the layer's business; the counts are final.
    auto const c = layer.counters();
    std::printf("uac finals=%d non_2xx=%d provisionals=%d failures=%d retargets=%d "
                "requests_retransmitted=%llu\n",
                finals, non_2xx, provisionals, failures, retargets,
                static_cast<unsigned long long>(c.requests_retransmitted));
    return finals == count ? 0 : 1;
}
