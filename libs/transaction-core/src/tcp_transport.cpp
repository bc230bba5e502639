// TCP connections (RFC 3261 §18): a byte stream with no handshake after connecting.
#include "byte_stream_connection.hpp"

namespace rvoip::transaction::detail {

namespace {

struct no_handshake
{
    template<class Handler>
    void client(boost::asio::ip::tcp::socket&, std::string const&, Handler&& done)
    {
        done(boost::system::error_code{});
    }
    template<class Handler>
    void server(boost::asio::ip::tcp::socket&, Handler&& done)
    {
        done(boost::system::error_code{});
    }
};

} // namespace

std::shared_ptr<connection> make_tcp_connection(boost::asio::ip::tcp::socket socket,
                                                connection_events const& events,
                                                layer_counters& stats,
                                                connection_settings const& settings)
{
    return std::make_shared<byte_stream_connection<boost::asio::ip::tcp::socket, no_handshake>>(
        transport_kind::tcp, no_handshake{}, events, stats, settings, std::move(socket));
}

} // namespace rvoip::transaction::detail
