#pragma once
// The awaitable face of the layer for the dialog layer and applications written as C++20
// coroutines: send a request and co_await its final response; provisional responses reach a
// callback as they come, an INVITE's later 2xx (RFC 6026) the layer's event sink. Works with any Asio
// completion token (use_awaitable, use_future, a plain callback).
//
//     auto final = co_await async_request(layer, std::move(invite), to, on_provisional,
//                                         boost::asio::use_awaitable);
//     if (!final) ... final.error() is errc::timed_out (Timer B/F) or errc::transport_failed
//
// With GCC 12, name the arguments before the co_await (no braced temporaries inside the
// expression): that compiler destroys such temporaries twice in coroutines.
//
// Server transactions arrive as request_received events and are answered with
// layer::respond(), which completes at once.

#include <rvoip/transaction/layer.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace rvoip::transaction {

/// Called with each provisional response before the result. Lives for the call. After the
/// result, the transaction's further responses (an INVITE's 2xx retransmissions and other
/// forks' 2xx, RFC 6026) go to the layer's event sink as response_received.
using other_response_handler = std::function<void(sip::message const&)>;

/// The completion signature of async_request: the final response (owned), or the error.
using request_signature = void(boost::system::result<sip::message>);

/// Sends `request` to `to` as a client transaction (see layer::send_request) and completes
/// with its first final response. Must be started on the layer's io_context thread.
template<class CompletionToken>
auto async_request(layer& l, std::string request, target to, other_response_handler on_other,
                   CompletionToken&& token)
{
    // The arguments travel in one shared block rather than as initiation arguments: GCC 12
    // destroys such arguments twice when the call is a co_await operand of use_awaitable.
    struct arguments
    {
        std::string request;
        target to;
        other_response_handler on_other;
    };
    auto args = std::make_shared<arguments>(arguments{std::move(request), std::move(to), std::move(on_other)});
    return boost::asio::async_initiate<CompletionToken, request_signature>(
        [&l, args](auto handler) {
            using handler_type = decltype(handler);
            auto const ex = boost::asio::get_associated_executor(handler, l.context().get_executor());
            // The layer's handler is a std::function (copyable); the completion handler is
            // move-only, so it is held once and taken when the result is known.
            auto held = std::make_shared<std::optional<handler_type>>(std::move(handler));
            auto key = std::make_shared<std::optional<transaction_key>>();
            auto complete = [held, ex, key, &l](boost::system::result<sip::message> outcome) {
                if (!*held)
                    return;
                if (*key) // later responses (and on_other's captures) are not ours any more
                    l.release_handler(**key);
                auto h = std::move(**held);
                held->reset();
                boost::asio::dispatch(ex, [h = std::move(h), outcome = std::move(outcome)]() mutable {
                    std::move(h)(std::move(outcome));
                });
            };
            auto sent = l.send_request(
                std::move(args->request), args->to,
                [complete, on_other = std::move(args->on_other), held](boost::system::error_code ec,
                                                                  sip::message const* response) {
                    if (!response) {
                        complete(ec);
                        return;
                    }
                    if (response->status_code() >= 200 && *held) {
                        // The response lives for the call: the result owns a parse of a copy.
                        auto copy = sip::message::parse(response->bytes());
                        if (copy)
                            complete(std::move(*copy));
                        else
                            complete(copy.error().code);
                        return;
                    }
                    if (on_other)
                        on_other(*response);
                });
            if (!sent)
                boost::asio::post(ex, [complete, error = sent.error()] { complete(error); });
            else
                *key = *sent;
        },
        token);
}

} // namespace rvoip::transaction
