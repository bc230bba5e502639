// The steady clock over Asio timers, and the manual clock of tests.
#include <rvoip/transaction/clock.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <optional>
#include <utility>

namespace rvoip::transaction {

namespace {

class steady_alarm final : public alarm
{
public:
    explicit steady_alarm(boost::asio::io_context& io) : timer_(io) {}

    void set(time_point at, std::function<void()> fire) override
    {
        timer_.expires_at(at); // cancels a pending wait (it completes with operation_aborted)
        timer_.async_wait([fire = std::move(fire)](boost::system::error_code ec) {
            if (!ec)
                fire();
        });
    }
    void cancel() noexcept override { timer_.cancel(); }

private:
    boost::asio::steady_timer timer_;
};

} // namespace

std::unique_ptr<alarm> steady_clock_source::make_alarm()
{
    return std::make_unique<steady_alarm>(io_);
}

// --- manual clock -------------------------------------------------------------------------------

struct manual_clock::impl
{
    explicit impl(boost::asio::io_context& i) : io(i) {}
    boost::asio::io_context& io;
    time_point now = time_point(std::chrono::hours(1)); // away from the epoch: "0" means unset
    std::uint64_t next_seq = 1;
    /// Pending wake-ups by (time, order of setting): equal times fire in the order they were set.
    std::map<std::pair<time_point, std::uint64_t>, std::function<void()>> due;

    void poll()
    {
        io.restart();
        io.poll();
    }
};

namespace {

class manual_alarm final : public alarm
{
public:
    using table = std::map<std::pair<alarm::time_point, std::uint64_t>, std::function<void()>>;
    manual_alarm(table& due, std::uint64_t& next_seq) : due_(due), next_seq_(next_seq) {}
    ~manual_alarm() override { cancel(); }

    void set(time_point at, std::function<void()> fire) override
    {
        cancel();
        key_ = {at, next_seq_++};
        due_.emplace(*key_, std::move(fire));
    }
    void cancel() noexcept override
    {
        if (key_)
            due_.erase(*key_);
        key_.reset();
    }

private:
    table& due_;
    std::uint64_t& next_seq_;
    std::optional<std::pair<time_point, std::uint64_t>> key_;
};

} // namespace

manual_clock::manual_clock(boost::asio::io_context& io) : impl_(std::make_unique<impl>(io)) {}
manual_clock::~manual_clock() = default;

manual_clock::time_point manual_clock::now() const noexcept
{
    return impl_->now;
}

std::unique_ptr<alarm> manual_clock::make_alarm()
{
    return std::make_unique<manual_alarm>(impl_->due, impl_->next_seq);
}

void manual_clock::advance(std::chrono::steady_clock::duration by)
{
    auto& d = *impl_;
    auto const target = d.now + by;
    d.poll();
    while (!d.due.empty() && d.due.begin()->first.first <= target) {
        auto node = d.due.extract(d.due.begin());
        if (node.key().first > d.now)
            d.now = node.key().first;
        // The alarm that owned this entry no longer finds it: forget its key by firing through
        // a copy (the alarm's own cancel() then erases nothing, or a newer setting).
        node.mapped()();
        d.poll();
    }
    d.now = target;
    d.poll();
}

void manual_clock::settle()
{
    advance(std::chrono::steady_clock::duration::zero());
}

std::size_t manual_clock::pending() const noexcept
{
    return impl_->due.size();
}

} // namespace rvoip::transaction
