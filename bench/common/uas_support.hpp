#pragma once
// What the `--uas IP:PORT [--seconds N]` mode of every benchmark program shares
// (../shared/CONTRACT.md): the endpoint argument, the process's CPU time, and a run that ends
// after N seconds or at SIGINT/SIGTERM.

#include <cstdint>
#include <string>

namespace boost::asio {
class io_context;
}

namespace rvoip::bench {

/// Parses "IP:PORT" ("[v6]:PORT" too) into `ip` (brackets removed) and `port`; false when
/// malformed.
bool split_endpoint(std::string const& text, std::string& ip, std::uint16_t& port);

/// "IP:PORT" again, the IPv6 address in brackets.
std::string join_endpoint(std::string const& ip, std::uint16_t port);

/// User plus system CPU seconds of this process so far (getrusage).
double cpu_seconds();

/// Runs `io` until `seconds` have passed (0: no limit) or SIGINT/SIGTERM comes, and returns
/// the CPU seconds the process spent meanwhile.
double run_until_stopped(boost::asio::io_context& io, double seconds);

} // namespace rvoip::bench
