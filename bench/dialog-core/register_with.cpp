#include "register_with.hpp"

#include <rvoip/dialog/layer.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <functional>

namespace rvoip::bench {

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;

int run_register_with(std::string const& ip, std::uint16_t port, std::uint32_t bindings, std::uint32_t window,
                      double seconds)
{
    boost::asio::io_context io(1);
    std::uint32_t started = 0, registered = 0, failed = 0, in_flight = 0;
    dlg::layer_options o;
    o.user_agent = "rvoip bench-dialog-core";
    o.contact_user = "bench";
    dlg::layer* self = nullptr;
    std::function<void()> start_more;
    auto const t0 = std::chrono::steady_clock::now();
    auto finished_at = t0;
    dlg::layer layer(io, [&](dlg::event const& e) {
        auto const* c = std::get_if<dlg::registration_changed>(&e);
        if (!c)
            return;
        if (c->now == dlg::registration_changed::state::registered)
            ++registered;
        else
            ++failed;
        --in_flight;
        if (registered + failed == bindings) {
            finished_at = std::chrono::steady_clock::now();
            io.stop();
            return;
        }
        start_more();
    }, o);
    self = &layer;
    if (auto bound = layer.listen(tx::transport_kind::udp, "127.0.0.1", 0); !bound) {
        std::fprintf(stderr, "bench-dialog-core: cannot listen: %s\n", bound.error().message().c_str());
        return 1;
    }
    start_more = [&] {
        while (in_flight < window && started < bindings) {
            char user[16];
            std::snprintf(user, sizeof user, "user%05u", started);
            dlg::registration_options r;
            r.registrar = "sip:" + ip + ":" + std::to_string(port);
            r.aor = std::string("sip:") + user + "@" + ip;
            r.expires = std::chrono::seconds(3600);
            r.credentials.push_back({"", user, std::string("pw-") + user});
            ++started;
            ++in_flight;
            if (!self->start_registration(r)) {
                --in_flight;
                ++failed;
            }
        }
    };
    boost::asio::post(io, [&] { start_more(); });
    boost::asio::steady_timer deadline(
        io, std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds)));
    deadline.async_wait([&](boost::system::error_code ec) {
        if (!ec) {
            finished_at = std::chrono::steady_clock::now();
            io.stop();
        }
    });
    io.run();
    double const elapsed = std::chrono::duration<double>(finished_at - t0).count();
    std::printf("register_with per_s=%.0f bindings=%u registered=%u failed=%u window=%u seconds=%.3f auth_retries=%llu\n",
                elapsed > 0 ? registered / elapsed : 0.0, bindings, registered, failed, window, elapsed,
                static_cast<unsigned long long>(layer.counters().auth_retries));
    return registered == bindings ? 0 : 1;
}

} // namespace rvoip::bench
