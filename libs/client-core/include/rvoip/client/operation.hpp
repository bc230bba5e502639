#pragma once
// An operation of the client in progress: the one implementation behind each method's three
// forms. It is already running when the method returns; take its outcome as a completion
// callback (then), a std::future (future), a C++20 co_await (in any coroutine; Asio's
// awaitable through <rvoip/client/awaitable.hpp>), or by blocking (get).

#include <rvoip/client/error.hpp>

#include <condition_variable>
#include <coroutine>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace rvoip::client {

namespace detail {

/// The shared state of an operation: its result once known, or the callback waiting for it.
template<class T> class operation_state
{
public:
    /// `on_client_thread` says whether the calling thread runs the client (waiting there on an
    /// operation that is not complete would stop the thread that must complete it).
    explicit operation_state(std::function<bool()> on_client_thread) : on_client_thread_(std::move(on_client_thread)) {}

    /// Completes the operation (once); runs the waiting callback, if any, on this thread.
    void complete(result<T> r)
    {
        std::function<void(result<T>)> callback;
        {
            std::lock_guard lock(mutex_);
            if (result_)
                return;
            result_.emplace(std::move(r));
            callback = std::exchange(callback_, {});
        }
        ready_.notify_all();
        if (callback)
            callback(*result_);
    }

    void then(std::function<void(result<T>)> callback)
    {
        {
            std::lock_guard lock(mutex_);
            if (!result_) {
                callback_ = std::move(callback);
                return;
            }
        }
        callback(*result_);
    }

    bool ready() const
    {
        std::lock_guard lock(mutex_);
        return result_.has_value();
    }

    result<T> wait()
    {
        std::unique_lock lock(mutex_);
        if (!result_ && on_client_thread_ && on_client_thread_())
            return error(errc::would_block, "an operation that waits for the network was waited for on the "
                                            "client's own thread (an event handler): use then() or co_await");
        ready_.wait(lock, [&] { return result_.has_value(); });
        return *result_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::optional<result<T>> result_;
    std::function<void(result<T>)> callback_;
    std::function<bool()> on_client_thread_;
};

} // namespace detail

/// An operation's outcome, to be taken one way (then, future, co_await or get). Copies share
/// the one operation.
template<class T> class operation
{
public:
    using value_type = T;

    explicit operation(std::shared_ptr<detail::operation_state<T>> state) : state_(std::move(state)) {}

    /// Calls `callback` with the result: at once when it is known, else on the client's
    /// thread when it becomes known. One callback per operation.
    void then(std::function<void(result<T>)> callback) const { state_->then(std::move(callback)); }
    /// The result as a std::future.
    std::future<result<T>> future() const
    {
        auto promise = std::make_shared<std::promise<result<T>>>();
        auto f = promise->get_future();
        then([promise](result<T> r) { promise->set_value(std::move(r)); });
        return f;
    }
    /// Blocks until the result is known. On the client's own thread an operation that is not
    /// complete yet gives errc::would_block instead of a deadlock.
    result<T> get() const { return state_->wait(); }
    /// As get(), throwing the error.
    T value() const
    {
        if constexpr (std::is_void_v<T>)
            get().value();
        else
            return get().value();
    }
    bool ready() const { return state_->ready(); }

    /// co_await in a C++20 coroutine: resumes it with the result (on the client's thread when
    /// the operation was not complete yet).
    auto operator co_await() const
    {
        struct awaiter
        {
            std::shared_ptr<detail::operation_state<T>> state;
            std::optional<result<T>> out;
            bool await_ready() const { return state->ready(); }
            void await_suspend(std::coroutine_handle<> h)
            {
                state->then([this, h](result<T> r) {
                    out.emplace(std::move(r));
                    h.resume();
                });
            }
            result<T> await_resume()
            {
                if (out)
                    return std::move(*out);
                return state->wait();
            }
        };
        return awaiter{state_, {}};
    }

private:
    std::shared_ptr<detail::operation_state<T>> state_;
};

} // namespace rvoip::client
