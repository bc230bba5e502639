#pragma once
// The subscriber list a client delivers its events through (client::subscribe), usable on its
// own by applications that fan events out further. A copy-on-write list: publishing takes no
// lock while callbacks run, and subscribing or unsubscribing from any thread (a callback
// included) never waits for a delivery.

#include <rvoip/client/events.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace rvoip::client {

/// Create it with std::make_shared (subscriptions hold it weakly).
class event_dispatcher : public std::enable_shared_from_this<event_dispatcher>
{
public:
    using callback = std::function<void(client_event const&)>;

    /// Adds a subscriber; the token removes it.
    event_subscription subscribe(event_filter filter, callback cb);
    /// Delivers `e` to every matching subscriber, in subscription order, on this thread. One
    /// publishing thread at a time (or the order between threads is theirs).
    void publish(client_event const& e) const;
    std::uint64_t published() const noexcept { return published_.load(std::memory_order_relaxed); }

private:
    struct subscriber
    {
        std::uint64_t id;
        event_filter filter;
        std::shared_ptr<callback> cb;
        std::shared_ptr<std::atomic<bool>> live;
    };
    using list = std::vector<subscriber>;

    void remove(std::uint64_t id);

    mutable std::mutex mutex_;
    std::shared_ptr<list const> subscribers_ = std::make_shared<list const>();
    std::uint64_t next_id_ = 1;
    mutable std::atomic<std::uint64_t> published_{0};
};

} // namespace rvoip::client
