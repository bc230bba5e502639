// The transport-independent part of a connection: handshake state, framing, the write queue,
// the idle timer and RFC 5626 §4.4.1 keep-alives.
#include "connection.hpp"

#include <rvoip/transaction/error.hpp>

namespace rvoip::transaction::detail {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

connection::connection(asio::any_io_executor const& ex, transport_kind kind,
                       connection_events const& events, layer_counters& stats,
                       connection_settings const& settings)
    : stats_(stats), settings_(settings), kind_(kind), events_(&events), idle_(ex), keepalive_(ex),
      framer_([&] {
          auto o = sip::stream_framer::stream_options();
          o.check = settings.check;
          return o;
      }())
{
}

void connection::start_accepted()
{
    arm_handshake();
    async_accept_handshake();
}

void connection::start_connect(asio::ip::tcp::endpoint const& to, std::string const& server_name)
{
    outbound_ = true;
    remote_ = to;
    arm_handshake();
    async_connect_and_handshake(to, server_name);
}

void connection::handshake_done(boost::system::error_code ec)
{
    if (closed_)
        return;
    if (ec) {
        ++stats_.connections_failed;
        close(ec);
        return;
    }
    ready();
}

void connection::ready()
{
    ready_ = true;
    last_read_ = clock_type::now();
    arm_idle();
    if (outbound_ && settings_.keepalive_interval.count() > 0 &&
        (kind_ == transport_kind::tcp || kind_ == transport_kind::tls)) {
        next_ping_ = last_read_ + settings_.keepalive_interval;
        arm_keepalive();
    }
    async_read_more();
    if (!out_.empty() && !writing_) {
        writing_ = true;
        async_write_front(out_.front());
    }
}

void connection::send(std::string bytes)
{
    if (closed_)
        return;
    auto& total = settings_.queued_total ? *settings_.queued_total : queued_bytes_;
    if (queued_bytes_ + bytes.size() > settings_.max_queued_bytes ||
        (settings_.queued_total && total + bytes.size() > settings_.max_queued_total)) {
        ++stats_.connections_overflowed;
        close(make_error_code(errc::transport_failed));
        return;
    }
    queued_bytes_ += bytes.size();
    if (settings_.queued_total)
        *settings_.queued_total += bytes.size();
    out_.push_back(std::move(bytes));
    if (ready_ && !writing_) {
        writing_ = true;
        async_write_front(out_.front());
    }
}

void connection::write_done(boost::system::error_code ec)
{
    if (closed_)
        return;
    unqueue(out_.front().size());
    out_.pop_front();
    if (ec) {
        close(ec);
        return;
    }
    if (out_.empty())
        writing_ = false;
    else
        async_write_front(out_.front());
}

void connection::close(boost::system::error_code why)
{
    if (closed_)
        return;
    closed_ = true;
    unqueue(queued_bytes_); // what was never written no longer counts (a write in flight
                            // may still use its buffer: the strings stay until destruction)
    idle_.cancel();
    keepalive_.cancel();
    close_stream();
    if (events_ && events_->closed)
        events_->closed(*this, why);
}

void connection::unqueue(std::size_t n) noexcept
{
    queued_bytes_ -= n;
    if (settings_.queued_total)
        *settings_.queued_total -= n;
}

void connection::detach()
{
    events_ = nullptr;
    close();
}

void connection::bytes_read(boost::system::error_code ec, std::string_view data)
{
    if (closed_)
        return;
    if (ec) {
        close(ec == asio::error::eof ? boost::system::error_code{} : ec);
        return;
    }
    last_read_ = clock_type::now();
    framer_.feed(data);
    drain_framer();
    if (!closed_)
        async_read_more();
}

void connection::drain_framer()
{
    for (;;) {
        auto item = framer_.next();
        if (!item) {
            if (framer_.failed()) {
                // A framing error leaves the stream unusable (§18.3): close it.
                ++stats_.malformed_dropped;
                close(make_error_code(errc::transport_failed));
                return;
            }
            if (item.error().code == sip::errc::need_more)
                return;
            // Framed but invalid: answered (or dropped) by the layer; the stream goes on.
            if (events_ && events_->malformed)
                events_->malformed(shared_from_this(), framer_.rejected(), item.error());
            if (closed_)
                return;
            continue;
        }
        if (auto const* k = std::get_if<sip::keepalive>(&*item)) {
            // RFC 5626 §4.4.1. Two pongs in two reads look like one ping split across them,
            // so while our ping is unanswered any CRLF is its pong.
            if (k->ping && !awaiting_pong_)
                send("\r\n");
            else
                awaiting_pong_ = false;
            if (closed_)
                return;
            continue;
        }
        deliver(std::move(std::get<sip::message>(*item)));
        if (closed_)
            return;
    }
}

void connection::message_read(boost::system::error_code ec, std::string_view data)
{
    if (closed_)
        return;
    if (ec) {
        close(ec);
        return;
    }
    last_read_ = clock_type::now();
    // RFC 7118 §5: each WebSocket message carries one whole SIP message.
    sip::parse_options po;
    po.check = settings_.check;
    auto m = sip::parse_message(data, po);
    if (m)
        deliver(std::move(*m));
    else if (events_ && events_->malformed)
        events_->malformed(shared_from_this(), data, m.error());
    if (!closed_)
        async_read_more();
}

void connection::deliver(sip::message m)
{
    ++stats_.datagrams_received;
    if (events_ && events_->message)
        events_->message(shared_from_this(), std::move(m));
}

/// A peer that stalls the connection or its handshakes fails it (accepted ones would
/// otherwise hold memory, ours would take every request to that target down with them).
void connection::arm_handshake()
{
    idle_.expires_after(settings_.handshake_timeout);
    idle_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->closed_ || self->ready_)
            return;
        ++self->stats_.connections_failed;
        self->close(make_error_code(errc::timed_out));
    });
}

void connection::arm_idle()
{
    idle_.expires_after(settings_.idle_timeout);
    idle_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->closed_)
            return;
        if (clock_type::now() - self->last_read_ >= self->settings_.idle_timeout) {
            ++self->stats_.idle_closed;
            self->close();
            return;
        }
        self->arm_idle();
    });
}

/// RFC 5626 §4.4.1: a CRLF CRLF ping every interval; no pong within the timeout fails the
/// connection (its transactions hear of it at once through the layer).
void connection::arm_keepalive()
{
    keepalive_.expires_at(awaiting_pong_ ? pong_due_ : next_ping_);
    keepalive_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->closed_)
            return;
        auto const now = clock_type::now();
        if (self->awaiting_pong_ && now >= self->pong_due_) {
            ++self->stats_.keepalive_failures;
            self->close(make_error_code(errc::transport_failed));
            return;
        }
        if (!self->awaiting_pong_ && now >= self->next_ping_) {
            ++self->stats_.keepalives_sent;
            self->awaiting_pong_ = true;
            self->pong_due_ = now + self->settings_.keepalive_timeout;
            self->next_ping_ = now + self->settings_.keepalive_interval;
            self->send("\r\n\r\n");
        }
        self->arm_keepalive();
    });
}

std::shared_ptr<connection> make_connection(transport_kind kind, asio::ip::tcp::socket socket,
                                            asio::ssl::context* tls, connection_events const& events,
                                            layer_counters& stats, connection_settings const& settings)
{
    switch (kind) {
    case transport_kind::tcp: return make_tcp_connection(std::move(socket), events, stats, settings);
    case transport_kind::tls: return make_tls_connection(std::move(socket), *tls, events, stats, settings);
    case transport_kind::ws: return make_ws_connection(std::move(socket), nullptr, events, stats, settings);
    case transport_kind::wss: return make_ws_connection(std::move(socket), tls, events, stats, settings);
    case transport_kind::udp: break;
    }
    return nullptr;
}

} // namespace rvoip::transaction::detail
