#pragma once
// An in-memory datagram network for tests and benchmarks: layers (and test endpoints) attached
// at IP:port addresses exchange datagrams without sockets or system calls. It behaves like UDP
// on a quiet LAN: datagrams arrive in send order, on the io_context's thread, unless a filter
// drops them (to exercise retransmissions and timers deterministically).

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}

namespace rvoip::transaction {

/// An address on a memory_network.
struct memory_address
{
    std::string ip;
    std::uint16_t port = 0;
    bool operator==(memory_address const&) const = default;
};

class memory_network
{
public:
    /// Receives a datagram; `bytes` lives for the call only.
    using receiver = std::function<void(memory_address const& from, std::string_view bytes)>;
    /// Decides the fate of a datagram before delivery: false drops it.
    using filter = std::function<bool(memory_address const& from, memory_address const& to,
                                      std::string_view bytes)>;

    /// Deliveries run as handlers of `io`.
    explicit memory_network(boost::asio::io_context& io);
    ~memory_network();
    memory_network(memory_network const&) = delete;
    memory_network& operator=(memory_network const&) = delete;

    /// Receives datagrams sent to `at` (port 0 picks a free one). Returns the address bound;
    /// errc::address_in_use when something is attached there already.
    boost::system::error_code attach(memory_address& at, receiver receive);
    /// Stops delivering to `at`; datagrams already queued for it are dropped.
    void detach(memory_address const& at);

    /// Queues `bytes` for `to`. It is delivered by a later handler of the io_context, or
    /// dropped (and counted) when nothing is attached at `to` or the filter says so.
    void send(memory_address const& from, memory_address const& to, std::string bytes);

    /// Replaces the filter (empty: deliver everything).
    void set_filter(filter f);

    std::uint64_t delivered() const noexcept;
    std::uint64_t dropped() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::transaction
