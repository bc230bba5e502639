#include <rvoip/rtp/udp_bind_check.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <utility>

namespace rvoip::rtp {

namespace asio = boost::asio;

udp_bind_check::udp_bind_check(asio::io_context& io, std::string address)
    : io_(io), address_(std::move(address))
{
}

bool udp_bind_check::usable(std::uint16_t rtp, std::uint16_t rtcp, bool muxed)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(address_, ec);
    if (ec)
        return false;
    auto try_bind = [&](asio::ip::udp::socket& s, std::uint16_t port) {
        asio::ip::udp::endpoint const ep(address, port);
        s.open(ep.protocol(), ec);
        if (!ec)
            s.bind(ep, ec);
        return !ec;
    };
    asio::ip::udp::socket a(io_), b(io_);
    return try_bind(a, rtp) && (muxed || try_bind(b, rtcp));
}

} // namespace rvoip::rtp
