// The client's lifecycle: its thread, start (the session layer and its transports, the
// configured registration) and stop (calls ended, bindings removed, transports closed).
#include <rvoip/client/client.hpp>

#include "client_impl.hpp"
#include "config_check.hpp"

#include <algorithm>
#include <chrono>

namespace rvoip::client {

client::impl::impl(client_config c) : config(std::move(c))
{
    if (config.io_context) {
        io = config.io_context;
    } else {
        own_io = std::make_unique<boost::asio::io_context>(1);
        io = own_io.get();
    }
}

bool client::impl::on_client_thread() const noexcept
{
    return io->get_executor().running_in_this_thread();
}

client::client(client_config config) : impl_(std::make_shared<impl>(std::move(config)))
{
    if (impl_->own_io) {
        impl_->work.emplace(impl_->io->get_executor());
        // The thread holds the client's insides until its io_context returns: a client
        // destroyed from one of its own callbacks is torn down after that callback.
        impl_->thread = std::thread([self = impl_] { self->io->run(); });
    }
}

client::~client()
{
    auto& m = *impl_;
    if (m.on_client_thread()) {
        // Destroyed from one of its own handlers, with the layer's frames still on the stack:
        // tear down once the handler returned; the thread then ends by itself.
        boost::asio::post(*m.io, [self = impl_] { self->teardown(); });
        m.work.reset();
        if (m.thread.joinable())
            m.thread.detach();
        return;
    }
    if (!m.io->stopped())
        m.query([&m] {
            m.teardown();
            return 0;
        });
    else
        m.teardown();
    m.work.reset();
    if (m.thread.joinable())
        m.thread.join();
}

session::layer_options client::impl::layer_options() const
{
    session::layer_options o;
    std::string ip;
    unsigned port = 0;
    (void)detail::split_host_port(config.local_address, ip, port);
    auto& d = o.dialog;
    d.contact_user = config.user;
    d.user_agent = config.user_agent;
    d.outbound_proxy = config.outbound_proxy;
    d.session_expires = config.session_timer;
    d.transaction.tls.certificate_chain_file = config.tls_certificate;
    d.transaction.tls.private_key_file = config.tls_private_key;
    d.transaction.tls.ca_file = config.tls_ca;
    d.transaction.tls.verify_server = config.tls_verify_server;
    if (config.registration && !config.registration->password.empty())
        d.credentials.push_back({config.registration->realm, config.registration->username,
                                 config.registration->password});
    auto const& mc = config.media;
    auto& m = o.media;
    m.codecs = mc.preferred_codecs;
    m.telephone_event = mc.dtmf_enabled;
    m.ptime_ms = mc.preferred_ptime;
    m.max_bandwidth_kbps = mc.max_bandwidth_kbps.value_or(0);
    m.rtcp_mux = mc.rtcp_mux;
    m.srtp = mc.srtp == srtp_mode::off        ? session::srtp_policy::off
             : mc.srtp == srtp_mode::optional ? session::srtp_policy::optional
                                              : session::srtp_policy::mandatory;
    if (!mc.srtp_profiles.empty()) {
        m.srtp_suites.clear();
        for (auto p : mc.srtp_profiles)
            m.srtp_suites.push_back(p == srtp_profile::aes_cm_128_hmac_sha1_80   ? rtp::crypto_suite::aes_cm_128_hmac_sha1_80
                                    : p == srtp_profile::aes_cm_128_hmac_sha1_32 ? rtp::crypto_suite::aes_cm_128_hmac_sha1_32
                                                                                 : rtp::crypto_suite::aead_aes_128_gcm);
    }
    for (auto const& [name, value] : mc.custom_sdp_attributes)
        m.custom_attributes.push_back({name, value});
    m.processing.echo_cancellation = mc.echo_cancellation;
    m.processing.noise_suppression = mc.noise_suppression;
    m.processing.automatic_gain_control = mc.auto_gain_control;
    m.processing.voice_activity_detection = mc.voice_activity_detection;
    o.media_address = config.media_address.empty() ? (ip == "0.0.0.0" || ip == "::" ? "127.0.0.1" : ip)
                                                    : config.media_address;
    o.media_advertised_address = config.media_public_address;
    o.symmetric_rtp = config.symmetric_rtp;
    o.media_timeout = config.media_timeout;
    o.rtp_port_min = mc.rtp_port_start;
    o.rtp_port_max = mc.rtp_port_end;
    o.audio_rate = config.audio_rate;
    o.quality_interval = config.quality_interval;
    o.max_calls = config.max_concurrent_calls;
    o.from = local_uri;
    if (!config.display_name.empty())
        o.from = "\"" + config.display_name + "\" <" + local_uri + ">";
    o.pass_requests = true;
    o.first_call_id = last_issued + 1; // ids of an earlier start() are never reused
    return o;
}

result<void> client::impl::start_on_thread()
{
    if (layer)
        return error(errc::already_started, "the client is already started");
    if (auto v = config.validate(); !v)
        return v.error();
    std::string ip;
    unsigned port = 0;
    (void)detail::split_host_port(config.local_address, ip, port);
    auto const host = config.domain.empty() ? (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) : config.domain;
    local_uri = "sip:" + config.user + "@" + host;
    layer = std::make_unique<session::layer>(*io, [this](session::event const& e) { on_session_event(e); },
                                             layer_options());
    auto port16 = static_cast<std::uint16_t>(port);
    local_address.clear();
    for (auto t : config.transports) {
        auto const kind = t == transport::udp   ? transaction::transport_kind::udp
                          : t == transport::tcp ? transaction::transport_kind::tcp
                          : t == transport::tls ? transaction::transport_kind::tls
                                                : transaction::transport_kind::ws;
        // UDP and TCP share the port (the first one bound picks it when it is 0); TLS and
        // WebSocket each take a free one.
        bool const shared = t == transport::udp || t == transport::tcp;
        auto bound = layer->listen(kind, ip, shared ? port16 : std::uint16_t{0});
        if (!bound) {
            layer.reset();
            return error(errc::transport_failure,
                         "cannot listen on " + config.local_address + ": " + bound.error().message() +
                             " (is another program using the port? choose another in local_address)",
                         bound.error());
        }
        if (shared)
            port16 = *bound;
        if (local_address.empty())
            local_address = (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(*bound);
    }
    running = true;
    stats = {};
    stats.is_running = true;
    stats.local_address = local_address;
    emit({network_event{true, "listening on " + local_address}, event_priority::normal});
    if (config.registration) {
        auto reg = start_registration(*config.registration, {});
        if (!reg)
            error_event(std::nullopt, reg.error());
    }
    return {};
}

void client::impl::stop_on_thread(std::function<void()> done)
{
    if (!layer) {
        done();
        return;
    }
    for (auto const id : layer->calls())
        (void)layer->hangup(id);
    for (auto& [id, r] : registrations)
        if (r.info.state == registration_state::registered || r.info.state == registration_state::registering) {
            r.info.state = registration_state::unregistering;
            (void)layer->dialogs().stop_registration(id);
        }
    for (auto const& [id, p] : presence)
        (void)layer->dialogs().unsubscribe(id);
    if (publication)
        (void)layer->dialogs().stop_publication(*publication);
    // Give the BYEs and the removals a moment to be answered (at most 2 s), then close.
    auto timer = std::make_shared<boost::asio::steady_timer>(*io);
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds{2};
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [self = shared_from_this(), timer, deadline, poll, done = std::move(done)]() mutable {
        bool const waiting = std::any_of(self->registrations.begin(), self->registrations.end(), [](auto const& r) {
            return r.second.info.state == registration_state::unregistering;
        });
        if (!waiting || !self->layer || std::chrono::steady_clock::now() >= deadline) {
            bool const was_running = self->layer != nullptr;
            self->teardown();
            if (was_running)
                self->emit({network_event{false, "stopped: transports closed"}, event_priority::normal});
            auto finished = std::move(done);
            // Break the cycle through the lambda once it has returned.
            boost::asio::post(*self->io, [poll] { *poll = nullptr; });
            finished();
            return;
        }
        timer->expires_after(std::chrono::milliseconds{20});
        timer->async_wait([poll](boost::system::error_code) {
            if (*poll)
                (*poll)();
        });
    };
    (*poll)();
}

void client::impl::teardown()
{
    // Everything is let go first, then the waiting operations are told: their callbacks may
    // call the client again (and find it stopped).
    std::vector<std::function<void(result<void>)>> waiting;
    for (auto& [id, r] : registrations)
        for (auto& w : r.waiting)
            waiting.push_back(std::move(w.done));
    for (auto& [id, p] : presence)
        for (auto& w : p.waiting)
            waiting.push_back(std::move(w));
    for (auto& w : publish_waiting)
        waiting.push_back(std::move(w));
    for (auto& [id, w] : message_waiting)
        waiting.push_back(std::move(w));
    for (auto& [id, r] : calls)
        if (r.no_answer)
            r.no_answer->cancel();
    calls.clear();
    {
        std::lock_guard lock(taps_mutex);
        taps.clear();
    }
    presence.clear();
    publication.reset();
    registrations.clear();
    publish_waiting.clear();
    message_waiting.clear();
    layer.reset();
    running = false;
    stats.is_running = false;
    for (auto& w : waiting)
        w(error(errc::stopped, "the client stopped before the answer came"));
}

operation<void> client::start()
{
    return impl_->post_op<void>([](impl& m, auto const& state) { state->complete(m.start_on_thread()); });
}

operation<void> client::stop()
{
    return impl_->post_op<void>([](impl& m, auto const& state) {
        m.stop_on_thread([state] { state->complete(result<void>{}); });
    });
}

bool client::is_running() const noexcept
{
    return impl_->running.load();
}

std::string client::local_address() const
{
    return impl_->query([m = impl_.get()] { return m->local_address; });
}

std::string client::local_uri() const
{
    return impl_->query([m = impl_.get()] { return m->local_uri; });
}

} // namespace rvoip::client
