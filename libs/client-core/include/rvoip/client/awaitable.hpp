#pragma once
// Client operations in Asio coroutines (and with any Asio completion token):
//
//     auto id = co_await async_wait(client.make_call(to), boost::asio::use_awaitable);
//     if (!id) ... id.error(): a rvoip::client::error
//
// The completion runs on the token's associated executor (the coroutine's), not on the
// client's thread. Plain C++20 coroutines can co_await an operation directly.

#include <rvoip/client/operation.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <optional>

namespace rvoip::client {

/// Completes `token` with the operation's result<T>.
template<class T, class CompletionToken> auto async_wait(operation<T> op, CompletionToken&& token)
{
    return boost::asio::async_initiate<CompletionToken, void(result<T>)>(
        [op](auto handler) {
            using handler_type = decltype(handler);
            auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
            // then() takes a copyable std::function; the handler is move-only.
            auto held = std::make_shared<std::optional<handler_type>>(std::move(handler));
            op.then([held, work = std::move(work)](result<T> r) mutable {
                auto ex = work.get_executor();
                boost::asio::post(ex, [held, r = std::move(r)]() mutable { (**held)(std::move(r)); });
            });
        },
        token);
}

} // namespace rvoip::client
