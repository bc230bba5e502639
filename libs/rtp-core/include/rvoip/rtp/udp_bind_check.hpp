#pragma once
// A port_check that tries to bind the ports with Asio, so ports held by other programs are
// skipped. The sockets are closed again at once; the caller binds for real afterwards.

#include <rvoip/rtp/port_pool.hpp>

#include <string>

namespace boost::asio {
class io_context;
}

namespace rvoip::rtp {

/// Vetoes a pair when binding either port on the configured address fails.
class udp_bind_check final : public port_check
{
public:
    /// Binds on `address` (an IPv4 or IPv6 literal, e.g. "0.0.0.0") using `io`.
    udp_bind_check(boost::asio::io_context& io, std::string address);

    bool usable(std::uint16_t rtp, std::uint16_t rtcp, bool muxed) override;

private:
    boost::asio::io_context& io_;
    std::string address_;
};

} // namespace rvoip::rtp
