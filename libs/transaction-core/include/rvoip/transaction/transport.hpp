#pragma once
// The transports of RFC 3261 §18 (UDP, TCP, TLS), RFC 7118 (WebSocket) and where a request
// goes over them: a target, and the TLS settings a layer uses to listen and to connect.

#include <cstdint>
#include <string>
#include <string_view>

namespace rvoip::transaction {

/// The transports a layer can listen on and send over.
enum class transport_kind : std::uint8_t
{
    udp,
    tcp,
    tls, ///< TLS over TCP (RFC 3261 §26.2)
    ws,  ///< WebSocket (RFC 7118), subprotocol "sip"
    wss, ///< WebSocket over TLS (RFC 7118)
};

/// The transport as a Via writes it: "UDP", "TCP", "TLS", "WS", "WSS".
std::string_view via_name(transport_kind t) noexcept;

/// True for the transports that run over a connection (all but UDP).
constexpr bool is_connection_oriented(transport_kind t) noexcept
{
    return t != transport_kind::udp;
}

/// True for TLS and WSS.
constexpr bool is_secure(transport_kind t) noexcept
{
    return t == transport_kind::tls || t == transport_kind::wss;
}

/// One place to send a request: from locate() (RFC 3263), or built by the caller.
struct target
{
    transport_kind transport = transport_kind::udp;
    std::string address; ///< an IP address
    std::uint16_t port = 0;
    /// TLS and WSS: the name sent as SNI and that the server's certificate must carry
    /// (RFC 5922 §7.2: the domain of the URI being resolved, not the SRV target). Empty: the
    /// certificate must carry `address` as an IP address.
    std::string server_name;
    bool operator==(target const&) const = default;
};

/// Certificates for TLS and WSS. Listening on TLS or WSS needs a certificate and its key;
/// connecting needs a CA file unless verification is turned off.
struct tls_options
{
    std::string certificate_chain_file; ///< PEM: our certificate, then its intermediates
    std::string private_key_file;       ///< PEM: the key of that certificate
    std::string ca_file;                ///< PEM: the CAs a peer's certificate must chain to
    /// As a client: check the server's chain against `ca_file` and its name against the
    /// target's server_name (or address). Turning it off accepts any server (tests only).
    bool verify_server = true;
    /// As a server: ask for a client certificate and refuse connections without a valid one.
    bool require_client_certificate = false;
};

} // namespace rvoip::transaction
