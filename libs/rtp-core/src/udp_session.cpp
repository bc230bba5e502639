#include <rvoip/rtp/udp_session.hpp>

#include "udp_session_impl.hpp"

#include <rvoip/rtp/demux.hpp>
#include <rvoip/rtp/packet.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/srtp_session.hpp>

#include <chrono>
#include <vector>

namespace rvoip::rtp {

namespace {

udp_endpoint to_endpoint(udp::endpoint const& e)
{
    return {e.address().to_string(), e.port()};
}

/// The SRTP contexts of the keys that are set: outbound for what we send, inbound for what we
/// receive.
boost::system::error_code make_srtp(std::optional<srtp_key> const& send_key,
                                    std::optional<srtp_key> const& receive_key,
                                    std::optional<srtp_session>& tx, std::optional<srtp_session>& rx)
{
    for (auto [key, direction, slot] : {std::tuple{&send_key, srtp_direction::outbound, &tx},
                                        std::tuple{&receive_key, srtp_direction::inbound, &rx}}) {
        if (!*key)
            continue;
        auto made = srtp_session::create(direction, **key);
        if (!made)
            return made.error();
        slot->emplace(std::move(*made));
    }
    return {};
}

} // namespace

void udp_session::impl::receive(bool rtcp_socket_side)
{
    auto& socket = rtcp_socket_side ? rtcp_socket : rtp_socket;
    auto& buffer = rtcp_socket_side ? rtcp_buffer : rtp_buffer;
    auto& from = rtcp_socket_side ? rtcp_from : rtp_from;
    if (!socket.is_open()) // the RTCP socket after a switch to rtcp-mux
        return;
    socket.async_receive_from(
        asio::buffer(buffer), from,
        [self = shared_from_this(), rtcp_socket_side](boost::system::error_code ec, std::size_t n) {
            if (self->closed || ec == asio::error::operation_aborted)
                return;
            if (!ec) {
                auto& buf = rtcp_socket_side ? self->rtcp_buffer : self->rtp_buffer;
                auto const& src = rtcp_socket_side ? self->rtcp_from : self->rtp_from;
                self->on_datagram(src, std::span<std::uint8_t>(buf.data(), n), rtcp_socket_side);
            }
            if (!self->closed)
                self->receive(rtcp_socket_side);
        });
}

void udp_session::impl::on_datagram(udp::endpoint const& from, std::span<std::uint8_t> data,
                                    bool rtcp_socket_side)
{
    auto const kind = classify(data);
    if (kind == packet_kind::other || (rtcp_socket_side && kind != packet_kind::rtcp)) {
        ++stats.malformed;
        return;
    }
    if (kind == packet_kind::rtcp)
        on_rtcp(from, data, rtcp_socket_side);
    else
        on_rtp(from, data);
}

std::optional<std::size_t> udp_session::impl::unprotect(std::span<std::uint8_t> data, bool rtcp)
{
    if (!rx)
        return data.size();
    auto n = rtcp ? rx->unprotect_rtcp(data) : rx->unprotect_rtp(data);
    if (!n) {
        // forged, replayed or damaged: counted by kind and dropped
        ++(n.error() == errc::srtp_auth_failed ? stats.srtp_auth_failures
           : n.error() == errc::srtp_replay    ? stats.srtp_replays
                                               : stats.malformed);
        return std::nullopt;
    }
    return *n;
}

void udp_session::impl::on_rtp(udp::endpoint const& from, std::span<std::uint8_t> data)
{
    if (latched_rtp && from != *remote_rtp) {
        ++stats.wrong_source;
        return;
    }
    auto const size = unprotect(data, false);
    if (!size)
        return;
    auto p = parse_packet(data.first(*size));
    if (!p) {
        ++stats.malformed;
        return;
    }
    if (p->ssrc() == ssrc) {
        // RFC 3550 §8.2: someone else uses our SSRC; we move to a new one
        if (auto fresh = random_u32(random)) {
            ssrc = *fresh;
            ++stats.ssrc_collisions;
        }
    }
    if (options.latch && !latched_rtp) {
        // latch only on a packet that parsed (and authenticated): a stranger cannot steer us
        latched_rtp = true;
        remote_rtp = from;
        if (options.rtcp_mux) {
            latched_rtcp = true;
            remote_rtcp = from;
        }
        emit(remote_latched{to_endpoint(from)});
    }
    if (!have_remote_ssrc || p->ssrc() != remote_ssrc) {
        if (have_remote_ssrc)
            ++stats.ssrc_changes;
        have_remote_ssrc = true;
        remote_ssrc = p->ssrc();
        reception = receive_statistics(options.clock_rate);
    }
    ++stats.packets_received;
    stats.bytes_received += p->payload().size();
    reception.on_packet(p->sequence_number(), p->timestamp(), p->payload().size(),
                        std::chrono::steady_clock::now());
    emit(rtp_packet_received{p->ssrc(), p->sequence_number(), p->timestamp(), p->marker(),
                             p->payload_type(), p->payload()});
}

void udp_session::impl::on_rtcp(udp::endpoint const& from, std::span<std::uint8_t> data,
                                bool rtcp_socket_side)
{
    if (latched_rtcp && remote_rtcp && from != *remote_rtcp) {
        ++stats.wrong_source;
        return;
    }
    auto const size = unprotect(data, true);
    if (!size)
        return;
    auto c = parse_compound(data.first(*size));
    if (!c) {
        ++stats.malformed;
        return;
    }
    if (options.latch && rtcp_socket_side && !latched_rtcp) {
        latched_rtcp = true;
        remote_rtcp = from;
    }
    ++stats.rtcp_received;
    on_reports(*c);
    emit(rtcp_packet_received{c->bytes()});
}

result<std::unique_ptr<udp_session>> udp_session::open(asio::io_context& io,
                                                       udp_session_options options,
                                                       random_source& random,
                                                       session_event_sink sink)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(options.local.address, ec);
    if (ec)
        return ec;
    auto p = std::make_shared<impl>(io, std::move(options), random, std::move(sink));
    udp::endpoint const local(address, p->options.local.port);
    p->rtp_socket.open(local.protocol(), ec);
    if (!ec)
        p->rtp_socket.bind(local, ec);
    if (ec)
        return ec;
    if (!p->options.rtcp_mux) {
        auto const rtp_port = p->rtp_socket.local_endpoint(ec).port();
        udp::endpoint const rtcp_local(address, static_cast<std::uint16_t>(rtp_port + 1));
        if (!ec)
            p->rtcp_socket.open(rtcp_local.protocol(), ec);
        if (!ec)
            p->rtcp_socket.bind(rtcp_local, ec);
        if (ec)
            return ec;
    }
    if (auto srtp_ec = make_srtp(p->options.send_key, p->options.receive_key, p->tx, p->rx))
        return srtp_ec;
    auto const ssrc = random_u32(random);
    auto const seq = random_u32(random);
    auto const ts = random_u32(random);
    if (!ssrc || !seq || !ts)
        return errc::random_failed;
    p->ssrc = *ssrc;
    p->sequence = static_cast<std::uint16_t>(*seq);
    p->timestamp_base = *ts;
    ec = p->init_rtcp();
    if (ec)
        return ec;
    return std::unique_ptr<udp_session>(new udp_session(std::move(p)));
}

udp_session::udp_session(std::shared_ptr<impl> p) noexcept : impl_(std::move(p)) {}

udp_session::~udp_session()
{
    close();
}

void udp_session::close() noexcept
{
    if (impl_->closed)
        return;
    if (impl_->options.rtcp.enabled && impl_->remote_rtcp)
        impl_->send_report(true);
    impl_->closed = true;
    impl_->rtcp_timer.cancel();
    boost::system::error_code ec;
    impl_->rtp_socket.close(ec);
    impl_->rtcp_socket.close(ec);
}

void udp_session::set_remote(udp_endpoint remote, std::uint16_t rtcp_port)
{
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(remote.address, ec);
    if (ec)
        return;
    impl_->remote_rtp = udp::endpoint(address, remote.port);
    auto const port = rtcp_port                 ? rtcp_port
                      : impl_->options.rtcp_mux ? remote.port
                                                : static_cast<std::uint16_t>(remote.port + 1);
    impl_->remote_rtcp = udp::endpoint(address, port);
    impl_->latched_rtp = impl_->latched_rtcp = false;
}

void udp_session::set_payload_format(std::uint8_t payload_type, std::uint32_t clock_rate) noexcept
{
    impl_->options.payload_type = payload_type;
    if (clock_rate == 0)
        return;
    impl_->options.clock_rate = clock_rate;
    impl_->reception.set_clock_rate(clock_rate);
}

boost::system::error_code udp_session::reconfigure(bool rtcp_mux, std::optional<srtp_key> send_key,
                                                  std::optional<srtp_key> receive_key)
{
    auto& s = *impl_;
    if (s.closed)
        return errc::bad_argument;
    // Everything that can fail comes first, so that an error leaves the session as it was.
    std::optional<srtp_session> tx, rx;
    if (auto srtp_ec = make_srtp(send_key, receive_key, tx, rx))
        return srtp_ec;
    boost::system::error_code ec;
    if (s.options.rtcp_mux && !rtcp_mux) {
        auto const rtp_local = s.rtp_socket.local_endpoint(ec);
        if (ec)
            return ec;
        udp::endpoint const rtcp_local(rtp_local.address(), static_cast<std::uint16_t>(rtp_local.port() + 1));
        udp::socket socket(s.rtcp_socket.get_executor());
        socket.open(rtcp_local.protocol(), ec);
        if (!ec)
            socket.bind(rtcp_local, ec);
        if (ec)
            return ec;
        s.rtcp_socket = std::move(socket);
        if (s.started)
            s.receive(true);
    } else if (!s.options.rtcp_mux && rtcp_mux) {
        s.rtcp_socket.close(ec); // its pending receive ends with operation_aborted
    }
    s.options.rtcp_mux = rtcp_mux;
    s.options.send_key = std::move(send_key);
    s.options.receive_key = std::move(receive_key);
    s.tx = std::move(tx);
    s.rx = std::move(rx);
    return {};
}

void udp_session::start()
{
    impl_->started = true;
    impl_->receive(false);
    if (!impl_->options.rtcp_mux)
        impl_->receive(true);
    if (impl_->options.rtcp.enabled)
        impl_->schedule_rtcp();
}

boost::system::error_code udp_session::send(std::span<std::uint8_t const> payload,
                                            std::uint32_t timestamp, bool marker) noexcept
{
    return send(impl_->options.payload_type, payload, timestamp, marker);
}

boost::system::error_code udp_session::send(std::uint8_t payload_type,
                                            std::span<std::uint8_t const> payload,
                                            std::uint32_t timestamp, bool marker) noexcept
{
    auto& s = *impl_;
    if (!s.remote_rtp || s.closed)
        return errc::bad_argument;
    packet_fields f;
    f.marker = marker;
    f.payload_type = payload_type;
    f.sequence_number = s.sequence;
    f.timestamp = s.timestamp_base + timestamp;
    f.ssrc = s.ssrc;
    f.payload = payload;
    auto n = build_packet(f, std::span<std::uint8_t>(s.send_buffer.data(), s.options.max_packet));
    if (!n)
        return n.error();
    if (s.tx) {
        n = s.tx->protect_rtp(s.send_buffer, *n);
        if (!n)
            return n.error();
    }
    boost::system::error_code ec;
    s.rtp_socket.send_to(asio::buffer(s.send_buffer.data(), *n), *s.remote_rtp, 0, ec);
    if (ec) {
        ++s.stats.send_errors;
        return ec;
    }
    ++s.sequence;
    s.last_rtp_timestamp = f.timestamp;
    s.last_send_time = std::chrono::steady_clock::now();
    ++s.stats.packets_sent;
    s.stats.bytes_sent += payload.size();
    return {};
}

boost::system::error_code
udp_session::impl::send_compound(std::span<std::uint8_t const> compound) noexcept
{
    auto& s = *this;
    if (!s.remote_rtcp || s.closed)
        return errc::bad_argument;
    if (compound.size() > s.options.max_packet)
        return errc::buffer_too_small;
    std::copy(compound.begin(), compound.end(), s.send_buffer.begin());
    std::size_t n = compound.size();
    if (s.tx) {
        auto p = s.tx->protect_rtcp(s.send_buffer, n);
        if (!p)
            return p.error();
        n = *p;
    }
    auto& socket = s.options.rtcp_mux ? s.rtp_socket : s.rtcp_socket;
    boost::system::error_code ec;
    socket.send_to(asio::buffer(s.send_buffer.data(), n), *s.remote_rtcp, 0, ec);
    if (ec) {
        ++s.stats.send_errors;
        return ec;
    }
    ++s.stats.rtcp_sent;
    // RFC 3550 §6.3.3: the average counts what went on the wire, with UDP and IP headers
    s.avg_rtcp_size = average_rtcp_size(s.avg_rtcp_size, n + udp_ip_overhead);
    return {};
}

boost::system::error_code udp_session::send_rtcp(std::span<std::uint8_t const> compound) noexcept
{
    return impl_->send_compound(compound);
}

std::uint32_t udp_session::ssrc() const noexcept
{
    return impl_->ssrc;
}

udp_endpoint udp_session::local_endpoint() const
{
    boost::system::error_code ec;
    auto const e = impl_->rtp_socket.local_endpoint(ec);
    return ec ? udp_endpoint{} : to_endpoint(e);
}

std::optional<udp_endpoint> udp_session::remote_endpoint() const
{
    if (!impl_->remote_rtp)
        return std::nullopt;
    return to_endpoint(*impl_->remote_rtp);
}

udp_session_stats const& udp_session::stats() const noexcept
{
    return impl_->stats;
}

receive_statistics const& udp_session::reception() const noexcept
{
    return impl_->reception;
}

std::optional<std::chrono::microseconds> udp_session::round_trip_time() const noexcept
{
    return impl_->rtt;
}

std::string_view udp_session::cname() const noexcept
{
    return impl_->cname;
}

void udp_session::set_voip_metrics(voip_metrics const& metrics)
{
    impl_->xr_metrics = metrics;
}

} // namespace rvoip::rtp
