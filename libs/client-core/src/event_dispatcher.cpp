// Subscriptions to client events: the copy-on-write subscriber list.
#include <rvoip/client/event_dispatcher.hpp>

#include <algorithm>

namespace rvoip::client {

event_subscription event_dispatcher::subscribe(event_filter filter, callback cb)
{
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        auto next = std::make_shared<list>(*subscribers_);
        next->push_back({id, std::move(filter), std::make_shared<callback>(std::move(cb)),
                         std::make_shared<std::atomic<bool>>(true)});
        subscribers_ = std::move(next);
    }
    std::weak_ptr<event_dispatcher> weak = shared_from_this();
    return event_subscription([weak, id] {
        if (auto hub = weak.lock())
            hub->remove(id);
    });
}

void event_dispatcher::remove(std::uint64_t id)
{
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<list>();
    next->reserve(subscribers_->size());
    for (auto const& s : *subscribers_) {
        if (s.id == id)
            s.live->store(false, std::memory_order_release);
        else
            next->push_back(s);
    }
    subscribers_ = std::move(next);
}

void event_dispatcher::publish(client_event const& e) const
{
    published_.fetch_add(1, std::memory_order_relaxed);
    std::shared_ptr<list const> snapshot;
    {
        std::lock_guard lock(mutex_);
        snapshot = subscribers_;
    }
    for (auto const& s : *snapshot)
        // `live`: one unsubscribed by an earlier callback of this delivery gets no more.
        if (s.live->load(std::memory_order_acquire) && s.filter.matches(e))
            (*s.cb)(e);
}

} // namespace rvoip::client
