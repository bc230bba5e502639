#pragma once
// A UDP relay that impairs what it forwards, for tests and demonstrations on machines without
// netem: seeded loss, delay, jitter, reordering and duplication, per direction (the same seed
// gives each RTP stream the same impairments on every run, whatever the timing). It sits in front
// of consecutive ports of a target (an RTP port and its RTCP port): what a client sends to one of
// its ports goes to the target's port at the same offset, and what the target sends back from
// there goes to the last client. Runs on the caller's io_context.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace boost::asio {
class io_context;
}

namespace rvoip::netimpair {

/// What happens to each datagram of one direction. Loss, reordering and duplication are
/// independent per datagram; the delay of each is `delay` plus a uniform draw from
/// [0, 2 x jitter] (so the mean one-way delay is delay + jitter), which reorders datagrams
/// whenever jitter exceeds their spacing; `reorder_pct` holds a datagram back a further 40 ms.
struct impairment
{
    double loss_pct = 0;
    std::chrono::milliseconds delay{0};
    std::chrono::milliseconds jitter{0};
    double reorder_pct = 0;
    double duplicate_pct = 0;
};

struct relay_counters
{
    std::uint64_t received = 0;
    std::uint64_t forwarded = 0;
    std::uint64_t dropped = 0;
    std::uint64_t duplicated = 0;
    std::uint64_t held_back = 0;
};

struct relay_options
{
    std::string listen_address = "127.0.0.1";
    std::uint16_t listen_port = 0;  ///< first port
    std::string target_address = "127.0.0.1";
    std::uint16_t target_port = 0;  ///< first port of the target
    std::size_t ports = 2;          ///< consecutive ports relayed (RTP and RTCP)
    impairment forward;             ///< client -> target
    impairment backward;            ///< target -> client
    std::uint64_t seed = 1;
    /// Sees every datagram received, before it is impaired (`forward`: from a client).
    std::function<void(std::span<std::uint8_t const> datagram, bool forward)> tap;
};

class impair_relay
{
public:
    /// Binds the ports. Throws boost::system::system_error when one cannot be bound.
    impair_relay(boost::asio::io_context& io, relay_options options);
    ~impair_relay();
    impair_relay(impair_relay const&) = delete;
    impair_relay& operator=(impair_relay const&) = delete;

    relay_counters const& forward() const noexcept;
    relay_counters const& backward() const noexcept;
    /// Stops relaying; pending datagrams are dropped.
    void close() noexcept;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace rvoip::netimpair
