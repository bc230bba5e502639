// TLS connections (RFC 3261 §26.2, RFC 5922): SSL contexts from tls_options, the client's SNI
// and certificate name check, and the TLS handshake over a connected socket.
#include "byte_stream_connection.hpp"

#include <rvoip/transaction/error.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl.hpp>

namespace rvoip::transaction::detail {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

struct tls_contexts
{
    std::unique_ptr<ssl::context> server; // null without a certificate
    ssl::context client{ssl::context::tls_client};
};

namespace {

using tls_stream = ssl::stream<asio::ip::tcp::socket>;

/// Both sides speak TLS 1.2 or later only.
constexpr auto tls_1_2_or_later = ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                                  ssl::context::no_tlsv1_1;

/// The client side: SNI (a name, never an address: RFC 6066 §3), the name check, the handshake.
struct tls_handshake
{
    bool verify = true;

    template<class Handler>
    void client(tls_stream& stream, std::string const& server_name, Handler&& done)
    {
        boost::system::error_code ec;
        auto const name = server_name.empty()
                              ? stream.next_layer().remote_endpoint(ec).address().to_string()
                              : server_name;
        if (!prepare_tls_client(stream, name, verify)) {
            done(make_error_code(errc::transport_failed));
            return;
        }
        stream.async_handshake(ssl::stream_base::client, std::forward<Handler>(done));
    }

    template<class Handler>
    void server(tls_stream& stream, Handler&& done)
    {
        stream.async_handshake(ssl::stream_base::server, std::forward<Handler>(done));
    }
};

void load_server(tls_contexts& c, tls_options const& o, boost::system::error_code& ec)
{
    c.server = std::make_unique<ssl::context>(ssl::context::tls_server);
    auto& s = *c.server;
    s.set_options(tls_1_2_or_later, ec);
    if (!ec)
        s.use_certificate_chain_file(o.certificate_chain_file, ec);
    if (!ec)
        s.use_private_key_file(o.private_key_file, ssl::context::pem, ec);
    if (!ec && o.require_client_certificate) {
        if (o.ca_file.empty()) {
            ec = errc::not_configured;
            return;
        }
        s.load_verify_file(o.ca_file, ec);
        if (!ec)
            s.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    }
}

} // namespace

bool prepare_tls_client(tls_stream& stream, std::string const& server_name, bool verify)
{
    auto const name = server_name.substr(0, server_name.find('%')); // no IPv6 zone
    boost::system::error_code not_ip;
    asio::ip::make_address(name, not_ip);
    if (not_ip) // SSL_set_tlsext_host_name, without the macro's cast
        SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(name.c_str()));
    if (!verify) {
        stream.set_verify_mode(ssl::verify_none);
        return true;
    }
    // OpenSSL checks the name during its own chain verification: a DNS name against the
    // subjectAltName DNS entries (no partial wildcards), an address against the IP entries.
    // A name it will not take fails the connection rather than checking nothing.
    auto* param = SSL_get0_param(stream.native_handle());
    int ok = 0;
    if (not_ip) {
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        ok = X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
    } else {
        ok = X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
    }
    stream.set_verify_mode(ssl::verify_peer);
    return ok == 1 && !name.empty();
}

std::unique_ptr<tls_contexts, void (*)(tls_contexts*)> make_tls_contexts(tls_options const& options,
                                                                         boost::system::error_code& ec)
{
    std::unique_ptr<tls_contexts, void (*)(tls_contexts*)> c(new tls_contexts,
                                                             [](tls_contexts* p) { delete p; });
    ec = {};
    if (!options.certificate_chain_file.empty()) {
        load_server(*c, options, ec);
        if (ec)
            return c;
    }
    c->client.set_options(tls_1_2_or_later, ec);
    if (!ec && !options.ca_file.empty())
        c->client.load_verify_file(options.ca_file, ec);
    else if (!ec)
        c->client.set_default_verify_paths(ec); // the system's CAs
    if (!ec && !options.certificate_chain_file.empty()) { // offered when a server asks
        c->client.use_certificate_chain_file(options.certificate_chain_file, ec);
        if (!ec)
            c->client.use_private_key_file(options.private_key_file, ssl::context::pem, ec);
    }
    return c;
}

ssl::context* server_context(tls_contexts* c) noexcept
{
    return c ? c->server.get() : nullptr;
}

ssl::context* client_context(tls_contexts* c) noexcept
{
    return c ? &c->client : nullptr;
}

std::shared_ptr<connection> make_tls_connection(asio::ip::tcp::socket socket, ssl::context& tls,
                                                connection_events const& events,
                                                layer_counters& stats,
                                                connection_settings const& settings)
{
    return std::make_shared<byte_stream_connection<tls_stream, tls_handshake>>(
        transport_kind::tls, tls_handshake{settings.verify_server}, events, stats, settings,
        std::move(socket), tls);
}

} // namespace rvoip::transaction::detail
