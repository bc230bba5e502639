// Building messages (message_builder.hpp): requests and responses rendered from typed values,
// parsed back to the same values; escaping of display names; values that cannot be rendered.
#include <rvoip/sip/message_builder.hpp>
#include <rvoip/sip/sdp.hpp>
#include <rvoip/sip/stream_framer.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace sip = rvoip::sip;
using sip::errc;
using sip::header_id;

namespace {

/// An address; designated initializers would leave members to -Wmissing-field-initializers.
sip::address addr(std::string_view uri, std::string_view display = {}, std::string_view tag = {},
                  std::string_view params = {})
{
    sip::address a;
    a.uri = uri;
    a.display = display;
    a.tag = tag;
    a.params = params;
    return a;
}

// RFC 4317 §2.1, the offer of the audio and video example.
constexpr std::string_view offer =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n"
    "s=\r\n"
    "c=IN IP4 host.atlanta.example.com\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 97\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:97 iLBC/8000\r\n"
    "m=video 51372 RTP/AVP 31 32\r\n"
    "a=rtpmap:31 H261/90000\r\n"
    "a=rtpmap:32 MPV/90000\r\n";

/// The INVITE of RFC 3261 §4 (F1) with the RFC 4317 offer.
sip::message_builder rfc3261_invite()
{
    auto b = sip::message_builder::request(sip::method::invite, "sip:bob@biloxi.com");
    b.via("UDP", "pc33.atlanta.com", 0, "z9hG4bK776asdhds")
        .max_forwards(70)
        .to(addr("sip:bob@biloxi.com", "Bob"))
        .from(addr("sip:alice@atlanta.com", "Alice", "1928301774"))
        .call_id("a84b4c76e66710@pc33.atlanta.com")
        .cseq(314159, "INVITE")
        .contact(addr("sip:alice@pc33.atlanta.com"))
        .body("application/sdp", offer);
    return b;
}

/// A response to that INVITE, with the values of RFC 3261 §4 (F2, F4).
sip::message_builder ringing(int status = 180, std::string_view reason = {})
{
    auto b = sip::message_builder::response(status, reason);
    b.via("UDP", "pc33.atlanta.com", 0, "z9hG4bK776asdhds", ";received=192.0.2.1")
        .to(addr("sip:bob@biloxi.com", "Bob", "a6c85cf"))
        .from(addr("sip:alice@atlanta.com", "Alice", "1928301774"))
        .call_id("a84b4c76e66710@pc33.atlanta.com")
        .cseq(314159, "INVITE")
        .contact(addr("sip:bob@192.0.2.4"));
    return b;
}

sip::message build_ok(sip::message_builder const& b)
{
    auto m = b.build();
    BOOST_TEST_REQUIRE(m.has_value(), (m ? "" : m.error().message()));
    return std::move(*m);
}

} // namespace

BOOST_AUTO_TEST_SUITE(message_builder)

BOOST_AUTO_TEST_CASE(invite_with_sdp_parses_back_to_the_values_given)
{
    auto const m = build_ok(rfc3261_invite());
    BOOST_TEST(m.is_request());
    BOOST_TEST((m.method() == sip::method::invite));
    BOOST_TEST(m.method_text() == "INVITE");
    BOOST_TEST(m.request_uri().text == "sip:bob@biloxi.com");
    BOOST_TEST(m.version() == "SIP/2.0");

    BOOST_TEST_REQUIRE(m.vias().size() == 1u);
    BOOST_TEST(m.top_via().transport == "UDP");
    BOOST_TEST(m.top_via().host == "pc33.atlanta.com");
    BOOST_TEST(!m.top_via().has_port);
    BOOST_TEST(m.top_via().branch == "z9hG4bK776asdhds");

    BOOST_TEST(m.max_forwards().value() == 70u);
    BOOST_TEST(m.to().display_decoded() == "Bob");
    BOOST_TEST(m.to().uri.text == "sip:bob@biloxi.com");
    BOOST_TEST(m.to().tag.empty());
    BOOST_TEST(m.from().display_decoded() == "Alice");
    BOOST_TEST(m.from().uri.text == "sip:alice@atlanta.com");
    BOOST_TEST(m.from().tag == "1928301774");
    BOOST_TEST(m.call_id() == "a84b4c76e66710@pc33.atlanta.com");
    BOOST_TEST(m.cseq().number == 314159u);
    BOOST_TEST((m.cseq().method == sip::method::invite));
    auto const contacts = m.contacts();
    BOOST_TEST_REQUIRE(contacts.has_value());
    BOOST_TEST_REQUIRE(contacts->size() == 1u);
    BOOST_TEST((*contacts)[0].address.uri.text == "sip:alice@pc33.atlanta.com");

    BOOST_TEST(m.content_type().value().is("application", "sdp"));
    BOOST_TEST(m.content_length().value() == offer.size());
    BOOST_TEST(m.body() == offer);
    auto const sdp = sip::parse_sdp(m.body());
    BOOST_TEST_REQUIRE(sdp.has_value());
    BOOST_TEST_REQUIRE(sdp->media.size() == 2u);
    BOOST_TEST(sdp->media[0].port == 49170u);
    BOOST_TEST(sdp->media[0].rtpmap_for(97).value().encoding_name == "iLBC");
    BOOST_TEST(sdp->media[1].media == "video");
}

BOOST_AUTO_TEST_CASE(fields_are_rendered_in_the_order_given_with_the_body_headers_last)
{
    auto const m = build_ok(rfc3261_invite());
    std::vector<header_id> const want = {
        header_id::via,     header_id::max_forwards, header_id::to,
        header_id::from,    header_id::call_id,      header_id::cseq,
        header_id::contact, header_id::content_type, header_id::content_length};
    BOOST_TEST_REQUIRE(m.header_count() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        BOOST_TEST((m.header(i).id == want[i]), "field " << i);
}

BOOST_AUTO_TEST_CASE(render_and_build_give_the_same_bytes)
{
    auto const b = rfc3261_invite();
    auto const m = build_ok(b);
    BOOST_TEST(m.bytes() == b.render());
    BOOST_TEST(b.render() == b.render());
}

BOOST_AUTO_TEST_CASE(message_without_body_has_content_length_zero)
{
    auto const m = build_ok(ringing());
    BOOST_TEST(m.content_length().value() == 0u);
    BOOST_TEST(m.body().empty());
    BOOST_TEST(!m.find(header_id::content_type).has_value());
}

BOOST_AUTO_TEST_CASE(response_takes_the_default_reason_phrase)
{
    auto const m = build_ok(ringing());
    BOOST_TEST(m.is_response());
    BOOST_TEST(m.status_code() == 180);
    BOOST_TEST(m.reason_phrase() == "Ringing");
    BOOST_TEST(m.to().tag == "a6c85cf");
    BOOST_TEST(m.top_via().received == "192.0.2.1");
    BOOST_TEST(m.cseq().method_text == "INVITE");
}

BOOST_AUTO_TEST_CASE(response_keeps_a_given_reason_phrase)
{
    auto const m = build_ok(ringing(486, "Busy Here, Try Later"));
    BOOST_TEST(m.status_code() == 486);
    BOOST_TEST(m.reason_phrase() == "Busy Here, Try Later");
}

BOOST_AUTO_TEST_CASE(default_reason_follows_rfc_3261_section_21)
{
    BOOST_TEST(sip::default_reason(100) == "Trying");
    BOOST_TEST(sip::default_reason(200) == "OK");
    BOOST_TEST(sip::default_reason(401) == "Unauthorized");
    BOOST_TEST(sip::default_reason(481) == "Call/Transaction Does Not Exist");
    BOOST_TEST(sip::default_reason(603) == "Decline");
    BOOST_TEST(sip::default_reason(299) == "Unknown");
}

BOOST_AUTO_TEST_CASE(status_code_outside_100_to_699_fails_to_build)
{
    BOOST_TEST(ringing(99).build().error().code == errc::bad_argument);
    BOOST_TEST(ringing(700).build().error().code == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(display_name_with_quotes_and_backslashes_is_escaped_and_decodes_back)
{
    std::string_view const display = R"(Alice "Al" \ Smith)";
    auto r = sip::message_builder::request(sip::method::options, "sip:carol@chicago.com");
    r.via("TCP", "pc33.atlanta.com", 5060, "z9hG4bKhjhs8ass877")
        .max_forwards(70)
        .to(addr("sip:carol@chicago.com"))
        .from(addr("sip:alice@atlanta.com", display, "1928301774"))
        .call_id("a84b4c76e66710")
        .cseq(63104, "OPTIONS");
    auto const text = r.render();
    BOOST_TEST(
        text.find(R"(From: "Alice \"Al\" \\ Smith" <sip:alice@atlanta.com>;tag=1928301774)") !=
            std::string::npos,
        text);
    auto const m = build_ok(r);
    BOOST_TEST(m.from().display_decoded() == display);
    BOOST_TEST(m.from().tag == "1928301774");
    BOOST_TEST(m.top_via().port == 5060u);
}

BOOST_AUTO_TEST_CASE(display_name_with_a_comma_stays_one_address)
{
    auto b = ringing();
    b.contact(addr("sip:t.watson@example.org", "Watson, Thomas", {}, ";expires=60"));
    auto const m = build_ok(b);
    auto const contacts = m.contacts();
    BOOST_TEST_REQUIRE(contacts.has_value());
    BOOST_TEST_REQUIRE(contacts->size() == 2u);
    BOOST_TEST((*contacts)[1].address.display_decoded() == "Watson, Thomas");
    BOOST_TEST(((*contacts)[1].expires() == 60u));
}

BOOST_AUTO_TEST_CASE(header_value_with_crlf_fails_to_build_with_bad_argument)
{
    auto b = rfc3261_invite();
    b.header("Subject", "lunch\r\nVia: SIP/2.0/UDP evil.example.com");
    auto const m = b.build();
    BOOST_TEST_REQUIRE(!m.has_value());
    BOOST_TEST(m.error().code == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(lone_cr_or_lf_in_any_value_fails_to_build_with_bad_argument)
{
    auto check = [](sip::message_builder const& b, char const* what) {
        auto const m = b.build();
        BOOST_TEST(!m.has_value(), what);
        if (!m)
            BOOST_TEST(m.error().code == errc::bad_argument, what);
    };
    {
        auto b = rfc3261_invite();
        b.header(header_id::subject, "a\nb");
        check(b, "header by id with LF");
    }
    {
        auto b = rfc3261_invite();
        b.route(addr("sip:p1.example.com;lr\r"));
        check(b, "route URI with CR");
    }
    {
        auto b = rfc3261_invite();
        b.record_route(addr("sip:p1.example.com;lr", "a\r\nb"));
        check(b, "display name with CRLF");
    }
    {
        auto b = rfc3261_invite();
        b.via("UDP", "evil\r\n.example.com", 0, "z9hG4bK1");
        check(b, "Via host with CRLF");
    }
    check(sip::message_builder::request(sip::method::invite, "sip:bob@biloxi.com\r\nX: y"),
          "Request-URI with CRLF");
    check(ringing(200, "OK\r\nX: y"), "reason phrase with CRLF");
}

BOOST_AUTO_TEST_CASE(a_nul_builds_only_as_a_quoted_pair)
{
    using namespace std::string_literals;
    auto b = rfc3261_invite();
    b.header(header_id::subject, "\"NUL:\\\0 here\""s); // as RFC 4475's intmeth has in its To
    BOOST_TEST(b.build().has_value());
    auto c = rfc3261_invite();
    c.header(header_id::subject, "bare \0 NUL"s);
    BOOST_TEST(c.build().error().code == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(method_that_is_not_a_token_fails_to_build)
{
    auto b = sip::message_builder::request("IN VITE", "sip:bob@biloxi.com");
    BOOST_TEST(b.build().error().code == errc::bad_argument);
    auto c = sip::message_builder::request(sip::method::invite, "sip:bob@biloxi.com x");
    BOOST_TEST(c.build().error().code == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(header_name_that_is_not_a_token_fails_to_build)
{
    auto b = rfc3261_invite();
    b.header("X Foo", "bar");
    BOOST_TEST(b.build().error().code == errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(missing_mandatory_header_fails_to_build)
{
    auto b = sip::message_builder::request(sip::method::options, "sip:carol@chicago.com");
    b.via("UDP", "pc33.atlanta.com", 0, "z9hG4bK1")
        .to(addr("sip:carol@chicago.com"))
        .from(addr("sip:alice@atlanta.com", {}, "1"))
        .cseq(1, "OPTIONS");
    auto const m = b.build();
    BOOST_TEST_REQUIRE(!m.has_value());
    BOOST_TEST(m.error().code == errc::missing_header);
    BOOST_TEST(m.error().header == "Call-ID");
}

BOOST_AUTO_TEST_CASE(render_to_appends_to_what_the_string_holds)
{
    auto const b = rfc3261_invite();
    std::string out = "prefix";
    b.render_to(out);
    BOOST_TEST(out == "prefix" + b.render());
    b.render_to(out);
    BOOST_TEST(out == "prefix" + b.render() + b.render());

    // Two renderings are two messages on a stream.
    sip::stream_framer f;
    f.feed(std::string_view(out).substr(6));
    for (int i = 0; i < 2; ++i) {
        auto item = f.next();
        BOOST_TEST_REQUIRE(item.has_value());
        BOOST_TEST(std::get<sip::message>(*item).call_id() == "a84b4c76e66710@pc33.atlanta.com");
    }
}

BOOST_AUTO_TEST_CASE(extension_method_and_any_header_by_name)
{
    auto b = sip::message_builder::request("PUBLISH", "sip:presentity@example.com");
    b.via("TCP", "[2001:db8::9:1]", 5061, "z9hG4bK1")
        .max_forwards(70)
        .to(addr("sip:presentity@example.com"))
        .from(addr("sip:presentity@example.com", {}, "1234wxyz"))
        .call_id("81818181@pua.example.com")
        .cseq(1, "PUBLISH")
        .header("Event", "presence")
        .header(header_id::expires, "3600")
        .header("X-Custom", "kept as given");
    auto const m = build_ok(b);
    BOOST_TEST((m.method() == sip::method::publish));
    BOOST_TEST(m.top_via().host == "[2001:db8::9:1]");
    BOOST_TEST(m.top_via().port == 5061u);
    BOOST_TEST(m.event().value().type == "presence");
    BOOST_TEST(m.expires().value() == 3600u);
    BOOST_TEST(m.find("X-Custom")->value == "kept as given");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(message_builder_injection)

namespace {
rvoip::sip::message_builder base()
{
    return rvoip::sip::message_builder::request(rvoip::sip::method::options, "sip:bob@example.com");
}
} // namespace

BOOST_AUTO_TEST_CASE(a_uri_closing_its_brackets_cannot_add_a_route)
{
    auto b = base();
    b.route({{}, "sip:p1@example.com>, <sip:evil@attacker.example", {}, {}});
    BOOST_TEST(b.render().empty());
    std::string out = "kept";
    BOOST_TEST(b.render_to(out) == rvoip::sip::errc::bad_argument);
    BOOST_TEST(out == "kept");
    BOOST_TEST(!b.build().has_value());
}

BOOST_AUTO_TEST_CASE(a_branch_with_a_comma_cannot_add_a_via)
{
    auto b = base();
    b.via("UDP", "pc33.example.com", 5060, "z9hG4bK1, SIP/2.0/UDP evil.example.com;branch=z9hG4bK2");
    BOOST_TEST(b.render().empty());
}

BOOST_AUTO_TEST_CASE(a_tag_with_a_comma_cannot_add_a_contact)
{
    auto b = base();
    b.contact({{}, "sip:alice@example.com", "x, <sip:hijack@evil.example>", {}});
    BOOST_TEST(b.render().empty());
}

BOOST_AUTO_TEST_CASE(a_header_value_with_crlf_is_not_rendered)
{
    auto b = base();
    b.header("X-A", "v\r\nInjected: yes");
    BOOST_TEST(b.render().empty());
}

BOOST_AUTO_TEST_SUITE_END()
