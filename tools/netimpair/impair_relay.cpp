// The impairing UDP relay.
#include "impair_relay.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <optional>
#include <vector>

namespace rvoip::netimpair {

namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

// splitmix64: the same seed gives the same impairments on every run.
class draw
{
public:
    explicit draw(std::uint64_t seed) : state_(seed) {}
    double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool percent(double pct) noexcept { return pct > 0 && unit() * 100.0 < pct; }

private:
    std::uint64_t next() noexcept
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

} // namespace

struct impair_relay::impl : std::enable_shared_from_this<impl>
{
    struct port
    {
        port(asio::io_context& io, std::uint64_t seed, std::size_t index) : socket(io)
        {
            for (std::size_t s = 0; s < random.size(); ++s)
                random[s] = draw{seed + (index * random.size() + s + 1) * 0x632BE59BD9B4E019ull};
        }
        udp::socket socket;
        // One stream of draws per direction and per kind (RTP, or RTCP multiplexed with it,
        // RFC 5761 §4), so that what happens to each RTP packet does not depend on how the
        // other traffic interleaves with it: the same seed gives the same loss pattern.
        std::array<draw, 4> random{draw{0}, draw{0}, draw{0}, draw{0}};
        udp::endpoint target;
        std::optional<udp::endpoint> client;
        udp::endpoint from;
        std::array<std::uint8_t, 2048> buffer{};
    };

    impl(asio::io_context& io, relay_options o) : io_(io), options_(std::move(o)) {}

    void start()
    {
        auto const listen = asio::ip::make_address(options_.listen_address);
        auto const target = asio::ip::make_address(options_.target_address);
        for (std::size_t i = 0; i < options_.ports; ++i) {
            auto p = std::make_unique<port>(io_, options_.seed, i);
            udp::endpoint const local{listen, static_cast<std::uint16_t>(options_.listen_port + i)};
            p->socket.open(local.protocol());
            p->socket.bind(local);
            p->target = udp::endpoint{target, static_cast<std::uint16_t>(options_.target_port + i)};
            ports_.push_back(std::move(p));
        }
        for (auto& p : ports_)
            receive(*p);
    }

    void receive(port& p)
    {
        p.socket.async_receive_from(asio::buffer(p.buffer), p.from,
                                    [self = shared_from_this(), &p](boost::system::error_code ec, std::size_t n) {
                                        if (ec == asio::error::operation_aborted || self->closed_)
                                            return;
                                        if (!ec)
                                            self->relay(p, n);
                                        self->receive(p);
                                    });
    }

    void relay(port& p, std::size_t n)
    {
        bool const forward = p.from != p.target;
        if (forward)
            p.client = p.from;
        else if (!p.client)
            return; // the target spoke first: nobody to send it to yet
        auto const to = forward ? p.target : *p.client;
        auto const& imp = forward ? options_.forward : options_.backward;
        auto& c = forward ? forward_ : backward_;
        ++c.received;
        std::span<std::uint8_t const> const datagram{p.buffer.data(), n};
        if (options_.tap)
            options_.tap(datagram, forward);
        bool const rtcp = n >= 2 && p.buffer[1] >= 192 && p.buffer[1] <= 223;
        auto& random = p.random[(forward ? 0u : 2u) + (rtcp ? 1u : 0u)];
        if (random.percent(imp.loss_pct)) {
            ++c.dropped;
            return;
        }
        int copies = 1;
        if (random.percent(imp.duplicate_pct)) {
            ++copies;
            ++c.duplicated;
        }
        for (int i = 0; i < copies; ++i) {
            auto delay = std::chrono::duration<double, std::milli>(imp.delay) +
                         std::chrono::duration<double, std::milli>(imp.jitter) * 2.0 * random.unit();
            if (random.percent(imp.reorder_pct)) {
                delay += std::chrono::milliseconds{40};
                ++c.held_back;
            }
            send_later(p, to, std::vector<std::uint8_t>(datagram.begin(), datagram.end()),
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay), c);
        }
    }

    void send_later(port& p, udp::endpoint to, std::vector<std::uint8_t> bytes, std::chrono::steady_clock::duration delay,
                    relay_counters& c)
    {
        if (delay <= std::chrono::steady_clock::duration::zero()) {
            boost::system::error_code ignored;
            p.socket.send_to(asio::buffer(bytes), to, 0, ignored);
            ++c.forwarded;
            return;
        }
        auto timer = std::make_shared<asio::steady_timer>(io_, delay);
        timer->async_wait([self = shared_from_this(), timer, &p, to, data = std::move(bytes), &c](boost::system::error_code ec) {
            if (ec || self->closed_)
                return;
            boost::system::error_code ignored;
            p.socket.send_to(asio::buffer(data), to, 0, ignored);
            ++c.forwarded;
        });
    }

    void close() noexcept
    {
        closed_ = true;
        for (auto& p : ports_) {
            boost::system::error_code ignored;
            p->socket.close(ignored);
        }
    }

    asio::io_context& io_;
    relay_options options_;
    std::vector<std::unique_ptr<port>> ports_;
    relay_counters forward_, backward_;
    bool closed_ = false;
};

impair_relay::impair_relay(asio::io_context& io, relay_options options)
    : impl_(std::make_shared<impl>(io, std::move(options)))
{
    impl_->start();
}

impair_relay::~impair_relay()
{
    impl_->close();
}

relay_counters const& impair_relay::forward() const noexcept
{
    return impl_->forward_;
}

relay_counters const& impair_relay::backward() const noexcept
{
    return impl_->backward_;
}

void impair_relay::close() noexcept
{
    impl_->close();
}

} // namespace rvoip::netimpair
