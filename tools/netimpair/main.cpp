// netimpair: an impairing UDP relay on the command line (see impair_relay.hpp).
//
//   netimpair --listen IP:PORT --to IP:PORT [--ports N] [--loss PCT] [--delay MS] [--jitter MS]
//             [--reorder PCT] [--duplicate PCT] [--both-ways] [--seed N] [--seconds N]
//
// Impairs what clients send to the target (and, with --both-ways, the replies too) until N
// seconds pass or SIGINT/SIGTERM, then prints `netimpair forward ...` and `netimpair backward
// ...` counter lines.
#include "impair_relay.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/system_error.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr char const* usage =
    "usage: netimpair --listen IP:PORT --to IP:PORT [--ports N] [--loss PCT] [--delay MS] [--jitter MS]\n"
    "                 [--reorder PCT] [--duplicate PCT] [--both-ways] [--seed N] [--seconds N]\n";

bool endpoint(std::string const& text, std::string& ip, std::uint16_t& port)
{
    auto const colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return false;
    ip = text.substr(0, colon);
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
        ip = ip.substr(1, ip.size() - 2);
    char* end = nullptr;
    auto const p = std::strtoul(text.c_str() + colon + 1, &end, 10);
    if (*end != '\0' || p == 0 || p > 65535)
        return false;
    port = static_cast<std::uint16_t>(p);
    return true;
}

bool number(char const* text, double max, double& out)
{
    char* end = nullptr;
    out = std::strtod(text, &end);
    return end != text && *end == '\0' && out >= 0 && out <= max;
}

void print(char const* direction, rvoip::netimpair::relay_counters const& c)
{
    auto const u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("netimpair %s received=%llu forwarded=%llu dropped=%llu duplicated=%llu held_back=%llu\n", direction,
                u(c.received), u(c.forwarded), u(c.dropped), u(c.duplicated), u(c.held_back));
}

} // namespace

int main(int argc, char** argv)
{
    rvoip::netimpair::relay_options o;
    rvoip::netimpair::impairment imp;
    bool both = false, have_listen = false, have_target = false;
    double seconds = 0;
    for (int i = 1; i < argc; ++i) {
        std::string const arg = argv[i];
        auto value = [&](double max, double& out) {
            if (i + 1 >= argc || !number(argv[++i], max, out)) {
                std::fprintf(stderr, "netimpair: %s wants a number from 0 to %g\n%s", arg.c_str(), max, usage);
                std::exit(2);
            }
        };
        double v = 0;
        if (arg == "--listen" && i + 1 < argc) {
            have_listen = endpoint(argv[++i], o.listen_address, o.listen_port);
            if (!have_listen) {
                std::fprintf(stderr, "netimpair: --listen wants IP:PORT, got '%s'\n%s", argv[i], usage);
                return 2;
            }
        } else if (arg == "--to" && i + 1 < argc) {
            have_target = endpoint(argv[++i], o.target_address, o.target_port);
            if (!have_target) {
                std::fprintf(stderr, "netimpair: --to wants IP:PORT, got '%s'\n%s", argv[i], usage);
                return 2;
            }
        } else if (arg == "--ports") {
            value(64, v);
            o.ports = static_cast<std::size_t>(v);
        } else if (arg == "--loss") {
            value(100, imp.loss_pct);
        } else if (arg == "--delay" || arg == "--jitter") {
            value(10000, v);
            (arg == "--delay" ? imp.delay : imp.jitter) = std::chrono::milliseconds{static_cast<long>(v)};
        } else if (arg == "--reorder") {
            value(100, imp.reorder_pct);
        } else if (arg == "--duplicate") {
            value(100, imp.duplicate_pct);
        } else if (arg == "--seed") {
            value(1e18, v);
            o.seed = static_cast<std::uint64_t>(v);
        } else if (arg == "--seconds") {
            value(1e9, seconds);
        } else if (arg == "--both-ways") {
            both = true;
        } else {
            std::fprintf(stderr, "netimpair: unknown or incomplete option '%s'\n%s", arg.c_str(), usage);
            return 2;
        }
    }
    if (!have_listen || !have_target || o.ports == 0) {
        std::fprintf(stderr, "netimpair: --listen and --to are required\n%s", usage);
        return 2;
    }
    o.forward = imp;
    if (both)
        o.backward = imp;
    boost::asio::io_context io(1);
    try {
        rvoip::netimpair::impair_relay relay(io, o);
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
        boost::asio::steady_timer limit(io);
        if (seconds > 0) {
            limit.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(seconds)));
            limit.async_wait([&](boost::system::error_code ec) {
                if (!ec)
                    io.stop();
            });
        }
        std::printf("netimpair listening=%s:%u to=%s:%u ports=%zu\n", o.listen_address.c_str(), o.listen_port,
                    o.target_address.c_str(), o.target_port, o.ports);
        std::fflush(stdout);
        io.run();
        print("forward", relay.forward());
        print("backward", relay.backward());
    } catch (boost::system::system_error const& e) {
        std::fprintf(stderr, "netimpair: %s\n", e.what());
        return 1;
    }
    return 0;
}
