// WebSocket connections (RFC 7118) with Boost.Beast, over TCP (ws) or TLS (wss): the HTTP
// upgrade with subprotocol "sip" on both sides, and one SIP message per WebSocket message.
#include "connection.hpp"

#include <rvoip/transaction/error.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <optional>
#include <type_traits>

namespace rvoip::transaction::detail {

namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::size_t max_ws_message = 256 * 1024;

/// Does a Sec-WebSocket-Protocol value (a comma-separated token list) offer "sip"?
bool offers_sip(std::string_view list)
{
    while (!list.empty()) {
        auto const comma = list.find(',');
        auto item = list.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (item.size() == 3 && (item[0] | 0x20) == 's' && (item[1] | 0x20) == 'i' &&
            (item[2] | 0x20) == 'p')
            return true;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

/// The Host header of the upgrade (RFC 6455 §4.1): the name, or the address in brackets when
/// IPv6, with the port.
std::string host_header(std::string const& host, tcp::endpoint const& to)
{
    auto const bracket = host.find(':') != std::string::npos;
    return (bracket ? "[" + host + "]" : host) + ":" + std::to_string(to.port());
}

/// `Next` is tcp::socket (ws) or ssl::stream<tcp::socket> (wss).
template<class Next>
class ws_connection final : public connection
{
    static constexpr bool secure = !std::is_same_v<Next, tcp::socket>;

public:
    template<class... Args>
    ws_connection(connection_events const& events, layer_counters& stats,
                  connection_settings const& settings, tcp::socket socket, Args&... tls)
        : connection(socket.get_executor(), secure ? transport_kind::wss : transport_kind::ws, events,
                     stats, settings),
          ws_(std::move(socket), tls...)
    {
        boost::system::error_code ignored;
        if (beast::get_lowest_layer(ws_).is_open())
            remote_ = beast::get_lowest_layer(ws_).remote_endpoint(ignored);
        ws_.read_message_max(max_ws_message);
        ws_.text(true);
    }

private:
    std::shared_ptr<ws_connection> shared()
    {
        return std::static_pointer_cast<ws_connection>(shared_from_this());
    }

    void async_connect_and_handshake(tcp::endpoint const& to, std::string const& server_name) override
    {
        beast::get_lowest_layer(ws_).async_connect(
            to, [self = shared(), to, server_name](boost::system::error_code ec) {
                if (ec)
                    return self->handshake_done(ec);
                auto const host = server_name.empty() ? to.address().to_string() : server_name;
                if constexpr (secure) {
                    auto& tls = self->ws_.next_layer();
                    if (!prepare_tls_client(tls, host, self->settings_.verify_server))
                        return self->handshake_done(make_error_code(errc::transport_failed));
                    tls.async_handshake(ssl::stream_base::client,
                                        [self, host, to](boost::system::error_code e) {
                                            if (e)
                                                return self->handshake_done(e);
                                            self->upgrade(host_header(host, to));
                                        });
                } else {
                    self->upgrade(host_header(host, to));
                }
            });
    }

    /// RFC 7118 §4.1: the client offers the "sip" subprotocol and the server must select it.
    void upgrade(std::string const& host)
    {
        ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(http::field::sec_websocket_protocol, "sip");
        }));
        ws_.async_handshake(upgrade_response_, host, "/", [self = shared()](boost::system::error_code ec) {
            if (!ec && !offers_sip(self->upgrade_response_[http::field::sec_websocket_protocol]))
                ec = make_error_code(websocket::error::upgrade_declined);
            self->handshake_done(ec);
        });
    }

    void async_accept_handshake() override
    {
        if constexpr (secure) {
            ws_.next_layer().async_handshake(ssl::stream_base::server,
                                             [self = shared()](boost::system::error_code ec) {
                                                 if (ec)
                                                     return self->handshake_done(ec);
                                                 self->read_upgrade();
                                             });
        } else {
            read_upgrade();
        }
    }

    void read_upgrade()
    {
        // A handshake has no body and a small header: a peer cannot make us hold more.
        upgrade_parser_.emplace();
        upgrade_parser_->header_limit(16 * 1024);
        upgrade_parser_->body_limit(0);
        http::async_read(ws_.next_layer(), read_buffer_, *upgrade_parser_,
                         [self = shared()](boost::system::error_code ec, std::size_t) {
                             if (ec)
                                 return self->handshake_done(ec);
                             self->upgrade_request_ = self->upgrade_parser_->release();
                             self->upgrade_parser_.reset();
                             self->accept_upgrade();
                         });
    }

    /// RFC 7118 §4.1: a SIP WebSocket server accepts only a handshake that offers "sip", and
    /// says so in its answer; anything else gets a 400 that names the problem.
    void accept_upgrade()
    {
        if (!websocket::is_upgrade(upgrade_request_) ||
            !offers_sip(upgrade_request_[http::field::sec_websocket_protocol])) {
            refusal_.version(upgrade_request_.version());
            refusal_.result(http::status::bad_request);
            refusal_.set(http::field::content_type, "text/plain");
            refusal_.body() = "a SIP WebSocket upgrade needs Sec-WebSocket-Protocol: sip (RFC 7118)\n";
            refusal_.keep_alive(false);
            refusal_.prepare_payload();
            http::async_write(ws_.next_layer(), refusal_, [self = shared()](boost::system::error_code, std::size_t) {
                self->handshake_done(make_error_code(errc::transport_failed)); // refused
            });
            return;
        }
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
            res.set(http::field::sec_websocket_protocol, "sip");
        }));
        ws_.async_accept(upgrade_request_, [self = shared()](boost::system::error_code ec) {
            self->read_buffer_.consume(self->read_buffer_.size());
            self->handshake_done(ec);
        });
    }

    void async_read_more() override
    {
        read_buffer_.consume(read_buffer_.size());
        ws_.async_read(read_buffer_, [self = shared()](boost::system::error_code ec, std::size_t) {
            auto const data = self->read_buffer_.cdata();
            self->message_read(ec, std::string_view(static_cast<char const*>(data.data()), data.size()));
        });
    }

    void async_write_front(std::string const& bytes) override
    {
        ws_.async_write(asio::buffer(bytes), [self = shared()](boost::system::error_code ec, std::size_t) {
            self->write_done(ec);
        });
    }

    void close_stream() override
    {
        boost::system::error_code ignored;
        beast::get_lowest_layer(ws_).close(ignored);
    }

    websocket::stream<Next> ws_;
    beast::flat_buffer read_buffer_;
    std::optional<http::request_parser<http::empty_body>> upgrade_parser_;
    http::request<http::empty_body> upgrade_request_;
    websocket::response_type upgrade_response_;
    http::response<http::string_body> refusal_;
};

} // namespace

std::shared_ptr<connection> make_ws_connection(tcp::socket socket, ssl::context* tls,
                                               connection_events const& events,
                                               layer_counters& stats,
                                               connection_settings const& settings)
{
    if (tls)
        return std::make_shared<ws_connection<ssl::stream<tcp::socket>>>(events, stats, settings,
                                                                         std::move(socket), *tls);
    return std::make_shared<ws_connection<tcp::socket>>(events, stats, settings, std::move(socket));
}

} // namespace rvoip::transaction::detail
