// Framing of messages out of a byte stream (stream_framer.hpp): RFC 3261 §18.3 (Content-Length
// frames the body and is required on streams), §7.5 (CRLFs between messages), RFC 5626 §4.4.1
// (CRLF CRLF ping, CRLF pong), bounded buffering and recovery after an invalid message.
#include <rvoip/sip/stream_framer.hpp>

#include "print.hpp"
#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace sip = rvoip::sip;
using sip::errc;

namespace {

/// The next item, which must be a message.
sip::message next_message(sip::stream_framer& f)
{
    auto item = f.next();
    BOOST_TEST_REQUIRE(item.has_value(), (item ? "" : item.error().message()));
    BOOST_TEST_REQUIRE(std::holds_alternative<sip::message>(*item), "got a keep-alive");
    return std::move(std::get<sip::message>(*item));
}

/// The next item, which must be a keep-alive.
sip::keepalive next_keepalive(sip::stream_framer& f)
{
    auto item = f.next();
    BOOST_TEST_REQUIRE(item.has_value(), (item ? "" : item.error().message()));
    BOOST_TEST_REQUIRE(std::holds_alternative<sip::keepalive>(*item), "got a message");
    return std::get<sip::keepalive>(*item);
}

/// The error of the next item, which must fail.
sip::parse_error next_error(sip::stream_framer& f)
{
    auto item = f.next();
    BOOST_TEST_REQUIRE(!item.has_value(), "got an item");
    return item.error();
}

/// An OPTIONS of RFC 3261 §11 style with the given Call-ID and body.
std::string options_request(std::string const& call_id, std::string const& body = {})
{
    return "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
           "Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n"
           "Max-Forwards: 70\r\n"
           "To: <sip:carol@chicago.com>\r\n"
           "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
           "Call-ID: " +
           call_id +
           "\r\n"
           "CSeq: 63104 OPTIONS\r\n"
           "Contact: <sip:alice@pc33.atlanta.com;transport=tcp>\r\n"
           "Accept: application/sdp\r\n" +
           (body.empty() ? std::string() : "Content-Type: text/plain\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stream_framer)

BOOST_AUTO_TEST_CASE(empty_framer_needs_more)
{
    sip::stream_framer f;
    BOOST_TEST(next_error(f).code == errc::need_more);
    BOOST_TEST(!f.failed());
    BOOST_TEST(f.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(two_messages_in_one_feed_come_out_in_order)
{
    sip::stream_framer f;
    auto const a = rvoip::test::corpus("01_invite_sdp_auth.sip");
    auto const b = rvoip::test::corpus("02_100_trying.sip");
    f.feed(a + b);
    auto const first = next_message(f);
    BOOST_TEST(first.bytes() == a);
    BOOST_TEST(first.body().size() == 470u);
    auto const second = next_message(f);
    BOOST_TEST(second.bytes() == b);
    BOOST_TEST(second.status_code() == 100);
    BOOST_TEST(next_error(f).code == errc::need_more);
    BOOST_TEST(f.buffered() == 0u);
    BOOST_TEST(!f.failed());
}

BOOST_AUTO_TEST_CASE(message_fed_byte_by_byte_comes_out_once_complete)
{
    sip::stream_framer f;
    auto const bytes = rvoip::test::corpus("11_notify_pidf.sip");
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
        f.feed(bytes.substr(i, 1));
        auto const item = f.next();
        BOOST_TEST_REQUIRE(!item.has_value(), "an item after " << i + 1 << " bytes");
        BOOST_TEST_REQUIRE(item.error().code == errc::need_more, "at byte " << i);
    }
    f.feed(bytes.substr(bytes.size() - 1));
    auto const m = next_message(f);
    BOOST_TEST(m.bytes() == bytes);
    BOOST_TEST(m.body().size() == 591u);
    BOOST_TEST(f.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(partial_body_waits_for_the_rest)
{
    sip::stream_framer f;
    auto const bytes = rvoip::test::corpus("04_200_ok_invite_sdp.sip");
    auto const head = bytes.find("\r\n\r\n") + 4;
    f.feed(bytes.substr(0, head + 100));
    BOOST_TEST(next_error(f).code == errc::need_more);
    BOOST_TEST(!f.failed());
    BOOST_TEST(f.buffered() == head + 100);
    f.feed(bytes.substr(head + 100));
    auto const m = next_message(f);
    BOOST_TEST(m.body().size() == 231u);
    BOOST_TEST(m.bytes() == bytes);
}

BOOST_AUTO_TEST_CASE(body_bytes_that_look_like_a_header_end_are_body)
{
    // The body is framed by Content-Length alone, whatever it contains.
    sip::stream_framer f;
    auto const body = std::string("\r\n\r\nOPTIONS sip:x SIP/2.0\r\n\r\n");
    auto const a = options_request("body@pc33.atlanta.com", body);
    f.feed(a + options_request("after@pc33.atlanta.com"));
    BOOST_TEST(next_message(f).body() == body);
    BOOST_TEST(next_message(f).call_id() == "after@pc33.atlanta.com");
}

BOOST_AUTO_TEST_CASE(crlf_crlf_is_a_ping)
{
    sip::stream_framer f;
    f.feed("\r\n\r\n");
    BOOST_TEST(next_keepalive(f).ping);
    BOOST_TEST(next_error(f).code == errc::need_more);
    BOOST_TEST(f.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(single_crlf_is_a_pong)
{
    sip::stream_framer f;
    f.feed("\r\n");
    BOOST_TEST(!next_keepalive(f).ping);
    BOOST_TEST(next_error(f).code == errc::need_more);
}

BOOST_AUTO_TEST_CASE(keepalives_between_messages_do_not_disturb_framing)
{
    sip::stream_framer f;
    auto const a = options_request("a@pc33.atlanta.com");
    auto const b = options_request("b@pc33.atlanta.com");
    f.feed(a + "\r\n\r\n" + b + "\r\n");
    BOOST_TEST(next_message(f).call_id() == "a@pc33.atlanta.com");
    BOOST_TEST(next_keepalive(f).ping);
    BOOST_TEST(next_message(f).call_id() == "b@pc33.atlanta.com");
    BOOST_TEST(!next_keepalive(f).ping);
    BOOST_TEST(next_error(f).code == errc::need_more);
}

BOOST_AUTO_TEST_CASE(missing_content_length_on_a_stream_is_a_framing_error)
{
    // RFC 3261 §18.3: "In the case of stream-oriented transports such as TCP, the
    // Content-Length header field indicates the size of the body... MUST be used".
    sip::stream_framer f;
    auto bytes = options_request("nocl@pc33.atlanta.com");
    auto const cl = std::string("Content-Length: 0\r\n");
    bytes.erase(bytes.find(cl), cl.size());
    f.feed(bytes);
    auto const e = next_error(f);
    BOOST_TEST(e.code != errc::need_more);
    BOOST_TEST(f.failed());
    // Nothing more comes out of a failed stream.
    f.feed(options_request("after@pc33.atlanta.com"));
    BOOST_TEST(!f.next().has_value());
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(compact_content_length_frames_the_body)
{
    sip::stream_framer f;
    auto const bytes = rvoip::test::corpus("13_compact_message.sip"); // "l: 58"
    f.feed(bytes + bytes);
    BOOST_TEST(next_message(f).body().size() == 58u);
    BOOST_TEST(next_message(f).bytes() == bytes);
}

BOOST_AUTO_TEST_CASE(header_block_over_the_limit_fails_once_the_limit_is_passed)
{
    sip::stream_framer f;
    auto const limit = sip::stream_framer::stream_options().max_header_bytes;
    std::string const start = "OPTIONS sip:carol@chicago.com SIP/2.0\r\nX-Filler: ";
    f.feed(start);
    std::string const chunk(1024, 'a');
    std::size_t fed = start.size();
    bool failed = false;
    while (fed < 100 * 1024) {
        f.feed(chunk);
        fed += chunk.size();
        auto const item = f.next();
        BOOST_TEST_REQUIRE(!item.has_value());
        if (item.error().code != errc::need_more) {
            BOOST_TEST(item.error().code == errc::header_too_large);
            failed = true;
            break;
        }
    }
    BOOST_TEST(failed);
    BOOST_TEST(f.failed());
    // It failed within one read of the limit, so it never held much more than the limit.
    BOOST_TEST(fed <= limit + 4 + chunk.size() + start.size());
    BOOST_TEST(f.buffered() <= limit + 4 + chunk.size());
}

BOOST_AUTO_TEST_CASE(hundred_kilobytes_without_an_empty_line_fail_with_header_too_large)
{
    sip::stream_framer f;
    f.feed("OPTIONS sip:carol@chicago.com SIP/2.0\r\n");
    for (int i = 0; i < 100 * 1024 / 16; ++i)
        f.feed("X-Filler: abcd\r\n");
    BOOST_TEST(next_error(f).code == errc::header_too_large);
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(feeding_a_failed_stream_buffers_nothing_more)
{
    // stream_framer.hpp: "the framer never buffers more than [the limits] plus one read". A
    // peer that keeps sending after a framing error must not grow the buffer.
    sip::stream_framer f;
    auto const limit = sip::stream_framer::stream_options().max_header_bytes;
    f.feed("OPTIONS sip:carol@chicago.com SIP/2.0\r\nX-Filler: ");
    std::string const chunk(1024, 'a');
    for (int i = 0; i < 100; ++i) {
        f.feed(chunk);
        if (!f.failed())
            (void)f.next();
    }
    BOOST_TEST(f.failed());
    BOOST_TEST(f.buffered() <= limit + 4 + chunk.size());
}

BOOST_AUTO_TEST_CASE(conflicting_content_lengths_are_a_framing_error)
{
    // RFC 4475 §3.3.9 mcl01: framing is undefined; on TCP the connection must be closed.
    sip::stream_framer f;
    auto bytes = options_request("mcl@pc33.atlanta.com", "0123456789abc");
    auto const cl = std::string("Content-Length: 13\r\n");
    bytes.replace(bytes.find(cl), cl.size(), "Content-Length: 13\r\nContent-Length: 5\r\n");
    f.feed(bytes);
    auto const e = next_error(f);
    BOOST_TEST(e.code != errc::need_more);
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(conflicting_long_and_compact_content_lengths_are_a_framing_error)
{
    sip::stream_framer f;
    auto bytes = options_request("mcl2@pc33.atlanta.com", "0123456789abc");
    auto const cl = std::string("Content-Length: 13\r\n");
    bytes.replace(bytes.find(cl), cl.size(), "l: 5\r\nContent-Length: 13\r\n");
    f.feed(bytes);
    (void)next_error(f);
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(negative_content_length_is_a_framing_error)
{
    // RFC 4475 §3.1.2.3 ncl: "over TCP the framing error is unrecoverable".
    sip::stream_framer f;
    auto bytes = options_request("ncl@pc33.atlanta.com");
    bytes.replace(bytes.find("Content-Length: 0"), 17, "Content-Length: -999");
    f.feed(bytes);
    BOOST_TEST(next_error(f).code == errc::bad_content_length);
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(content_length_over_the_body_limit_fails_without_waiting)
{
    sip::stream_framer f;
    auto bytes = options_request("big@pc33.atlanta.com");
    bytes.replace(bytes.find("Content-Length: 0"), 17, "Content-Length: 4000000000");
    f.feed(bytes);
    BOOST_TEST(next_error(f).code == errc::body_too_large);
    BOOST_TEST(f.failed());
}

BOOST_AUTO_TEST_CASE(framed_but_invalid_message_returns_its_error_and_the_next_one_parses)
{
    sip::stream_framer f;
    auto bad = options_request("bad@pc33.atlanta.com");
    auto const via = std::string("Via: SIP/2.0/TCP pc33.atlanta.com;");
    bad.replace(bad.find(via), via.size(), "Via: SIP/2.0/TCP ;");
    f.feed(bad + options_request("good@pc33.atlanta.com"));
    auto const e = next_error(f);
    BOOST_TEST(e.code == errc::missing_sent_by);
    BOOST_TEST(e.header == "Via");
    BOOST_TEST(e.line == 2u);
    BOOST_TEST(!f.failed());
    BOOST_TEST(next_message(f).call_id() == "good@pc33.atlanta.com");
}

BOOST_AUTO_TEST_CASE(every_corpus_message_is_framed_from_one_stream)
{
    sip::stream_framer f;
    std::string all;
    auto const mix = rvoip::test::corpus_mix();
    for (auto const& [name, weight] : mix)
        all += rvoip::test::corpus(name);
    // Deliver in reads of 1000 bytes, as a socket might.
    std::size_t got = 0;
    for (std::size_t pos = 0; pos < all.size(); pos += 1000) {
        f.feed(std::string_view(all).substr(pos, 1000));
        for (;;) {
            auto item = f.next();
            if (!item) {
                BOOST_TEST_REQUIRE(item.error().code == errc::need_more, item.error().message());
                break;
            }
            BOOST_TEST_REQUIRE(std::holds_alternative<sip::message>(*item));
            BOOST_TEST(std::get<sip::message>(*item).bytes() ==
                       rvoip::test::corpus(mix[got].first));
            ++got;
        }
    }
    BOOST_TEST(got == mix.size());
    BOOST_TEST(f.buffered() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
