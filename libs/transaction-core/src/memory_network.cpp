// The in-memory datagram network: a queue drained by one posted handler at a time.
#include <rvoip/transaction/memory_network.hpp>

#include <rvoip/transaction/error.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <deque>
#include <map>
#include <utility>

namespace rvoip::transaction {

namespace {

using key = std::pair<std::string, std::uint16_t>;

struct datagram
{
    memory_address from;
    memory_address to;
    std::string bytes;
};

} // namespace

struct memory_network::impl
{
    explicit impl(boost::asio::io_context& io_) : io(io_) {}

    boost::asio::io_context& io;
    std::map<key, receiver> receivers;
    std::deque<datagram> queue;
    filter drop_filter;
    bool draining = false;
    std::uint64_t delivered = 0;
    std::uint64_t dropped = 0;
    std::uint16_t next_port = 40000;
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);

    /// Delivers what is queued now; what the receivers send meanwhile waits for the next
    /// handler, so that a request and its response never nest inside one another.
    void drain()
    {
        draining = false;
        auto batch = std::move(queue);
        queue.clear();
        for (auto& d : batch) {
            auto it = receivers.find({d.to.ip, d.to.port});
            if (it == receivers.end() || (drop_filter && !drop_filter(d.from, d.to, d.bytes))) {
                ++dropped;
                continue;
            }
            ++delivered;
            auto const receive = it->second; // a receiver may detach itself
            receive(d.from, d.bytes);
        }
    }
};

memory_network::memory_network(boost::asio::io_context& io) : impl_(std::make_unique<impl>(io)) {}

memory_network::~memory_network()
{
    *impl_->alive = false;
}

boost::system::error_code memory_network::attach(memory_address& at, receiver receive)
{
    auto& d = *impl_;
    if (at.port == 0) {
        while (d.receivers.count({at.ip, d.next_port}))
            ++d.next_port;
        at.port = d.next_port++;
    }
    auto [it, fresh] = d.receivers.try_emplace({at.ip, at.port}, std::move(receive));
    if (!fresh)
        return errc::address_in_use;
    return {};
}

void memory_network::detach(memory_address const& at)
{
    impl_->receivers.erase({at.ip, at.port});
}

void memory_network::send(memory_address const& from, memory_address const& to, std::string bytes)
{
    auto& d = *impl_;
    d.queue.push_back({from, to, std::move(bytes)});
    if (d.draining)
        return;
    d.draining = true;
    boost::asio::post(d.io, [&d, alive = d.alive] {
        if (*alive)
            d.drain();
    });
}

void memory_network::set_filter(filter f)
{
    impl_->drop_filter = std::move(f);
}

std::uint64_t memory_network::delivered() const noexcept
{
    return impl_->delivered;
}

std::uint64_t memory_network::dropped() const noexcept
{
    return impl_->dropped;
}

} // namespace rvoip::transaction
