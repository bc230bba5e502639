#pragma once
// The client's subscribers: a copy-on-write list, so that publishing (on the delivery thread)
// takes no lock while callbacks run, and subscribing or unsubscribing from any thread (a
// callback included) never waits for a delivery.

#include <rvoip/client/events.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace rvoip::client::detail {

class event_hub : public std::enable_shared_from_this<event_hub>
{
public:
    using callback = std::function<void(client_event const&)>;

    /// Adds a subscriber; the token removes it.
    event_subscription subscribe(event_filter filter, callback cb);
    /// Delivers `e` to every matching subscriber, in subscription order.
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

} // namespace rvoip::client::detail
