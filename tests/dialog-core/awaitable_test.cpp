// The awaitable API: requests in and outside dialogs and a REFER co_awaited for their final
// response; an unknown dialog and an unanswered request complete with their errors.
#include "dialog_test_support.hpp"

#include <rvoip/dialog/awaitable.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

// GCC 12 sees Asio's coroutine frame (operator new of awaitable_frame_base, recycled with free)
// as a mismatched pair once the frame's lambda is inlined: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::seen;

BOOST_AUTO_TEST_SUITE(dialog_awaitable)

BOOST_AUTO_TEST_CASE(request_response_pairs_are_awaited_for_their_final_response)
{
    asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2"};
    bob.on_event = [&](seen const& e) {
        if (e.kind != "request")
            return;
        int const status = e.method == "REFER" ? 202 : e.method == "INFO" ? 415 : 200;
        BOOST_TEST(!bob.layer.respond(e.id, status));
    };
    dlg::request_options call;
    call.to = "sip:bob@10.0.0.2";
    call.from = "sip:alice@10.0.0.1";
    BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
    clock.settle();
    auto const d = alice.of("answered").at(0).dialog;

    std::vector<int> statuses;
    std::vector<boost::system::error_code> errors;
    bool finished = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        dlg::request_options message = call;
        message.parts.content_type = "text/plain";
        message.parts.body = "hello";
        auto sent = co_await dlg::async_send(alice.layer, "MESSAGE", message, asio::use_awaitable);
        statuses.push_back(sent ? sent->status_code() : -1);

        dlg::message_parts info;
        info.content_type = "application/x-nothing";
        info.body = "x";
        auto in_dialog = co_await dlg::async_request(alice.layer, d, "INFO", info, asio::use_awaitable);
        statuses.push_back(in_dialog ? in_dialog->status_code() : -1); // a final failure is a response

        dlg::refer_options transfer;
        transfer.refer_to = "sip:carol@10.0.0.9";
        auto referred = co_await dlg::async_refer(alice.layer, d, transfer, asio::use_awaitable);
        statuses.push_back(referred ? referred->status_code() : -1);

        dlg::dialog_id const nobody{"none", "x", "y"};
        dlg::message_parts empty;
        auto none = co_await dlg::async_request(alice.layer, nobody, "INFO", empty, asio::use_awaitable);
        errors.push_back(none ? boost::system::error_code{} : none.error());

        dlg::request_options lost = call;
        lost.to = "sip:nobody@10.0.0.77";
        auto unanswered = co_await dlg::async_send(alice.layer, "OPTIONS", lost, asio::use_awaitable);
        errors.push_back(unanswered ? boost::system::error_code{} : unanswered.error());
        finished = true;
    }, asio::detached);
    clock.settle();
    BOOST_TEST((statuses == std::vector<int>{200, 415, 202}));
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST((errors[0] == dlg::errc::no_such_dialog));
    clock.advance(40s); // Timer F
    clock.settle();
    BOOST_TEST(finished);
    BOOST_TEST_REQUIRE(errors.size() == 2u);
    BOOST_TEST((errors[1] == tx::errc::timed_out));
}

BOOST_AUTO_TEST_SUITE_END()
