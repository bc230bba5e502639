#pragma once
// A connection over a byte stream: a plain TCP socket or an SSL stream over one. Messages are
// framed by Content-Length (RFC 3261 §18.3) in connection::bytes_read().

#include "connection.hpp"

#include <array>
#include <type_traits>

#include <boost/asio/write.hpp>

namespace rvoip::transaction::detail {

/// `Stream` is a tcp::socket or an ssl::stream<tcp::socket>; `Handshake` does what the
/// transport needs after the TCP connection: nothing, or a TLS handshake.
template<class Stream, class Handshake>
class byte_stream_connection final : public connection
{
public:
    template<class... StreamArgs>
    byte_stream_connection(transport_kind kind, Handshake handshake, connection_events const& events,
                           layer_counters& stats, connection_settings const& settings,
                           StreamArgs&&... stream_args)
        : connection(lowest(stream_args...).get_executor(), kind, events, stats, settings),
          stream_(std::forward<StreamArgs>(stream_args)...),
          handshake_(std::move(handshake))
    {
        boost::system::error_code ignored;
        if (socket().is_open())
            remote_ = socket().remote_endpoint(ignored);
    }

private:
    template<class First, class... Rest>
    static boost::asio::ip::tcp::socket& lowest(First& first, Rest&...)
    {
        return first;
    }

    boost::asio::ip::tcp::socket& socket()
    {
        if constexpr (std::is_same_v<Stream, boost::asio::ip::tcp::socket>)
            return stream_;
        else
            return stream_.next_layer();
    }

    void async_connect_and_handshake(boost::asio::ip::tcp::endpoint const& to,
                                     std::string const& server_name) override
    {
        socket().async_connect(to, [self = shared(), server_name](boost::system::error_code ec) {
            if (ec) {
                self->handshake_done(ec);
                return;
            }
            self->handshake_.client(self->stream_, server_name, [self](boost::system::error_code e) {
                self->handshake_done(e);
            });
        });
    }

    void async_accept_handshake() override
    {
        handshake_.server(stream_, [self = shared()](boost::system::error_code e) { self->handshake_done(e); });
    }

    void async_read_more() override
    {
        stream_.async_read_some(boost::asio::buffer(buffer_),
                                [self = shared()](boost::system::error_code ec, std::size_t n) {
                                    self->bytes_read(ec, std::string_view(self->buffer_.data(), n));
                                });
    }

    void async_write_front(std::string const& bytes) override
    {
        boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                                 [self = shared()](boost::system::error_code ec, std::size_t) {
                                     self->write_done(ec);
                                 });
    }

    void close_stream() override
    {
        boost::system::error_code ignored;
        socket().close(ignored);
    }

    std::shared_ptr<byte_stream_connection> shared()
    {
        return std::static_pointer_cast<byte_stream_connection>(shared_from_this());
    }

    Stream stream_;
    Handshake handshake_;
    std::array<char, 16384> buffer_{};
};

} // namespace rvoip::transaction::detail
