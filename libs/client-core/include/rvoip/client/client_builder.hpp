#pragma once
// Configures and builds a client (the crate's ClientBuilder). Every setting has a default that
// works on one machine; build() checks all of them and names the field that is wrong.
//
//     auto client = rvoip::client::client_builder()
//                       .local_address("127.0.0.1:5060")
//                       .user("alice").domain("example.com")
//                       .build();            // throws rvoip::client::error; try_build() returns it
//     client->start();

#include <rvoip/client/error.hpp>
#include <rvoip/client/events.hpp>
#include <rvoip/client/media_config.hpp>
#include <rvoip/client/types.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace rvoip::client {

class client;

/// SIP transports a client listens on and sends with.
enum class transport : std::uint8_t
{
    udp,
    tcp,
    tls, ///< needs tls_certificate() to accept connections; tls_ca() to check servers
    ws,
};

/// Everything a client is built from; client_builder fills it.
struct client_config
{
    /// "ip:port" SIP listens on (port 0: any free one).
    std::string local_address = "127.0.0.1:0";
    /// The address RTP is bound to and put in the SDP (empty: local_address's IP).
    std::string media_address;
    /// The address put in the SDP instead of media_address, when peers reach our media at
    /// another one (a static 1:1 NAT's public address, or a relay that keeps port numbers).
    std::string media_public_address;
    /// Symmetric RTP with latching (RFC 4961): send to where the peer's RTP comes from.
    bool symmetric_rtp = true;
    std::string user_agent = "rvoip-client/0.1";
    /// Our domain: the host of our address of record (empty: the local IP).
    std::string domain;
    std::string user = "rvoip";
    std::string display_name;
    std::vector<transport> transports{transport::udp};
    /// Registered at start() when set.
    std::optional<registration_config> registration;
    /// A loose-routing proxy for requests outside dialogs (RFC 3261 §8.1.2).
    std::string outbound_proxy;
    media_config media{};
    std::size_t max_concurrent_calls = 100;
    /// A call whose peer sends neither RTP nor RTCP for this long (while it should) is hung up
    /// and ends as failed, reason "no RTP or RTCP ...": the peer crashed or its network went
    /// (0: never; the session timer still ends such a call in the end).
    std::chrono::seconds media_timeout{30};
    /// RFC 4028 interval our INVITEs ask for (0: none).
    std::chrono::seconds session_timer{1800};
    /// An outgoing call not answered in this time is cancelled (0: never; the INVITE's own
    /// timeout, 64*T1, still ends a call nobody answers at all).
    std::chrono::seconds session_timeout{0};
    /// Per-call audio from the sound card (RtAudio), falling back to silence with a warning
    /// (client_error event) when there is none; off: silence unless a call is given ports.
    bool use_audio_devices = true;
    std::string input_device;  ///< empty: the system's default
    std::string output_device; ///< empty: the system's default
    /// Every call's pipeline rate (what audio ports give and take).
    int audio_rate = 16000;
    std::chrono::milliseconds quality_interval{5000};
    /// Incoming calls answered at once with the default audio.
    bool auto_answer = false;
    /// TLS: our certificate chain and key (PEM files), the CA file servers must chain to.
    std::string tls_certificate;
    std::string tls_private_key;
    std::string tls_ca;
    bool tls_verify_server = true;
    /// Where events are delivered (given a task, run it, in order). Null: on the client's thread.
    std::function<void(std::function<void()>)> event_executor;
    std::shared_ptr<client_event_handler> event_handler;
    /// Run on this io_context (the application runs it, one thread) instead of the client's own.
    boost::asio::io_context* io_context = nullptr;
    /// Ended calls kept for get_call_history().
    std::size_t call_history_size = 1000;

    /// Checks every field; the error names the field and says what to use instead.
    result<void> validate() const;
};

class client_builder
{
public:
    client_builder() = default;

    /// "ip:port" (or "ip", port 5060) SIP listens on.
    client_builder& local_address(std::string address)
    {
        config_.local_address = std::move(address);
        return *this;
    }
    client_builder& media_address(std::string ip)
    {
        config_.media_address = std::move(ip);
        return *this;
    }
    client_builder& media_public_address(std::string ip)
    {
        config_.media_public_address = std::move(ip);
        return *this;
    }
    client_builder& symmetric_rtp(bool on)
    {
        config_.symmetric_rtp = on;
        return *this;
    }
    client_builder& media_timeout(std::chrono::seconds s)
    {
        config_.media_timeout = s;
        return *this;
    }
    client_builder& user_agent(std::string ua)
    {
        config_.user_agent = std::move(ua);
        return *this;
    }
    client_builder& domain(std::string domain)
    {
        config_.domain = std::move(domain);
        return *this;
    }
    client_builder& user(std::string user)
    {
        config_.user = std::move(user);
        return *this;
    }
    client_builder& display_name(std::string name)
    {
        config_.display_name = std::move(name);
        return *this;
    }
    /// The transports to listen on (replaces the list; UDP by default).
    client_builder& transports(std::vector<transport> list)
    {
        config_.transports = std::move(list);
        return *this;
    }
    /// Registers with `registrar` as `from_uri` at start(), answering digest challenges with
    /// `username` / `password`, refreshing before `expires` runs out.
    client_builder& registrar(std::string server, std::string from_uri, std::string username, std::string password,
                              std::chrono::seconds expires = std::chrono::seconds{3600})
    {
        config_.registration = registration_config{std::move(server), std::move(from_uri), {}, std::move(username),
                                                   std::move(password), {}, expires};
        return *this;
    }
    client_builder& outbound_proxy(std::string uri)
    {
        config_.outbound_proxy = std::move(uri);
        return *this;
    }
    /// The codecs in preference order (the media config's preferred_codecs).
    client_builder& codecs(std::vector<std::string> names)
    {
        config_.media.preferred_codecs = std::move(names);
        return *this;
    }
    client_builder& with_media(rvoip::client::media_config media)
    {
        config_.media = std::move(media);
        return *this;
    }
    client_builder& media_config(rvoip::client::media_config media) { return with_media(std::move(media)); }
    client_builder& media_preset(rvoip::client::media_preset preset) { return with_media(rvoip::client::media_config::preset(preset)); }
    client_builder& echo_cancellation(bool on)
    {
        config_.media.echo_cancellation = on;
        return *this;
    }
    client_builder& require_srtp(bool on)
    {
        config_.media.srtp = on ? srtp_mode::mandatory : srtp_mode::off;
        return *this;
    }
    client_builder& srtp(srtp_mode mode)
    {
        config_.media.srtp = mode;
        return *this;
    }
    client_builder& rtp_ports(std::uint16_t start, std::uint16_t end)
    {
        config_.media.rtp_port_start = start;
        config_.media.rtp_port_end = end;
        return *this;
    }
    client_builder& max_concurrent_calls(std::size_t n)
    {
        config_.max_concurrent_calls = n;
        return *this;
    }
    client_builder& session_timer(std::chrono::seconds interval)
    {
        config_.session_timer = interval;
        return *this;
    }
    client_builder& session_timeout(std::chrono::seconds timeout)
    {
        config_.session_timeout = timeout;
        return *this;
    }
    /// Sound-card audio for calls (on by default); device names, empty for the defaults.
    client_builder& audio_devices(bool use, std::string input = {}, std::string output = {})
    {
        config_.use_audio_devices = use;
        config_.input_device = std::move(input);
        config_.output_device = std::move(output);
        return *this;
    }
    client_builder& audio_rate(int hz)
    {
        config_.audio_rate = hz;
        return *this;
    }
    client_builder& quality_interval(std::chrono::milliseconds interval)
    {
        config_.quality_interval = interval;
        return *this;
    }
    client_builder& auto_answer(bool on)
    {
        config_.auto_answer = on;
        return *this;
    }
    client_builder& tls_certificate(std::string chain_file, std::string key_file)
    {
        config_.tls_certificate = std::move(chain_file);
        config_.tls_private_key = std::move(key_file);
        return *this;
    }
    client_builder& tls_ca(std::string ca_file, bool verify_server = true)
    {
        config_.tls_ca = std::move(ca_file);
        config_.tls_verify_server = verify_server;
        return *this;
    }
    client_builder& event_executor(std::function<void(std::function<void()>)> executor)
    {
        config_.event_executor = std::move(executor);
        return *this;
    }
    client_builder& event_handler(std::shared_ptr<client_event_handler> handler)
    {
        config_.event_handler = std::move(handler);
        return *this;
    }
    /// Runs the client on `io` (run by the application on one thread) instead of its own thread.
    client_builder& io_context(boost::asio::io_context& io)
    {
        config_.io_context = &io;
        return *this;
    }
    client_builder& call_history_size(std::size_t n)
    {
        config_.call_history_size = n;
        return *this;
    }

    client_config const& config() const noexcept { return config_; }

    /// A client (not started), or errc::bad_configuration naming the field.
    result<std::unique_ptr<client>> try_build() const;
    /// As try_build(), throwing the error.
    std::unique_ptr<client> build() const;

private:
    client_config config_;
};

} // namespace rvoip::client
