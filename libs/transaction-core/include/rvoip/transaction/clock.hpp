#pragma once
// The time source of a stack: what "now" is and how a layer is woken at a later moment. The
// transaction layer and the layers above it take one clock (STYLE.md §6): the steady clock of
// the io_context in production, a manual_clock in tests, which moves only when the test says
// so, so that RFC timers (64*T1, registration refresh, session timers) run in microseconds and
// the same way on every run.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace rvoip::transaction {

/// One pending wake-up. set() replaces any earlier one; destroying the alarm cancels it.
/// `fire` runs as a handler of the stack's io_context (never inside set()).
class alarm
{
public:
    using time_point = std::chrono::steady_clock::time_point;
    virtual ~alarm() = default;
    /// Calls `fire` once, at or after `at` (at once when `at` has passed).
    virtual void set(time_point at, std::function<void()> fire) = 0;
    /// The pending wake-up, if any, will not fire.
    virtual void cancel() noexcept = 0;
};

class clock
{
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;
    virtual ~clock() = default;
    virtual time_point now() const noexcept = 0;
    /// A new alarm on this clock. It must not outlive the clock.
    virtual std::unique_ptr<alarm> make_alarm() = 0;
};

/// std::chrono::steady_clock, with alarms as Asio timers of `io`.
class steady_clock_source final : public clock
{
public:
    explicit steady_clock_source(boost::asio::io_context& io) noexcept : io_(io) {}
    time_point now() const noexcept override { return std::chrono::steady_clock::now(); }
    std::unique_ptr<alarm> make_alarm() override;

private:
    boost::asio::io_context& io_;
};

/// A clock for tests: time starts at an arbitrary fixed point and moves only by advance(),
/// which fires every alarm that falls due, in time order, each at its own moment, running
/// `io`'s ready handlers after each one (so messages an alarm sends are delivered, over the
/// memory network, before the next alarm fires). Single-threaded: use it on the thread that
/// runs `io`.
class manual_clock final : public clock
{
public:
    explicit manual_clock(boost::asio::io_context& io);
    ~manual_clock() override;
    manual_clock(manual_clock const&) = delete;
    manual_clock& operator=(manual_clock const&) = delete;

    time_point now() const noexcept override;
    std::unique_ptr<alarm> make_alarm() override;

    /// Moves time forward by `by`, firing what falls due on the way (see the class comment).
    void advance(std::chrono::steady_clock::duration by);
    /// Runs `io`'s ready handlers without moving time.
    void settle();
    /// The number of alarms waiting.
    std::size_t pending() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::transaction
