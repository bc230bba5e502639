// client_config validation and client_builder::build.
#include <rvoip/client/client_builder.hpp>

#include "config_check.hpp"

#include <rvoip/client/client.hpp>

#include <algorithm>
#include <cctype>

namespace rvoip::client {

namespace {

bool is_user_part(std::string_view user)
{
    // RFC 3261 §25.1 user: unreserved / escaped / user-unreserved.
    return !user.empty() && std::all_of(user.begin(), user.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view{"-_.!~*'()&=+$,;?/%"}.find(c) !=
                                                                   std::string_view::npos;
    });
}

bool is_host(std::string_view host)
{
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
    });
}

} // namespace

result<void> client_config::validate() const
{
    using detail::bad_field;
    std::string ip;
    unsigned port = 0;
    if (!detail::split_host_port(local_address, ip, port))
        return bad_field("local_address", "'" + local_address +
                                              "' is not ip[:port] with a numeric address; e.g. 127.0.0.1:5060 "
                                              "or 0.0.0.0:5060");
    if (!media_address.empty() && !detail::is_ip(media_address))
        return bad_field("media_address", "'" + media_address + "' is not a numeric IP address; e.g. 192.0.2.10");
    if (!media_public_address.empty() && !detail::is_ip(media_public_address))
        return bad_field("media_public_address", "'" + media_public_address + "' is not a numeric IP address");
    if (!is_user_part(user))
        return bad_field("user", "'" + user + "' is not a SIP user part; use letters, digits and - _ .");
    if (!domain.empty() && !is_host(domain))
        return bad_field("domain", "'" + domain + "' is not a host name or address");
    if (transports.empty())
        return bad_field("transports", "empty; give at least transport::udp");
    if (std::find(transports.begin(), transports.end(), transport::tls) != transports.end() &&
        (tls_certificate.empty() || tls_private_key.empty()))
        return bad_field("transports",
                         "tls needs tls_certificate(chain_file, key_file) to accept connections");
    if (registration) {
        if (!detail::is_sip_uri(registration->server))
            return bad_field("registrar", "'" + registration->server + "' is not a SIP URI; e.g. sip:example.com");
        if (!detail::is_sip_uri(registration->from_uri))
            return bad_field("registrar", "the address of record '" + registration->from_uri +
                                              "' is not a SIP URI; e.g. sip:alice@example.com");
        if (registration->expires.count() < 1)
            return bad_field("registrar", "expires must be at least 1 s (3600 is usual)");
    }
    if (!outbound_proxy.empty() && !detail::is_sip_uri(outbound_proxy))
        return bad_field("outbound_proxy", "'" + outbound_proxy + "' is not a SIP URI; e.g. sip:proxy.example.com");
    if (max_concurrent_calls < 1)
        return bad_field("max_concurrent_calls", "0; allow at least one call");
    if (session_timer.count() != 0 && session_timer.count() < 90)
        return bad_field("session_timer", std::to_string(session_timer.count()) +
                                              " s; RFC 4028 needs at least 90 s (or 0 for none)");
    if (session_timeout.count() < 0)
        return bad_field("session_timeout", "negative; give 0 (none) or a number of seconds");
    if (audio_rate != 8000 && audio_rate != 16000 && audio_rate != 32000 && audio_rate != 48000)
        return bad_field("audio_rate", std::to_string(audio_rate) + " Hz; use 8000, 16000, 32000 or 48000");
    if (quality_interval.count() < 100)
        return bad_field("quality_interval", "under 100 ms; measure every 1000 ms or more (5000 is usual)");
    if (tls_certificate.empty() != tls_private_key.empty())
        return bad_field("tls_certificate", "give both the certificate chain file and its key file");
    return media.validate();
}

result<std::unique_ptr<client>> client_builder::try_build() const
{
    if (auto v = config_.validate(); !v)
        return v.error();
    return std::make_unique<client>(config_);
}

std::unique_ptr<client> client_builder::build() const
{
    return try_build().value();
}

} // namespace rvoip::client
