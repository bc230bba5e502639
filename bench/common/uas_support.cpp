#include "uas_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>

#include <charconv>
#include <chrono>

namespace rvoip::bench {

bool split_endpoint(std::string const& text, std::string& ip, std::uint16_t& port)
{
    auto const colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        return false;
    ip = text.substr(0, colon);
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
        ip = ip.substr(1, ip.size() - 2);
    unsigned value = 0;
    auto const* first = text.data() + colon + 1;
    auto const* last = text.data() + text.size();
    auto const [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || end != last || value > 65535)
        return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

std::string join_endpoint(std::string const& ip, std::uint16_t port)
{
    return (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

double cpu_seconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto const tv = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return tv(u.ru_utime) + tv(u.ru_stime);
}

double run_until_stopped(boost::asio::io_context& io, double seconds)
{
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
    boost::asio::steady_timer deadline(io);
    if (seconds > 0) {
        deadline.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::duration<double>(seconds)));
        deadline.async_wait([&](boost::system::error_code ec) {
            if (!ec)
                io.stop();
        });
    }
    auto const before = cpu_seconds();
    io.run();
    return cpu_seconds() - before;
}

} // namespace rvoip::bench
