#include "loopback_bench.hpp"

#include "alloc_counter.hpp"

#include "media_path.hpp"

#include <rvoip/rtp/jitter_buffer.hpp>
#include <rvoip/rtp/random_source.hpp>
#include <rvoip/rtp/udp_session.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>

#include <array>
#include <memory>
#include <vector>

namespace rvoip::bench {
namespace {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;
constexpr auto period = std::chrono::milliseconds(20);

/// One stream: a sender, a receiver and the receiver's jitter buffer.
struct stream
{
    std::unique_ptr<rtp::udp_session> sender;
    std::unique_ptr<rtp::udp_session> receiver;
    rtp::jitter_buffer buffer;
    std::uint64_t received = 0;
};

/// Drives the 20 ms ticks: each sends one packet per stream and plays one frame out of each
/// jitter buffer.
class ticker
{
public:
    ticker(asio::io_context& io, std::vector<std::unique_ptr<stream>>& streams,
           clock_type::time_point stop, loopback_result& result)
        : timer_(io), streams_(streams), stop_(stop), result_(result), next_(clock_type::now())
    {
        tick();
    }

private:
    void tick()
    {
        auto const now = clock_type::now();
        if (now - next_ > period)
            result_.kept_up = false;
        if (now >= stop_)
            return;
        for (auto& s : streams_) {
            if (!s->sender->send(payload_, timestamp_, timestamp_ == 0))
                ++result_.sent;
            (void)s->buffer.get(now);
        }
        timestamp_ += 160;
        next_ += period;
        timer_.expires_at(next_);
        timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec)
                tick();
        });
    }

    asio::steady_timer timer_;
    std::vector<std::unique_ptr<stream>>& streams_;
    clock_type::time_point stop_;
    loopback_result& result_;
    clock_type::time_point next_;
    std::uint32_t timestamp_ = 0;
    std::array<std::uint8_t, pcmu_payload> payload_{};
};

} // namespace

std::uint64_t raise_file_limit() noexcept
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

loopback_result run_loopback(std::size_t count, std::chrono::duration<double> duration)
{
    loopback_result result;
    result.streams = count;
    asio::io_context io;
    rtp::system_random random;
    rtp::udp_session_options options;
    options.local = {"127.0.0.1", 0};
    options.rtcp.enabled = false; // the figure is about RTP; RTCP would add 1 packet in ~100
    std::vector<std::unique_ptr<stream>> streams;
    streams.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto s = std::make_unique<stream>();
        auto* raw = s.get();
        auto receiver =
            rtp::udp_session::open(io, options, random, [raw](rtp::session_event const& e) {
                if (auto const* p = std::get_if<rtp::rtp_packet_received>(&e)) {
                    ++raw->received;
                    (void)raw->buffer.put(p->ssrc, p->sequence_number, p->timestamp, p->marker,
                                          p->payload, clock_type::now());
                }
            });
        auto sender = rtp::udp_session::open(io, options, random, {});
        if (!receiver || !sender) {
            result.opened = false;
            return result;
        }
        s->receiver = std::move(*receiver);
        s->sender = std::move(*sender);
        s->sender->set_remote(s->receiver->local_endpoint());
        s->receiver->start();
        streams.push_back(std::move(s));
    }
    auto const stop =
        clock_type::now() + std::chrono::duration_cast<clock_type::duration>(duration);
    // Steady state only: the first tick's sends prime Asio's handler memory.
    io.run_for(std::chrono::milliseconds(0));
    auto const allocations_before = allocations();
    ticker t(io, streams, stop, result);
    io.run_until(stop + std::chrono::milliseconds(200));
    result.allocations = allocations() - allocations_before;
    for (auto const& s : streams)
        result.received += s->received;
    return result;
}

} // namespace rvoip::bench
