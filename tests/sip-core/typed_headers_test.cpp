// Typed access to the optional headers: each parser on RFC examples and malformed values, and
// the message accessors on the shared corpus.
#include <rvoip/sip/auth.hpp>
#include <rvoip/sip/content_type.hpp>
#include <rvoip/sip/event.hpp>
#include <rvoip/sip/expires.hpp>
#include <rvoip/sip/message.hpp>
#include <rvoip/sip/reliable.hpp>
#include <rvoip/sip/replaces.hpp>
#include <rvoip/sip/retry_after.hpp>
#include <rvoip/sip/session_timer.hpp>
#include <rvoip/sip/token_list.hpp>
#include <rvoip/sip/user_agent.hpp>
#include <rvoip/sip/warning.hpp>

#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sip = rvoip::sip;
using sip::errc;

namespace {

sip::message parse(std::string const& bytes, sip::validation check = sip::validation::strict)
{
    sip::parse_options options;
    options.check = check;
    auto m = sip::parse_message(bytes, options);
    BOOST_TEST_REQUIRE(m.has_value());
    return std::move(*m);
}

sip::message corpus(char const* name)
{
    return parse(rvoip::test::corpus(name));
}

template<class T>
bool fails_with(sip::result<T> const& r, errc e)
{
    return !r && r.error() == sip::make_error_code(e);
}

std::vector<std::string_view> to_vector(std::span<std::string_view const> s)
{
    return {s.begin(), s.end()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(typed_headers)

// --- credentials -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(credentials_rfc3261_authorization_example)
{
    // RFC 3261 §20.7
    auto c = sip::parse_credentials("Digest username=\"Alice\", realm=\"atlanta.com\",\r\n "
                                    "nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n"
                                    " response=\"7587245234b3434cc3412213e5f113a5432\"");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->scheme == "Digest");
    BOOST_TEST(c->username == "Alice");
    BOOST_TEST(c->realm == "atlanta.com");
    BOOST_TEST(c->nonce == "84a4cc6f3082121f32b42a2187831a9e");
    BOOST_TEST(c->response == "7587245234b3434cc3412213e5f113a5432");
    BOOST_TEST(c->uri.empty());
    BOOST_TEST(c->algorithm.empty());
}

BOOST_AUTO_TEST_CASE(credentials_picks_every_digest_field)
{
    // RFC 3261 §22.4 fields with qop, as in the RFC 2617 §3.5 example adapted to SIP.
    auto c = sip::parse_credentials(
        "Digest username=\"bob\", realm=\"biloxi.com\", "
        "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
        "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
        "response=\"6629fae49393a05397450978507c4ef1\", "
        "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
        "algorithm=MD5-sess");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->uri == "sip:bob@biloxi.com");
    BOOST_TEST(c->qop == "auth");
    BOOST_TEST(c->nc == "00000001");
    BOOST_TEST(c->cnonce == "0a4f113b");
    BOOST_TEST(c->opaque == "5ccc069c403ebaf9f0171e9517f40e41");
    BOOST_TEST(c->algorithm == "MD5-sess");
    BOOST_TEST(c->parameters().value("username") == "\"bob\"");
    int n = 0;
    for (auto const& p : c->parameters()) {
        (void)p;
        ++n;
    }
    BOOST_TEST(n == 10);
}

BOOST_AUTO_TEST_CASE(credentials_tolerate_rfc7616_userhash_and_sha)
{
    // RFC 7616 §3.9.1
    auto c = sip::parse_credentials(
        "Digest\r\n "
        "username=\"488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec\",\r\n"
        " realm=\"api@example.org\",\r\n uri=\"/doe.json\",\r\n algorithm=SHA-512-256,\r\n"
        " nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\",\r\n nc=00000001,\r\n"
        " cnonce=\"NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v\",\r\n qop=auth,\r\n"
        " response=\"ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd\",\r\n"
        " opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\",\r\n userhash=true");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->algorithm == "SHA-512-256");
    BOOST_TEST(c->realm == "api@example.org");
    BOOST_TEST(c->parameters().value("userhash") == "true");
}

BOOST_AUTO_TEST_CASE(credentials_accept_rfc7616_extended_username)
{
    // RFC 7616 §3.4.4: username* carries an RFC 5987 ext-value, which is a token.
    auto c = sip::parse_credentials(
        "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"api@example.org\", nonce=\"x\"");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->username.empty());
    BOOST_TEST(c->parameters().value("username*") == "UTF-8''J%C3%A4s%C3%B8n%20Doe");
}

BOOST_AUTO_TEST_CASE(credentials_other_schemes_and_token68)
{
    auto bearer = sip::parse_credentials("Bearer mF_9.B5f-4.1JqM");
    BOOST_TEST_REQUIRE(bearer.has_value());
    BOOST_TEST(bearer->scheme == "Bearer");
    BOOST_TEST(bearer->token68 == "mF_9.B5f-4.1JqM");
    BOOST_TEST(bearer->params.empty());

    auto basic = sip::parse_credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    BOOST_TEST_REQUIRE(basic.has_value());
    BOOST_TEST(basic->token68 == "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

    auto other = sip::parse_credentials("NTLM realm=\"x\" ,, targetname=\"y\"");
    BOOST_TEST_REQUIRE(other.has_value());
    BOOST_TEST(other->realm == "x");
    BOOST_TEST(other->parameters().value("targetname") == "\"y\"");
}

BOOST_AUTO_TEST_CASE(credentials_malformed_are_rejected)
{
    BOOST_TEST(fails_with(sip::parse_credentials(""), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_credentials("Digest username=\"alice"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_credentials("Digest username=alice realm=x"),
                          errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_credentials("Digest =x"), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_credentials("Digest nc=1, username=\"a\""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_credentials("Digest nc=0000000g"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_credentials("Dig\xC3\xA9st x=y"), errc::bad_header_value));
}

// --- challenge -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(challenge_rfc3261_www_authenticate_example)
{
    // RFC 3261 §20.44
    auto c = sip::parse_challenge(
        "Digest realm=\"atlanta.com\",\r\n domain=\"sip:boxesbybob.com\", qop=\"auth\",\r\n"
        " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n opaque=\"\", stale=FALSE, algorithm=MD5");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->scheme == "Digest");
    BOOST_TEST(c->realm == "atlanta.com");
    BOOST_TEST(c->domain == "sip:boxesbybob.com");
    BOOST_TEST(c->qop == "auth");
    BOOST_TEST(c->nonce == "f84f1cec41e6cbe5aea9c8e88d359");
    BOOST_TEST(c->opaque.empty());
    BOOST_TEST(c->parameters().value("opaque") == "\"\"");
    BOOST_TEST(!c->stale);
    BOOST_TEST(c->algorithm == "MD5");
    BOOST_TEST(c->offers_qop("auth"));
    BOOST_TEST(!c->offers_qop("auth-int"));
}

BOOST_AUTO_TEST_CASE(challenge_stale_and_qop_options)
{
    auto c = sip::parse_challenge(
        "Digest realm=\"r\", nonce=\"n\", qop=\"auth, auth-int\", stale=true, algorithm=SHA-256");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->stale);
    BOOST_TEST(c->qop == "auth, auth-int");
    BOOST_TEST(c->offers_qop("AUTH-INT"));
    BOOST_TEST(c->offers_qop("auth"));
    BOOST_TEST(!c->offers_qop("au"));
}

BOOST_AUTO_TEST_CASE(challenge_malformed_are_rejected)
{
    BOOST_TEST(fails_with(sip::parse_challenge("   "), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_challenge("Digest realm=\"a\", , nonce"), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_challenge("Digest realm=\"a\" nonce=\"b\""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_challenge("Digest realm=<a>"), errc::bad_header_value));
}

// --- media types -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(media_type_rfc3261_examples)
{
    // RFC 3261 §20.15
    auto a = sip::parse_media_type("application/sdp");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->type == "application");
    BOOST_TEST(a->subtype == "sdp");
    BOOST_TEST(a->params.empty());
    BOOST_TEST(a->is("Application", "SDP"));

    auto t = sip::parse_media_type("text/html; charset=ISO-8859-4");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->type == "text");
    BOOST_TEST(t->subtype == "html");
    BOOST_TEST(t->parameters().value("charset") == "ISO-8859-4");

    auto m = sip::parse_media_type("multipart/mixed ; boundary=\"unique boundary;1\"");
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(m->parameters().value("boundary") == "\"unique boundary;1\"");
}

BOOST_AUTO_TEST_CASE(media_type_malformed_are_rejected)
{
    BOOST_TEST(fails_with(sip::parse_media_type("application"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_type("application/"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_type("/sdp"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_type("text/html;charset"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_type("*/*"), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_media_type("application/sdp, text/plain"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_type("text/pl\xC3\xA4in"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(media_range_wildcards_and_q)
{
    auto any = sip::parse_media_range("*/*");
    BOOST_TEST_REQUIRE(any.has_value());
    BOOST_TEST(any->matches("application", "sdp"));
    auto text = sip::parse_media_range("text/*;q=0.5");
    BOOST_TEST_REQUIRE(text.has_value());
    BOOST_TEST(text->matches("TEXT", "plain"));
    BOOST_TEST(!text->matches("application", "sdp"));
    BOOST_TEST((text->q() == std::optional<std::uint16_t>(500)));
    auto sdp = sip::parse_media_range("application/sdp;level=1");
    BOOST_TEST_REQUIRE(sdp.has_value());
    BOOST_TEST(!sdp->q().has_value());
    BOOST_TEST(fails_with(sip::parse_media_range("*/sdp"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_media_range("text"), errc::bad_header_value));
}

// --- events ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(event_package_template_and_id)
{
    auto p = sip::parse_event("presence");
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->type == "presence");
    BOOST_TEST(p->package == "presence");
    BOOST_TEST(p->id.empty());

    // RFC 6665 §8.2.1 / RFC 3857 template-packages
    auto w = sip::parse_event("presence.winfo;id=1234 ; foo=bar");
    BOOST_TEST_REQUIRE(w.has_value());
    BOOST_TEST(w->type == "presence.winfo");
    BOOST_TEST(w->package == "presence");
    BOOST_TEST(w->id == "1234");
    BOOST_TEST(w->parameters().value("foo") == "bar");

    // RFC 3515 §2.4.6
    auto r = sip::parse_event("refer;id=93809824");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->id == "93809824");
}

BOOST_AUTO_TEST_CASE(event_malformed_are_rejected)
{
    BOOST_TEST(fails_with(sip::parse_event(""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_event(".presence"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_event("presence..winfo"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_event("presence;id=\"a b\""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_event("presence dialog"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(subscription_state_rfc6665_values)
{
    auto a = sip::parse_subscription_state("active;expires=599");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST((a->state == sip::substate::active));
    BOOST_TEST((a->expires == std::optional<std::uint32_t>(599)));
    BOOST_TEST(!a->retry_after.has_value());

    auto p = sip::parse_subscription_state("pending ; expires=600");
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST((p->state == sip::substate::pending));

    // RFC 6665 §4.2.2
    auto t = sip::parse_subscription_state("terminated;reason=probation;retry-after=3600");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST((t->state == sip::substate::terminated));
    BOOST_TEST(t->reason == "probation");
    BOOST_TEST((t->retry_after == std::optional<std::uint32_t>(3600)));
    BOOST_TEST(!t->expires.has_value());

    auto x = sip::parse_subscription_state("waiting;x-foo");
    BOOST_TEST_REQUIRE(x.has_value());
    BOOST_TEST((x->state == sip::substate::extension));
    BOOST_TEST(x->state_text == "waiting");
}

BOOST_AUTO_TEST_CASE(subscription_state_malformed_are_rejected)
{
    BOOST_TEST(fails_with(sip::parse_subscription_state(""), errc::bad_header_value));
    BOOST_TEST(
        fails_with(sip::parse_subscription_state("active;expires=soon"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_subscription_state("active;expires=4294967296"),
                          errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_subscription_state("terminated;retry-after="),
                          errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_subscription_state("terminated;reason=\"x\""),
                          errc::bad_header_value));
}

// --- Replaces, session timers, reliable provisionals -----------------------------------------

BOOST_AUTO_TEST_CASE(replaces_rfc3891_examples)
{
    // RFC 3891 §6.1
    auto a =
        sip::parse_replaces("98732@sip.example.com\r\n ;from-tag=r33th4x0r\r\n ;to-tag=ff87ff");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->call_id == "98732@sip.example.com");
    BOOST_TEST(a->from_tag == "r33th4x0r");
    BOOST_TEST(a->to_tag == "ff87ff");
    BOOST_TEST(!a->early_only);

    auto b = sip::parse_replaces(
        "12345600@atlanta.example.com;from-tag=1234567;to-tag=23431;early-only");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->early_only);
}

BOOST_AUTO_TEST_CASE(replaces_needs_one_of_each_tag)
{
    BOOST_TEST(fails_with(sip::parse_replaces("abc@h;to-tag=1"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_replaces("abc@h;from-tag=1"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_replaces("abc@h;to-tag=1;from-tag=2;to-tag=3"),
                          errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_replaces(";to-tag=1;from-tag=2"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_replaces("a b;to-tag=1;from-tag=2"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(session_expires_rfc4028_examples)
{
    auto s = sip::parse_session_expires("4000;refresher=uac");
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->delta_seconds == 4000u);
    BOOST_TEST((s->refresher == sip::refresher::uac));
    auto u = sip::parse_session_expires("1800 ; refresher=UAS;x=y");
    BOOST_TEST_REQUIRE(u.has_value());
    BOOST_TEST((u->refresher == sip::refresher::uas));
    auto n = sip::parse_session_expires("90");
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST((n->refresher == sip::refresher::none));

    BOOST_TEST(sip::parse_min_se("60").value() == 60u);
    BOOST_TEST(sip::parse_min_se(" 90;foo ").value() == 90u);

    BOOST_TEST(
        fails_with(sip::parse_session_expires("4000;refresher=proxy"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_session_expires("-1"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_session_expires("99999999999"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_min_se("sixty"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(rseq_and_rack_rfc3262_examples)
{
    // RFC 3262 §7.1, §7.2
    BOOST_TEST(sip::parse_rseq("988789").value() == 988789u);
    auto r = sip::parse_rack("776656 1 INVITE");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->response_num == 776656u);
    BOOST_TEST(r->cseq_num == 1u);
    BOOST_TEST((r->method == sip::method::invite));
    BOOST_TEST(r->method_text == "INVITE");

    BOOST_TEST(fails_with(sip::parse_rseq("0"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_rseq("2147483648"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_rseq("12a"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_rack("776656 INVITE"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_rack("776656 1"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_rack("776656 1 INVITE x"), errc::bad_header_value));
}

// --- delta-seconds, token lists, product lists, Warning, Retry-After -------------------------

BOOST_AUTO_TEST_CASE(expires_is_a_32_bit_delta_seconds)
{
    BOOST_TEST(sip::parse_expires("5").value() == 5u);
    BOOST_TEST(sip::parse_expires(" 4294967295 ").value() == 4294967295u);
    BOOST_TEST(fails_with(sip::parse_expires("4294967296"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_expires(""), errc::bad_header_value));
    // An HTTP date is no longer allowed (RFC 3261 §20.19)
    BOOST_TEST(
        fails_with(sip::parse_expires("Thu, 01 Dec 1994 16:00:00 GMT"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(token_values_are_validated)
{
    BOOST_TEST(sip::parse_token(" 100rel ").value() == "100rel");
    BOOST_TEST(sip::parse_token("presence.winfo").value() == "presence.winfo");
    BOOST_TEST(fails_with(sip::parse_token("a b"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_token(""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_token("foo;bar"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(product_lists_are_checked_leniently)
{
    // RFC 3261 §20.41, §20.35
    BOOST_TEST(sip::parse_product_list("Softphone Beta1.5").value() == "Softphone Beta1.5");
    BOOST_TEST(sip::parse_product_list("HomeServer v2").value() == "HomeServer v2");
    BOOST_TEST(sip::parse_product_list("kamailio (5.6.3 (x86_64/linux))").has_value());
    BOOST_TEST(sip::parse_product_list("PJSUA v2.14.1 Linux-6.1.0/x86_64/glibc-2.36").has_value());
    BOOST_TEST(sip::parse_product_list("Acme Phone; build 7 (\\(c\\) Acme)").has_value());
    BOOST_TEST(fails_with(sip::parse_product_list(""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_product_list("agent (unclosed"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_product_list("agent )"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_product_list("bad\x01"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_product_list(std::string(100, '(') + std::string(100, ')')),
                          errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(warning_rfc3261_examples)
{
    // RFC 3261 §20.43
    auto w = sip::parse_warning("307 isi.edu \"Session parameter 'foo' not understood\"");
    BOOST_TEST_REQUIRE(w.has_value());
    BOOST_TEST(w->code == 307);
    BOOST_TEST(w->agent == "isi.edu");
    BOOST_TEST(w->warn_text == "Session parameter 'foo' not understood");
    auto v =
        sip::parse_warning("301 [2001:db8::1]:5060 \"Incompatible network address type 'E.164'\"");
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(v->agent == "[2001:db8::1]:5060");

    BOOST_TEST(fails_with(sip::parse_warning("30 isi.edu \"x\""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_warning("3070 isi.edu \"x\""), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_warning("307 isi.edu x"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_warning("307 \"x\""), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(retry_after_rfc3261_examples)
{
    // RFC 3261 §20.33
    auto a = sip::parse_retry_after("18000;duration=3600");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->delta_seconds == 18000u);
    BOOST_TEST((a->duration == std::optional<std::uint32_t>(3600)));
    BOOST_TEST(a->comment.empty());
    auto b = sip::parse_retry_after("120 (I'm in a meeting)");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->delta_seconds == 120u);
    BOOST_TEST(b->comment == "(I'm in a meeting)");
    BOOST_TEST(!b->duration.has_value());

    BOOST_TEST(fails_with(sip::parse_retry_after("soon"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_retry_after("120 (open"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_retry_after("120;duration=x"), errc::bad_header_value));
}

BOOST_AUTO_TEST_CASE(bytes_above_0x7f_are_text_in_quotes_and_errors_elsewhere)
{
    // UTF-8 is allowed inside quoted strings (qdtext) and comments, nowhere in tokens.
    auto w = sip::parse_warning("399 example.net \"Gr\xC3\xBC\xC3\x9F\xC3\xA9\"");
    BOOST_TEST_REQUIRE(w.has_value());
    BOOST_TEST(w->warn_text == "Gr\xC3\xBC\xC3\x9F\xC3\xA9");
    BOOST_TEST(sip::parse_credentials("Digest username=\"J\xC3\xA4s\xC3\xB8n\"").value().username ==
               "J\xC3\xA4s\xC3\xB8n");
    BOOST_TEST(sip::parse_retry_after("60 (\xE2\x98\x95 break)").has_value());
    BOOST_TEST(fails_with(sip::parse_event("pr\xFF" "esence"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_subscription_state("active;expires=\xFF"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_replaces("\xFF@h;to-tag=1;from-tag=2"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_session_expires("90;refresher=\xFF"), errc::bad_header_value));
    BOOST_TEST(fails_with(sip::parse_token("tim\xC3\xA9r"), errc::bad_header_value));
}

// --- message accessors on the corpus ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(accessors_on_invite_with_auth)
{
    auto const m = corpus("01_invite_sdp_auth.sip");
    auto auth = m.authorization();
    BOOST_TEST_REQUIRE(auth.has_value());
    BOOST_TEST(auth->scheme == "Digest");
    BOOST_TEST(auth->username == "alice");
    BOOST_TEST(auth->uri == "sip:bob@example.com");
    BOOST_TEST(auth->response == "d459fbd30ed8bd5d5510c80c4d290e02");
    BOOST_TEST(auth->nc == "00000001");
    BOOST_TEST(auth->qop == "auth");
    BOOST_TEST(fails_with(m.proxy_authorization(), errc::header_not_found));

    auto allow = m.allow();
    BOOST_TEST_REQUIRE(allow.has_value());
    BOOST_TEST(allow->size() == 12u);
    BOOST_TEST(allow->front() == "PRACK");
    BOOST_TEST(allow->back() == "OPTIONS");
    auto supported = m.supported();
    BOOST_TEST_REQUIRE(supported.has_value());
    std::vector<std::string_view> const want{"replaces", "100rel", "timer", "norefersub"};
    BOOST_TEST(to_vector(*supported) == want, boost::test_tools::per_element());

    BOOST_TEST(m.session_expires().value().delta_seconds == 1800u);
    BOOST_TEST((m.session_expires().value().refresher == sip::refresher::none));
    BOOST_TEST(m.min_se().value() == 90u);
    BOOST_TEST(m.user_agent().value() == "PJSUA v2.14.1 Linux-6.1.0/x86_64/glibc-2.36");
    BOOST_TEST(m.content_type().value().is("application", "sdp"));
    BOOST_TEST(fails_with(m.require(), errc::header_not_found));
    BOOST_TEST(fails_with(m.event(), errc::header_not_found));
    BOOST_TEST(fails_with(m.www_authenticate(), errc::header_not_found));
}

BOOST_AUTO_TEST_CASE(accessors_cache_and_return_the_same_views)
{
    auto const m = corpus("01_invite_sdp_auth.sip");
    auto first = m.authorization();
    auto second = m.authorization();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(first->nonce.data() == second->nonce.data());
    BOOST_TEST(m.allow().value().data() == m.allow().value().data());
    // Views point into the message's own bytes.
    auto const bytes = m.bytes();
    BOOST_TEST(
        (first->nonce.data() >= bytes.data() && first->nonce.data() < bytes.data() + bytes.size()));
}

BOOST_AUTO_TEST_CASE(accessors_on_200_with_session_timer_and_require)
{
    auto const m = corpus("04_200_ok_invite_sdp.sip");
    auto se = m.session_expires();
    BOOST_TEST_REQUIRE(se.has_value());
    BOOST_TEST(se->delta_seconds == 1800u);
    BOOST_TEST((se->refresher == sip::refresher::uac));
    BOOST_TEST(to_vector(m.require().value()) == std::vector<std::string_view>{"timer"},
               boost::test_tools::per_element());
    BOOST_TEST(m.server().value() == "Asterisk PBX 20.5.2");
    BOOST_TEST(m.allow().value().size() == 14u);
    BOOST_TEST(fails_with(m.user_agent(), errc::header_not_found));
}

BOOST_AUTO_TEST_CASE(accessors_on_register_and_401)
{
    auto const reg = corpus("08_register_auth.sip");
    BOOST_TEST(reg.expires().value() == 300u);
    BOOST_TEST(reg.authorization().value().uri == "sip:example.com");
    BOOST_TEST(reg.authorization().value().cnonce == "6d2f8a01");
    BOOST_TEST(reg.supported().value().size() == 2u);

    auto const challenge = corpus("09_401_www_authenticate.sip");
    auto c = challenge.www_authenticate();
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->realm == "example.com");
    BOOST_TEST(c->nonce == "ZWN0Zm9vYmFyYmF6cXV4MTcwMDAwMDAwMDo2NmZhNDJiYw");
    BOOST_TEST(c->qop == "auth");
    BOOST_TEST(c->algorithm == "MD5");
    BOOST_TEST(!c->stale);
    BOOST_TEST(challenge.server().value() == "kamailio (5.6.3 (x86_64/linux))");
    BOOST_TEST(fails_with(challenge.proxy_authenticate(), errc::header_not_found));
}

BOOST_AUTO_TEST_CASE(accessors_on_subscribe_and_notify)
{
    auto const sub = corpus("10_subscribe_presence.sip");
    BOOST_TEST(sub.event().value().type == "presence");
    BOOST_TEST(sub.expires().value() == 600u);
    auto accept = sub.accept();
    BOOST_TEST_REQUIRE(accept.has_value());
    BOOST_TEST_REQUIRE(accept->size() == 2u);
    BOOST_TEST((*accept)[0].is("application", "pidf+xml"));
    BOOST_TEST((*accept)[1].subtype == "xpidf+xml");
    BOOST_TEST(((*accept)[1].q() == std::optional<std::uint16_t>(500)));
    BOOST_TEST(to_vector(sub.allow_events().value()) ==
                   (std::vector<std::string_view>{"presence", "message-summary", "refer"}),
               boost::test_tools::per_element());
    BOOST_TEST(fails_with(sub.subscription_state(), errc::header_not_found));

    auto const notify = corpus("11_notify_pidf.sip");
    BOOST_TEST(notify.event().value().package == "presence");
    auto state = notify.subscription_state();
    BOOST_TEST_REQUIRE(state.has_value());
    BOOST_TEST((state->state == sip::substate::active));
    BOOST_TEST((state->expires == std::optional<std::uint32_t>(599)));
    BOOST_TEST(notify.content_type().value().is("application", "pidf+xml"));
    BOOST_TEST(notify.allow_events().value().size() == 4u);
}

BOOST_AUTO_TEST_CASE(accessors_on_compact_and_multi_value_messages)
{
    auto const compact = corpus("13_compact_message.sip");
    BOOST_TEST(to_vector(compact.supported().value()) ==
                   (std::vector<std::string_view>{"path", "outbound"}),
               boost::test_tools::per_element());
    BOOST_TEST(compact.allow_events().value().size() == 2u);
    auto ct = compact.content_type();
    BOOST_TEST_REQUIRE(ct.has_value());
    BOOST_TEST(ct->is("text", "plain"));
    BOOST_TEST(ct->parameters().value("charset") == "UTF-8");

    auto const multi = corpus("14_multi_value_headers.sip");
    auto accept = multi.accept();
    BOOST_TEST_REQUIRE(accept.has_value());
    BOOST_TEST_REQUIRE(accept->size() == 4u);
    BOOST_TEST((*accept)[2].is("message", "sipfrag"));
    BOOST_TEST((*accept)[2].parameters().value("version") == "2.0");
    BOOST_TEST(multi.supported().value().size() == 6u);
    BOOST_TEST(multi.allow().value().size() == 13u);
    BOOST_TEST(multi.server().value() == "kamailio (5.6.3 (x86_64/linux))");
}

BOOST_AUTO_TEST_CASE(every_corpus_message_reads_its_typed_headers)
{
    // Whatever is present in the corpus parses; whatever is absent says header_not_found.
    for (auto const& [name, weight] : rvoip::test::corpus_mix()) {
        BOOST_TEST_CONTEXT(name)
        {
            auto const m = corpus(name.c_str());
            auto ok_or_absent = [](auto const& r) {
                return r.has_value() || r.error() == sip::make_error_code(errc::header_not_found);
            };
            BOOST_TEST(ok_or_absent(m.authorization()));
            BOOST_TEST(ok_or_absent(m.www_authenticate()));
            BOOST_TEST(ok_or_absent(m.content_type()));
            BOOST_TEST(ok_or_absent(m.accept()));
            BOOST_TEST(ok_or_absent(m.event()));
            BOOST_TEST(ok_or_absent(m.subscription_state()));
            BOOST_TEST(ok_or_absent(m.session_expires()));
            BOOST_TEST(ok_or_absent(m.min_se()));
            BOOST_TEST(ok_or_absent(m.expires()));
            BOOST_TEST(ok_or_absent(m.user_agent()));
            BOOST_TEST(ok_or_absent(m.server()));
            BOOST_TEST(ok_or_absent(m.allow()));
            BOOST_TEST(ok_or_absent(m.supported()));
            BOOST_TEST(ok_or_absent(m.require()));
            BOOST_TEST(ok_or_absent(m.allow_events()));
        }
    }
}

namespace {

std::string const prack = "PRACK sip:bob@192.0.2.4 SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK776asdhds\r\n"
                          "Max-Forwards: 70\r\n"
                          "To: <sip:bob@example.com>;tag=1928301774\r\n"
                          "From: <sip:alice@example.com>;tag=a6c85cf\r\n"
                          "Call-ID: a84b4c76e66710\r\n"
                          "CSeq: 314160 PRACK\r\n"
                          "RAck: 776656 314159 INVITE\r\n"
                          "Proxy-Require: sec-agree\r\n"
                          "Proxy-Authorization: Digest username=\"alice\", realm=\"proxy\", "
                          "nonce=\"n1\", uri=\"sip:bob@192.0.2.4\", response=\"00\"\r\n"
                          "Content-Length: 0\r\n\r\n";

std::string const refer = "REFER sip:bob@192.0.2.4 SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK776asdhdt\r\n"
                          "Max-Forwards: 70\r\n"
                          "To: <sip:bob@example.com>;tag=1928301774\r\n"
                          "From: <sip:alice@example.com>;tag=a6c85cf\r\n"
                          "Call-ID: a84b4c76e66711\r\n"
                          "CSeq: 93809823 REFER\r\n"
                          "r: "
                          "<sip:carol@example.com?Replaces=425928%40bobster.example.org%3Bto-tag%"
                          "3D7743%3Bfrom-tag%3D6472>\r\n"
                          "b: \"Alice\" <sip:alice@example.com>\r\n"
                          "Replaces: 425928@bobster.example.org;to-tag=7743;from-tag=6472\r\n"
                          "Event: refer\r\n"
                          "Content-Length: 0\r\n\r\n";

std::string const unavailable =
    "SIP/2.0 503 Service Unavailable\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK776asdhdu\r\n"
    "To: <sip:bob@example.com>;tag=1928301774\r\n"
    "From: <sip:alice@example.com>;tag=a6c85cf\r\n"
    "Call-ID: a84b4c76e66712\r\n"
    "CSeq: 1 INVITE\r\n"
    "RSeq: 988789\r\n"
    "Retry-After: 120 (I'm in a meeting);duration=3600\r\n"
    "Warning: 307 isi.edu \"Session parameter 'foo' not understood\", 301 isi.edu \"Incompatible "
    "network address type 'E.164'\"\r\n"
    "Warning: 399 example.net \"a, b\"\r\n"
    "Unsupported: foo, bar\r\n"
    "Min-Expires: 3600\r\n"
    "Accept:\r\n"
    "Proxy-Authenticate: Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", "
    "qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, "
    "algorithm=MD5\r\n"
    "Content-Length: 0\r\n\r\n";

} // namespace

BOOST_AUTO_TEST_CASE(accessors_for_prack_and_proxy_headers)
{
    auto const m = parse(prack);
    auto r = m.rack_header();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->response_num == 776656u);
    BOOST_TEST(r->cseq_num == 314159u);
    BOOST_TEST((r->method == sip::method::invite));
    BOOST_TEST(to_vector(m.proxy_require().value()) == std::vector<std::string_view>{"sec-agree"},
               boost::test_tools::per_element());
    BOOST_TEST(m.proxy_authorization().value().realm == "proxy");
    BOOST_TEST(fails_with(m.rseq(), errc::header_not_found));
}

BOOST_AUTO_TEST_CASE(accessors_for_refer_and_replaces)
{
    auto const m = parse(refer);
    auto to = m.refer_to();
    BOOST_TEST_REQUIRE(to.has_value());
    BOOST_TEST(to->uri.user == "carol");
    auto by = m.referred_by();
    BOOST_TEST_REQUIRE(by.has_value());
    BOOST_TEST(by->display_decoded() == "Alice");
    auto rep = m.replaces_header();
    BOOST_TEST_REQUIRE(rep.has_value());
    BOOST_TEST(rep->call_id == "425928@bobster.example.org");
    BOOST_TEST(rep->to_tag == "7743");
    BOOST_TEST(rep->from_tag == "6472");
    BOOST_TEST(m.event().value().type == "refer");
}

BOOST_AUTO_TEST_CASE(accessors_for_503_retry_warning_and_empty_accept)
{
    auto const m = parse(unavailable);
    BOOST_TEST(m.rseq().value() == 988789u);
    auto ra = m.retry_after();
    BOOST_TEST_REQUIRE(ra.has_value());
    BOOST_TEST(ra->delta_seconds == 120u);
    BOOST_TEST(ra->comment == "(I'm in a meeting)");
    BOOST_TEST((ra->duration == std::optional<std::uint32_t>(3600)));
    auto w = m.warnings();
    BOOST_TEST_REQUIRE(w.has_value());
    BOOST_TEST_REQUIRE(w->size() == 3u);
    BOOST_TEST((*w)[0].code == 307);
    BOOST_TEST((*w)[1].warn_text == "Incompatible network address type 'E.164'");
    BOOST_TEST((*w)[2].warn_text == "a, b");
    BOOST_TEST(m.unsupported().value().size() == 2u);
    BOOST_TEST(m.min_expires().value() == 3600u);
    // RFC 3261 §20.1: an empty Accept means no body is acceptable; it is present, not absent.
    auto accept = m.accept();
    BOOST_TEST_REQUIRE(accept.has_value());
    BOOST_TEST(accept->empty());
    auto pa = m.proxy_authenticate();
    BOOST_TEST_REQUIRE(pa.has_value());
    BOOST_TEST(pa->domain == "sip:ss1.carrier.com");
    BOOST_TEST(pa->offers_qop("auth"));
}

BOOST_AUTO_TEST_CASE(malformed_headers_report_the_parser_error_every_time)
{
    auto const m =
        parse("OPTIONS sip:bob@example.com SIP/2.0\r\n"
              "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK776asdhdv\r\n"
              "To: <sip:bob@example.com>\r\n"
              "From: <sip:alice@example.com>;tag=a6c85cf\r\n"
              "Call-ID: a84b4c76e66713\r\n"
              "CSeq: 1 OPTIONS\r\n"
              "Expires: never\r\n"
              "Supported: timer, 100 rel\r\n"
              "Require:\r\n"
              "Content-Type: sdp\r\n"
              "Session-Expires: 1800;refresher=me\r\n"
              "Refer-To: <not a uri>\r\n"
              "Content-Length: 0\r\n\r\n",
              sip::validation::mandatory); // strict validation would reject the message itself
    for (int i = 0; i < 2; ++i) {
        BOOST_TEST(fails_with(m.expires(), errc::bad_header_value));
        BOOST_TEST(fails_with(m.supported(), errc::bad_header_value));
        BOOST_TEST(fails_with(m.require(), errc::bad_header_value));
        BOOST_TEST(fails_with(m.content_type(), errc::bad_header_value));
        BOOST_TEST(fails_with(m.session_expires(), errc::bad_header_value));
        BOOST_TEST(!m.refer_to().has_value());
    }
}

BOOST_AUTO_TEST_SUITE_END()
