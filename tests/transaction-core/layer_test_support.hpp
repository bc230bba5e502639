#pragma once
// Helpers for tests that run whole layers: requests, responses and a bounded io_context run.

#include <rvoip/transaction/layer.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace rvoip::test {

/// A request from `from` (host:port) with branch z9hG4bK`branch`, over `transport` ("UDP"...).
inline std::string make_request(std::string const& method, std::string const& branch,
                                std::string const& from, std::string const& transport = "UDP",
                                std::string const& extra = {})
{
    return method + " sip:service@example.com SIP/2.0\r\n"
           "Via: SIP/2.0/" + transport + " " + from + ";rport;branch=z9hG4bK" + branch + "\r\n"
           "Max-Forwards: 70\r\n"
           "From: <sip:alice@example.com>;tag=f" + branch + "\r\n"
           "To: <sip:service@example.com>\r\n"
           "Call-ID: " + branch + "@test\r\n"
           "CSeq: 1 " + method + "\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
}

/// A response to `request` with `status`, echoing Via, From, To (with a tag), Call-ID, CSeq.
inline std::string make_response(sip::message const& request, int status, std::string const& reason)
{
    std::string out = "SIP/2.0 " + std::to_string(status) + " " + reason + "\r\n";
    for (std::size_t i = 0; i < request.header_count(); ++i) {
        auto const f = request.header(i);
        if (f.id == sip::header_id::via || f.id == sip::header_id::from ||
            f.id == sip::header_id::call_id || f.id == sip::header_id::cseq)
            out.append(f.line);
        else if (f.id == sip::header_id::to)
            out.append("To: ").append(f.value).append(status > 100 ? ";tag=uas\r\n" : "\r\n");
    }
    out.append("Content-Length: 0\r\n\r\n");
    return out;
}

/// Runs `io` until `done()` or `limit` passes; returns done().
inline bool run_until(boost::asio::io_context& io, std::function<bool()> const& done,
                      std::chrono::milliseconds limit = std::chrono::milliseconds(5000))
{
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(std::chrono::milliseconds(5));
    }
    return done();
}

} // namespace rvoip::test
