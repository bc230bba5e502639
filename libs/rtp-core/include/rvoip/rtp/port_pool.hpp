#pragma once
// RTP port allocation over a configured range: an even port for RTP and the next one for RTCP
// (RFC 3550 §11), or the RTP port alone when RTCP is multiplexed (RFC 5761). Pure bookkeeping;
// a port_check (such as udp_bind_check) can veto ports something else holds.

#include <rvoip/rtp/error.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rvoip::rtp {

/// A pair handed out by the pool. rtcp == rtp when RTCP is multiplexed.
struct port_allocation
{
    std::uint16_t rtp = 0;
    std::uint16_t rtcp = 0;
    bool muxed = false;
};

/// Asked before a pair is handed out: may these ports be used?
class port_check
{
public:
    virtual ~port_check() = default;
    /// True when `rtp` (and `rtcp`, unless `muxed`) are free to use.
    virtual bool usable(std::uint16_t rtp, std::uint16_t rtcp, bool muxed) = 0;
};

/// Ports [low, high] handed out round-robin, so a port just released is the last to be reused
/// (late packets of an old call should not reach a new one).
class port_pool
{
public:
    /// The range is inclusive; RTP ports are the even ones whose RTCP port (the next, odd one)
    /// also lies in the range, so a muxed and a non-muxed call never share a port. Port 0 is
    /// never handed out. An empty range gives a pool that is always exhausted.
    port_pool(std::uint16_t low, std::uint16_t high);

    /// Hands out a free pair; `check` (optional) may veto candidates, which are then skipped.
    /// Errors: errc::ports_exhausted when every candidate is taken or vetoed.
    result<port_allocation> allocate(bool rtcp_mux, port_check* check = nullptr) noexcept;
    /// The next allocation looks first at the pair holding `port` (clamped into the range).
    /// Programs sharing a range start at different places (say, at a random port), so that
    /// they do not all contend for its first pairs.
    void start_from(std::uint16_t port) noexcept;
    /// Returns a pair by its RTP port. Errors: errc::port_not_allocated.
    boost::system::error_code release(std::uint16_t rtp_port) noexcept;

    /// Pairs that can still be handed out (ignoring what a port_check would veto).
    std::size_t available() const noexcept { return slots_.size() - in_use_; }
    /// All pairs of the range.
    std::size_t capacity() const noexcept { return slots_.size(); }

private:
    std::uint16_t first_ = 0; // lowest even RTP port
    std::vector<bool> slots_; // in use, by (port - first_) / 2
    std::size_t in_use_ = 0;
    std::size_t cursor_ = 0; // next slot to try
};

} // namespace rvoip::rtp
