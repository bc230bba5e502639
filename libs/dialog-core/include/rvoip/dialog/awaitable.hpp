#pragma once
// The awaitable face of the dialog layer, for applications and layers written as C++20
// coroutines: the request/response pairs (a request in a dialog, a request outside one, a
// REFER) with their final response co_awaited. Works with any Asio completion token
// (use_awaitable, use_future, a plain callback). Calls, registrations and subscriptions are
// not one pair each (forks, refreshes, NOTIFYs): they stay events of the layer's sink.
//
//     auto answer = co_await async_request(layer, dialog, "INFO", parts, boost::asio::use_awaitable);
//     if (!answer) ... answer.error(): no final response (errc::timed_out...), or a 401/407
//                      that could not be answered (errc::auth_*)
//     else if (answer->status_code() >= 300) ... refused: the response says how
//
// Start them on the layer's io_context thread. With GCC 12, name the arguments before the
// co_await (no braced temporaries inside the expression): that compiler destroys such
// temporaries twice in coroutines.

#include <rvoip/dialog/layer.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>

namespace rvoip::dialog {

/// The completion signature: the final response (owned), or why there is none.
using response_signature = void(boost::system::result<sip::message>);

namespace detail {

/// Starts a request with `start` (given the layer's request_handler) and completes `token`
/// with its final response.
template<class CompletionToken>
auto async_final(layer& l, std::function<boost::system::error_code(request_handler)> start, CompletionToken&& token)
{
    auto shared_start = std::make_shared<std::function<boost::system::error_code(request_handler)>>(std::move(start));
    return boost::asio::async_initiate<CompletionToken, response_signature>(
        [&l, shared_start](auto handler) {
            using handler_type = decltype(handler);
            auto const ex = boost::asio::get_associated_executor(handler, l.transactions().context().get_executor());
            // request_handler is a std::function (copyable), the completion handler move-only:
            // it is held once and taken when the result is known.
            auto held = std::make_shared<std::optional<handler_type>>(std::move(handler));
            auto complete = [held, ex](boost::system::result<sip::message> outcome) {
                if (!*held)
                    return;
                auto h = std::move(**held);
                held->reset();
                boost::asio::dispatch(ex, [h = std::move(h), outcome = std::move(outcome)]() mutable {
                    std::move(h)(std::move(outcome));
                });
            };
            auto const ec = (*shared_start)([complete](boost::system::error_code error, sip::message const* response) {
                if (!response || error) {
                    complete(error ? error : make_error_code(errc::timed_out));
                    return;
                }
                // The response lives for the call: the result owns a parse of a copy.
                auto copy = sip::message::parse(response->bytes());
                if (copy)
                    complete(std::move(*copy));
                else
                    complete(copy.error().code);
            });
            if (ec)
                boost::asio::post(ex, [complete, ec] { complete(ec); });
        },
        token);
}

} // namespace detail

/// layer::request() awaited: `method` in `dialog`, completing with its final response.
template<class CompletionToken>
auto async_request(layer& l, dialog_id dialog, std::string method, message_parts parts, CompletionToken&& token)
{
    auto args = std::make_shared<std::tuple<dialog_id, std::string, message_parts>>(std::move(dialog), std::move(method),
                                                                                    std::move(parts));
    return detail::async_final(
        l,
        [&l, args](request_handler done) {
            return l.request(std::get<0>(*args), std::get<1>(*args), std::get<2>(*args), std::move(done));
        },
        std::forward<CompletionToken>(token));
}

/// layer::send() awaited: a request outside any dialog (MESSAGE, OPTIONS...).
template<class CompletionToken>
auto async_send(layer& l, std::string method, request_options request, CompletionToken&& token)
{
    auto args = std::make_shared<std::pair<std::string, request_options>>(std::move(method), std::move(request));
    return detail::async_final(
        l, [&l, args](request_handler done) { return l.send(args->first, args->second, std::move(done)); },
        std::forward<CompletionToken>(token));
}

/// layer::refer() awaited: completes with the REFER's final response (202: accepted); the
/// NOTIFYs still come as refer_progress events.
template<class CompletionToken>
auto async_refer(layer& l, dialog_id dialog, refer_options options, CompletionToken&& token)
{
    auto args = std::make_shared<std::pair<dialog_id, refer_options>>(std::move(dialog), std::move(options));
    return detail::async_final(
        l, [&l, args](request_handler done) { return l.refer(args->first, args->second, std::move(done)); },
        std::forward<CompletionToken>(token));
}

} // namespace rvoip::dialog
