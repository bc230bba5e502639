// Inputs the fuzz targets once crashed or tripped on (tests/sip-core/fuzz/regressions), kept as
// unit tests so that the fix stays.
#include <rvoip/sip/uri.hpp>

#include "print.hpp"
#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <variant>

namespace sip = rvoip::sip;

BOOST_AUTO_TEST_SUITE(fuzz_regressions)

BOOST_AUTO_TEST_CASE(uri_with_a_repeated_parameter_is_equivalent_to_itself)
{
    auto const text = rvoip::test::read_file(std::string(RVOIP_TEST_DATA_DIR) +
                                             "/../fuzz/regressions/uri-duplicate-param.txt");
    auto u = sip::parse_uri(text);
    BOOST_TEST_REQUIRE(u.has_value());
    BOOST_TEST(sip::equivalent(*u, *u));
}

BOOST_AUTO_TEST_CASE(uri_headers_with_a_repeated_name_compare_as_a_set)
{
    auto a = sip::parse_uri("sip:a@example.com?x=1&x=2");
    auto b = sip::parse_uri("sip:a@example.com?x=2&x=1");
    auto c = sip::parse_uri("sip:a@example.com?x=1&x=1");
    BOOST_TEST_REQUIRE((a && b && c));
    BOOST_TEST(sip::equivalent(*a, *a));
    BOOST_TEST(sip::equivalent(*a, *b));
    BOOST_TEST(!sip::equivalent(*a, *c));
    BOOST_TEST(!sip::equivalent(*c, *a));
}

BOOST_AUTO_TEST_SUITE_END()

// Findings of the sip-core review, kept as tests.
#include <rvoip/sip/message.hpp>
#include <rvoip/sip/stream_framer.hpp>

BOOST_AUTO_TEST_SUITE(review_regressions)

namespace {
std::string const head = "OPTIONS sip:bob@example.com SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776\r\n"
                         "From: <sip:alice@example.com>;tag=1\r\n"
                         "To: <sip:bob@example.com>\r\n"
                         "Call-ID: a84b@pc33\r\n"
                         "CSeq: 1 OPTIONS\r\n";
} // namespace

BOOST_AUTO_TEST_CASE(equivalence_of_uris_with_many_headers_is_fast)
{
    std::string text = "sip:a@example.com?";
    for (int i = 0; i < 5000; ++i)
        text += "h" + std::to_string(i % 50) + "=v&";
    text += "z=1";
    auto u = sip::parse_uri(text);
    BOOST_TEST_REQUIRE(u.has_value());
    auto const t0 = std::chrono::steady_clock::now();
    BOOST_TEST(sip::equivalent(*u, *u));
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1)));
}

BOOST_AUTO_TEST_CASE(strict_checks_every_field_not_only_the_first)
{
    auto two_dates = sip::parse_message(head + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\nDate: garbage\r\n"
                                               "Content-Length: 0\r\n\r\n");
    BOOST_TEST(!two_dates.has_value());
    auto control = sip::parse_message(head + "Subject: ok\r\nSubject: a\x01" "b\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(!control.has_value());
    auto expires = sip::parse_message(head + "Expires: 10\r\nExpires: 20\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST_REQUIRE(!expires.has_value());
    BOOST_TEST(expires.error().code == sip::errc::duplicate_header);
    // Challenges and credentials come one field per realm or algorithm (RFC 7235 §4.1, RFC 8760
    // §2.4): different values are not a conflict, and each field is still checked.
    auto two_challenges = sip::parse_message(head + "WWW-Authenticate: Digest realm=\"a\", nonce=\"1\", algorithm=SHA-256\r\n"
                                                     "WWW-Authenticate: Digest realm=\"a\", nonce=\"2\"\r\n"
                                                     "Content-Length: 0\r\n\r\n");
    BOOST_TEST(two_challenges.has_value());
    auto bad_second = sip::parse_message(head + "Proxy-Authenticate: Digest realm=\"a\", nonce=\"1\"\r\n"
                                                 "Proxy-Authenticate: Digest realm=\"a, nonce=\r\n"
                                                 "Content-Length: 0\r\n\r\n");
    BOOST_TEST(!bad_second.has_value());
}

BOOST_AUTO_TEST_CASE(editing_keeps_the_validation_level_the_message_was_parsed_with)
{
    sip::parse_options opt;
    opt.check = sip::validation::index;
    auto m = sip::parse_message(head + "Contact: <<bad>>\r\nContent-Length: 0\r\n\r\n", opt);
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(!m->set_header(sip::header_id::subject, "hello"));
    BOOST_TEST(m->find(sip::header_id::subject)->value == "hello");
}

BOOST_AUTO_TEST_CASE(via_sent_by_received_and_maddr_follow_the_host_grammar)
{
    for (auto bad : {"SIP/2.0/UDP ..--..;branch=z9hG4bK1", "SIP/2.0/UDP -;branch=z9hG4bK1",
                     "SIP/2.0/UDP 999.1.1.1;branch=z9hG4bK1", "SIP/2.0/UDP [1];branch=z9hG4bK1",
                     "SIP/2.0/UDP h.example.com;received=notanip", "SIP/2.0/UDP h.example.com;maddr=!!!"})
        BOOST_TEST(!sip::parse_via(bad).has_value(), bad);
    auto ok = sip::parse_via("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bK1;branch=z9hG4bK2");
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->branch == "z9hG4bK1"); // the first occurrence, as find() reads it
}

BOOST_AUTO_TEST_CASE(tel_global_numbers_are_digits_and_local_ones_need_a_context)
{
    BOOST_TEST(!sip::parse_uri("tel:abc").has_value());
    BOOST_TEST(!sip::parse_uri("tel:+abc").has_value());
    BOOST_TEST(!sip::parse_uri("tel:7042").has_value());
    BOOST_TEST(sip::parse_uri("tel:7042;phone-context=example.com").has_value());
    BOOST_TEST(sip::parse_uri("tel:+1-201-555-0123").has_value());
}

BOOST_AUTO_TEST_CASE(a_tag_needs_a_token_value)
{
    BOOST_TEST(!sip::parse_name_addr("<sip:a@example.com>;tag").has_value());
    BOOST_TEST(!sip::parse_name_addr("<sip:a@example.com>;tag=\"x\"").has_value());
    BOOST_TEST(!sip::parse_name_addr(std::string_view()).has_value());
}

BOOST_AUTO_TEST_CASE(an_addr_spec_may_quote_a_less_than_in_a_parameter)
{
    // The addr-spec form (RFC 3261 §20.10): a '<' inside a quoted parameter value does not
    // open a name-addr.
    auto a = sip::parse_name_addr("sip:a@b.c;p=\"<x>\";tag=t1");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->tag == "t1");
    auto b = sip::parse_name_addr("Bob <sip:b@b.c>;p=\"<y>\"");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->display == "Bob");
}

BOOST_AUTO_TEST_CASE(a_ping_split_across_reads_is_still_a_ping)
{
    sip::stream_framer f;
    f.feed("\r\n");
    auto first = f.next();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(!std::get<sip::keepalive>(*first).ping);
    f.feed("\r\n");
    auto second = f.next();
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(std::get<sip::keepalive>(*second).ping);
}

BOOST_AUTO_TEST_CASE(a_folded_content_length_frames_the_message)
{
    sip::stream_framer f;
    f.feed(head + "Content-Length:\r\n 0\r\n\r\n");
    auto m = f.next();
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(std::holds_alternative<sip::message>(*m));
}

BOOST_AUTO_TEST_CASE(feeding_a_header_block_byte_by_byte_stays_linear)
{
    sip::stream_framer f;
    std::string const block = head + "X-Pad: " + std::string(60000, 'x') + "\r\n";
    auto const t0 = std::chrono::steady_clock::now();
    for (char c : block) {
        f.feed(std::string_view(&c, 1));
        BOOST_TEST_REQUIRE(!f.next().has_value());
    }
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2)));
}

BOOST_AUTO_TEST_CASE(ip_literals_compare_as_addresses)
{
    auto a = sip::parse_uri("sip:alice@[::1]");
    auto b = sip::parse_uri("sip:alice@[0:0::1]");
    auto c = sip::parse_uri("sip:alice@[::2]");
    BOOST_TEST_REQUIRE((a && b && c));
    BOOST_TEST(sip::equivalent(*a, *b));
    BOOST_TEST(!sip::equivalent(*a, *c));
}

BOOST_AUTO_TEST_CASE(contact_star_only_alone_in_a_register)
{
    auto const reg = std::string("REGISTER sip:example.com SIP/2.0\r\n"
                                 "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776\r\n"
                                 "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:alice@example.com>\r\n"
                                 "Call-ID: r@pc33\r\nCSeq: 2 REGISTER\r\nExpires: 0\r\n");
    BOOST_TEST(sip::parse_message(reg + "Contact: *\r\nContent-Length: 0\r\n\r\n").has_value());
    BOOST_TEST(!sip::parse_message(reg + "Contact: *, <sip:a@b.example>\r\nContent-Length: 0\r\n\r\n").has_value());
    BOOST_TEST(!sip::parse_message(head + "Contact: *\r\nContent-Length: 0\r\n\r\n").has_value());
}

BOOST_AUTO_TEST_CASE(a_backslash_nul_is_only_a_quoted_pair_inside_quotes)
{
    std::string const outside = head + std::string("Subject: a\\\0b\r\nContent-Length: 0\r\n\r\n", 36);
    BOOST_TEST(!sip::parse_message(outside).has_value());
}

BOOST_AUTO_TEST_CASE(emptying_the_body_drops_its_content_type)
{
    auto m = sip::parse_message(head + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(!m->set_body(""));
    BOOST_TEST(!m->find(sip::header_id::content_type).has_value());
    BOOST_TEST(m->body().empty());
}

BOOST_AUTO_TEST_SUITE_END()
