// libFuzzer target: any bytes, split at NUL NUL into up to 8 datagrams, sent by a hostile peer
// to a whole transaction layer over the in-memory network. The layer answers requests (200, or
// 486 to INVITEs) and must neither crash nor hold more transactions than its limit.
#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/memory_network.hpp>

#include "../layer_test_support.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

struct stack
{
    stack()
        : network(io),
          layer(io, [this](tx::event const& e) {
              if (auto const* r = std::get_if<tx::request_received>(&e))
                  (void)layer.respond(r->key, rvoip::test::make_response(r->request, r->request.method() == sip::method::invite ? 486 : 200, "X"));
          }, options())
    {
        if (!layer.listen(network, "10.0.0.2", 5060))
            std::abort();
        tx::memory_address peer{"10.0.0.1", 5060};
        if (network.attach(peer, [](tx::memory_address const&, std::string_view) {}))
            std::abort();
    }
    static tx::layer_options options()
    {
        tx::layer_options o;
        o.max_transactions = 512;
        o.timers.t1 = std::chrono::milliseconds(1); // transactions end within the run (64 ms)
        o.timers.t4 = std::chrono::milliseconds(5);
        return o;
    }
    boost::asio::io_context io;
    tx::memory_network network;
    tx::layer layer;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static stack s;
    std::string_view rest(reinterpret_cast<char const*>(data), size);
    for (int i = 0; i < 8 && !rest.empty(); ++i) {
        auto const cut = rest.find(std::string_view("\0\0", 2));
        s.network.send({"10.0.0.1", 5060}, {"10.0.0.2", 5060}, std::string(rest.substr(0, cut)));
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 2);
    }
    s.io.restart();
    s.io.poll();
    if (s.layer.counters().live_transactions > 512)
        std::abort();
    return 0;
}
