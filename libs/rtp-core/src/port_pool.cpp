#include <rvoip/rtp/port_pool.hpp>

#include <algorithm>

namespace rvoip::rtp {

port_pool::port_pool(std::uint16_t low, std::uint16_t high)
{
    std::uint32_t first = low < 2 ? 2u : low + (low % 2u);
    first_ = static_cast<std::uint16_t>(first);
    std::size_t pairs = 0;
    // an even port p is usable when p + 1 <= high
    if (first + 1 <= high)
        pairs = (high - first + 1u) / 2u;
    slots_.assign(pairs, false);
}

result<port_allocation> port_pool::allocate(bool rtcp_mux, port_check* check) noexcept
{
    for (std::size_t tried = 0; tried < slots_.size(); ++tried) {
        std::size_t const i = (cursor_ + tried) % slots_.size();
        if (slots_[i])
            continue;
        auto const rtp = static_cast<std::uint16_t>(first_ + 2 * i);
        auto const rtcp = rtcp_mux ? rtp : static_cast<std::uint16_t>(rtp + 1);
        if (check && !check->usable(rtp, rtcp, rtcp_mux))
            continue;
        slots_[i] = true;
        ++in_use_;
        cursor_ = (i + 1) % slots_.size();
        return port_allocation{rtp, rtcp, rtcp_mux};
    }
    return errc::ports_exhausted;
}

void port_pool::start_from(std::uint16_t port) noexcept
{
    if (slots_.empty())
        return;
    std::size_t const i = port <= first_ ? 0u : (port - first_) / 2u;
    cursor_ = std::min(i, slots_.size() - 1);
}

boost::system::error_code port_pool::release(std::uint16_t rtp_port) noexcept
{
    if (rtp_port < first_ || (rtp_port - first_) % 2 != 0)
        return errc::port_not_allocated;
    std::size_t const i = (rtp_port - first_) / 2u;
    if (i >= slots_.size() || !slots_[i])
        return errc::port_not_allocated;
    slots_[i] = false;
    --in_use_;
    return {};
}

} // namespace rvoip::rtp
