// URIs (uri.hpp): sip, sips, tel and other schemes (RFC 3261 §19.1, §25.1; RFC 3966), IPv6
// references (RFC 5118), rejection of malformed URIs, and the equivalence rules of RFC 3261
// §19.1.4 with the RFC's own examples.
#include <rvoip/sip/uri.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace sip = rvoip::sip;
using sip::errc;
using sip::uri_scheme;

namespace {

/// Parses a URI that must be valid (the text is a literal, so the views stay valid).
sip::uri parse(std::string_view text)
{
    auto u = sip::parse_uri(text);
    BOOST_TEST_REQUIRE(u.has_value(), "parse_uri(\"" << text << "\") failed");
    return *u;
}

/// True when both parse and are equivalent in both directions; a failed parse fails the test.
bool equivalent(std::string_view a, std::string_view b)
{
    auto const ua = parse(a);
    auto const ub = parse(b);
    bool const ab = sip::equivalent(ua, ub);
    bool const ba = sip::equivalent(ub, ua);
    BOOST_TEST(ab == ba, "equivalence of " << a << " and " << b << " is not symmetric");
    return ab && ba;
}

} // namespace

BOOST_AUTO_TEST_SUITE(uri)

// --- schemes and components (RFC 3261 §19.1.3 examples) -------------------------------------

BOOST_AUTO_TEST_CASE(sip_uri_has_user_and_host)
{
    auto const u = parse("sip:alice@atlanta.com");
    BOOST_TEST((u.scheme == uri_scheme::sip));
    BOOST_TEST(u.scheme_text == "sip");
    BOOST_TEST(u.has_user);
    BOOST_TEST(u.user == "alice");
    BOOST_TEST(u.password.empty());
    BOOST_TEST(u.host == "atlanta.com");
    BOOST_TEST(!u.has_port);
    BOOST_TEST(u.port == 0);
    BOOST_TEST(u.params.empty());
    BOOST_TEST(u.headers.empty());
    BOOST_TEST(u.text == "sip:alice@atlanta.com");
}

BOOST_AUTO_TEST_CASE(sip_uri_password_and_transport_parameter)
{
    auto const u = parse("sip:alice:secretword@atlanta.com;transport=tcp");
    BOOST_TEST(u.user == "alice");
    BOOST_TEST(u.password == "secretword");
    BOOST_TEST(u.host == "atlanta.com");
    BOOST_TEST(u.params == ";transport=tcp");
    BOOST_TEST(u.parameters().value("transport") == "tcp");
}

BOOST_AUTO_TEST_CASE(sips_uri_headers_are_split_at_ampersands)
{
    auto const u = parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
    BOOST_TEST((u.scheme == uri_scheme::sips));
    BOOST_TEST(u.host == "atlanta.com");
    BOOST_TEST(u.headers == "subject=project%20x&priority=urgent");
    BOOST_TEST(u.header_fields().value("subject") == "project%20x");
    BOOST_TEST(u.header_fields().value("priority") == "urgent");
    BOOST_TEST(u.params.empty());
}

BOOST_AUTO_TEST_CASE(telephone_subscriber_user_with_password_and_user_phone)
{
    auto const u = parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
    BOOST_TEST(u.user == "+1-212-555-1212");
    BOOST_TEST(u.password == "1234");
    BOOST_TEST(u.host == "gateway.com");
    BOOST_TEST(u.parameters().value("user") == "phone");
}

BOOST_AUTO_TEST_CASE(ipv4_host_without_user)
{
    auto const u = parse("sip:192.0.2.4");
    BOOST_TEST(!u.has_user);
    BOOST_TEST(u.user.empty());
    BOOST_TEST(u.host == "192.0.2.4");
}

BOOST_AUTO_TEST_CASE(uri_without_user_keeps_method_parameter_and_escaped_header)
{
    auto const u = parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
    BOOST_TEST(!u.has_user);
    BOOST_TEST(u.host == "atlanta.com");
    BOOST_TEST(u.parameters().value("method") == "REGISTER");
    BOOST_TEST(u.header_fields().value("to") == "alice%40atlanta.com");
}

BOOST_AUTO_TEST_CASE(semicolon_in_user_part_belongs_to_the_user)
{
    auto const u = parse("sip:alice;day=tuesday@atlanta.com");
    BOOST_TEST(u.user == "alice;day=tuesday");
    BOOST_TEST(u.host == "atlanta.com");
    BOOST_TEST(u.params.empty());
}

BOOST_AUTO_TEST_CASE(explicit_port_is_read)
{
    auto const u = parse("sip:bob@biloxi.com:5070;transport=tcp");
    BOOST_TEST(u.has_port);
    BOOST_TEST(u.port == 5070);
    BOOST_TEST(u.port_or_default() == 5070);
    BOOST_TEST(u.host == "biloxi.com");
}

BOOST_AUTO_TEST_CASE(port_defaults_to_5060_for_sip_and_5061_for_sips)
{
    BOOST_TEST(parse("sip:bob@biloxi.com").port_or_default() == 5060);
    BOOST_TEST(parse("sips:bob@biloxi.com").port_or_default() == 5061);
}

BOOST_AUTO_TEST_CASE(scheme_name_is_case_insensitive_and_kept_as_written)
{
    auto const u = parse("SIP:alice@atlanta.com");
    BOOST_TEST((u.scheme == uri_scheme::sip));
    BOOST_TEST(u.scheme_text == "SIP");
    auto const s = parse("SiPs:alice@atlanta.com");
    BOOST_TEST((s.scheme == uri_scheme::sips));
}

BOOST_AUTO_TEST_CASE(flag_parameter_has_no_value)
{
    auto const u = parse("sip:p1.example.com;lr;transport=udp");
    auto const lr = u.parameters().find("lr");
    BOOST_TEST_REQUIRE(lr.has_value());
    BOOST_TEST(!lr->has_value);
    BOOST_TEST(u.parameters().value("transport") == "udp");
    BOOST_TEST(!u.parameters().contains("maddr"));
}

BOOST_AUTO_TEST_CASE(parameter_names_match_case_insensitively)
{
    auto const u = parse("sip:alice@atlanta.com;Transport=TCP");
    BOOST_TEST(u.parameters().value("transport") == "TCP");
}

BOOST_AUTO_TEST_CASE(tel_uri_number_is_the_user_and_parameters_follow_it)
{
    // RFC 3966 §6 examples.
    auto const u = parse("tel:+1-201-555-0123");
    BOOST_TEST((u.scheme == uri_scheme::tel));
    BOOST_TEST(u.user == "+1-201-555-0123");
    BOOST_TEST(u.params.empty());

    auto const local = parse("tel:7042;phone-context=example.com");
    BOOST_TEST((local.scheme == uri_scheme::tel));
    BOOST_TEST(local.user == "7042");
    BOOST_TEST(local.parameters().value("phone-context") == "example.com");
}

BOOST_AUTO_TEST_CASE(unknown_scheme_is_kept_as_opaque_text)
{
    // RFC 4475 §3.3.2 unkscm and §3.3.4 unksm2.
    auto const u = parse("nobodyKnowsThisScheme:totallyopaquecontent");
    BOOST_TEST((u.scheme == uri_scheme::other));
    BOOST_TEST(u.scheme_text == "nobodyKnowsThisScheme");
    BOOST_TEST(u.opaque == "totallyopaquecontent");
    BOOST_TEST(u.text == "nobodyKnowsThisScheme:totallyopaquecontent");

    auto const http = parse("http://www.example.com");
    BOOST_TEST((http.scheme == uri_scheme::other));
    BOOST_TEST(http.scheme_text == "http");
    BOOST_TEST(http.opaque == "//www.example.com");
}

BOOST_AUTO_TEST_CASE(atypical_scheme_with_dots_is_an_absolute_uri)
{
    // RFC 4475 §3.3.3 novelsc.
    auto const u = parse("soap.beep://192.0.2.103:3002");
    BOOST_TEST((u.scheme == uri_scheme::other));
    BOOST_TEST(u.scheme_text == "soap.beep");
}

// --- escapes ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(escaped_user_is_decoded_by_user_decoded_and_kept_raw_in_user)
{
    auto const u = parse("sip:%61lice@atlanta.com");
    BOOST_TEST(u.user == "%61lice");
    BOOST_TEST(u.user_decoded() == "alice");
}

BOOST_AUTO_TEST_CASE(escaped_reserved_characters_in_user_decode_once)
{
    // RFC 4475 §3.1.1.3 esc01: the user is "sips:user@example.com".
    auto const u = parse("sip:sips%3Auser%40example.com@example.net");
    BOOST_TEST(u.user_decoded() == "sips:user@example.com");
    BOOST_TEST(u.host == "example.net");
    // Never unescape recursively: "%2541" is "%41", not "A".
    BOOST_TEST(parse("sip:a%2541@example.net").user_decoded() == "a%41");
}

BOOST_AUTO_TEST_CASE(escaped_nul_in_user_decodes_to_a_nul_byte)
{
    // RFC 4475 §3.1.1.4 escnull.
    auto const u = parse("sip:null-%00-null@example.com");
    BOOST_TEST(u.user_decoded() == std::string("null-\0-null", 11));
}

// --- IPv6 references (RFC 5118) --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(ipv6_reference_keeps_brackets_in_host)
{
    auto const u = parse("sip:[2001:db8::10]");
    BOOST_TEST(u.host == "[2001:db8::10]");
    BOOST_TEST(u.host_unbracketed() == "2001:db8::10");
    BOOST_TEST(!u.has_port);
}

BOOST_AUTO_TEST_CASE(ipv6_reference_with_port)
{
    auto const u = parse("sip:[2001:db8::10]:5070");
    BOOST_TEST(u.host == "[2001:db8::10]");
    BOOST_TEST(u.has_port);
    BOOST_TEST(u.port == 5070);
}

BOOST_AUTO_TEST_CASE(ipv6_reference_with_user_and_parameters)
{
    auto const u = parse("sip:alice@[2001:db8::10]:5070;transport=tcp");
    BOOST_TEST(u.user == "alice");
    BOOST_TEST(u.host == "[2001:db8::10]");
    BOOST_TEST(u.port == 5070);
    BOOST_TEST(u.parameters().value("transport") == "tcp");
}

BOOST_AUTO_TEST_CASE(ipv6_reference_with_embedded_ipv4)
{
    // RFC 5118 §4.9: an IPv4-mapped IPv6 address "must be prepared to parse it successfully".
    auto const u = parse("sip:user@[::ffff:192.0.2.10]");
    BOOST_TEST(u.host == "[::ffff:192.0.2.10]");
    BOOST_TEST(u.host_unbracketed() == "::ffff:192.0.2.10");
}

// --- rejection -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sip_uri_without_host_is_rejected)
{
    BOOST_TEST(!sip::parse_uri("sip:").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@;transport=tcp").has_value());
}

BOOST_AUTO_TEST_CASE(rejection_reports_errc_bad_uri)
{
    auto const r = sip::parse_uri("sip:alice@");
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error() == errc::bad_uri);
}

BOOST_AUTO_TEST_CASE(port_above_65535_is_rejected)
{
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com:70000").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com:65536").has_value());
    BOOST_TEST(sip::parse_uri("sip:alice@atlanta.com:65535").has_value());
}

BOOST_AUTO_TEST_CASE(non_numeric_or_empty_port_is_rejected)
{
    // port = 1*DIGIT (RFC 3261 §25.1).
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com:50a0").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com:").has_value());
}

BOOST_AUTO_TEST_CASE(unclosed_ipv6_reference_is_rejected)
{
    BOOST_TEST(!sip::parse_uri("sip:[2001:db8::10").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@[2001:db8::10:5070").has_value());
}

BOOST_AUTO_TEST_CASE(ipv6_reference_port_ambiguity_reads_the_last_group_as_address)
{
    // RFC 5118 §4.3 (port-ambiguous): "[2001:db8::10:5070]" is an address, no port.
    auto const u = parse("sip:user@[2001:db8::10:5070]");
    BOOST_TEST(u.host == "[2001:db8::10:5070]");
    BOOST_TEST(!u.has_port);
}

BOOST_AUTO_TEST_CASE(three_colon_ipv6_form_of_the_rfc_3261_abnf_is_tolerated)
{
    // RFC 5118 §4.10: tolerate both "2001:db8:::192.0.2.1" and "2001:db8::192.0.2.1".
    BOOST_TEST(parse("sip:[2001:db8:::192.0.2.1]").host == "[2001:db8:::192.0.2.1]");
    BOOST_TEST(parse("sip:[2001:db8::192.0.2.1]").host == "[2001:db8::192.0.2.1]");
}

BOOST_AUTO_TEST_CASE(hostname_labels_follow_rfc3261)
{
    // hostname = *( domainlabel "." ) toplabel [ "." ]; a label is alphanumerics with inner
    // hyphens; a top label starting with a digit makes the host an IPv4address.
    for (auto const* text : {"sip:a.example.com", "sip:example.com.", "sip:a-b.c", "sip:a1.b2",
                             "sip:1.2.3.4", "sip:1.2.3.4."})
        BOOST_TEST(sip::parse_uri(text).has_value(), text);
    BOOST_TEST(parse("sip:example.com.").host == "example.com.");
}

BOOST_AUTO_TEST_CASE(hostname_with_an_empty_or_hyphen_edged_label_is_rejected)
{
    for (auto const* text : {"sip:-a.com", "sip:a-.com", "sip:a.b-", "sip:a..com", "sip:.a.com",
                             "sip:a.com.."})
        BOOST_TEST(sip::parse_uri(text).error() == errc::bad_uri, text);
}

BOOST_AUTO_TEST_CASE(digit_top_label_must_be_an_ipv4_address)
{
    for (auto const* text : {"sip:1.2.3.256", "sip:1.2.3", "sip:01.2.3.4", "sip:a.1com"})
        BOOST_TEST(sip::parse_uri(text).error() == errc::bad_uri, text);
}

BOOST_AUTO_TEST_CASE(unbracketed_ipv6_address_is_rejected)
{
    // RFC 5118 §4.2 (ipv6-bad): IPv6reference = "[" IPv6address "]" (RFC 3261 §25.1).
    BOOST_TEST(!sip::parse_uri("sip:2001:db8::10").has_value());
}

BOOST_AUTO_TEST_CASE(spaces_in_uri_are_rejected)
{
    BOOST_TEST(!sip::parse_uri("sip:alice @atlanta.com").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta .com").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com; lr").has_value());
    BOOST_TEST(!sip::parse_uri(" sip:alice@atlanta.com").has_value());
    BOOST_TEST(!sip::parse_uri("sip:alice@atlanta.com ").has_value());
}

BOOST_AUTO_TEST_CASE(empty_text_and_text_without_scheme_are_rejected)
{
    BOOST_TEST(!sip::parse_uri("").has_value());
    BOOST_TEST(!sip::parse_uri("alice@atlanta.com").has_value());
    BOOST_TEST(!sip::parse_uri(":alice@atlanta.com").has_value());
}

BOOST_AUTO_TEST_CASE(angle_brackets_around_uri_are_rejected)
{
    // RFC 4475 §3.1.2.7 ltgtruri: "<sip:...>" is not a URI.
    BOOST_TEST(!sip::parse_uri("<sip:user@example.com>").has_value());
}

// --- equivalence: RFC 3261 §19.1.4 ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(escaped_user_and_host_case_and_parameter_case_are_equivalent)
{
    BOOST_TEST(
        equivalent("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
}

BOOST_AUTO_TEST_CASE(parameters_in_only_one_uri_are_ignored)
{
    BOOST_TEST(equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
    BOOST_TEST(equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
    BOOST_TEST(equivalent("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"));
}

BOOST_AUTO_TEST_CASE(parameter_order_does_not_matter)
{
    BOOST_TEST(equivalent("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                          "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
}

BOOST_AUTO_TEST_CASE(header_order_does_not_matter)
{
    BOOST_TEST(equivalent("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                          "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
}

BOOST_AUTO_TEST_CASE(user_part_is_case_sensitive)
{
    BOOST_TEST(
        !equivalent("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sip:ALICE@atlanta.com"));
}

BOOST_AUTO_TEST_CASE(port_present_in_one_uri_only_is_not_equivalent)
{
    BOOST_TEST(!equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
}

BOOST_AUTO_TEST_CASE(transport_present_in_one_uri_only_is_not_equivalent)
{
    BOOST_TEST(!equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
}

BOOST_AUTO_TEST_CASE(port_and_transport_present_in_one_uri_only_is_not_equivalent)
{
    BOOST_TEST(!equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
}

BOOST_AUTO_TEST_CASE(header_present_in_one_uri_only_is_not_equivalent)
{
    BOOST_TEST(
        !equivalent("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
}

BOOST_AUTO_TEST_CASE(host_name_and_its_address_are_not_equivalent)
{
    BOOST_TEST(!equivalent("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
}

BOOST_AUTO_TEST_CASE(same_parameter_with_different_values_is_not_equivalent)
{
    // §19.1.4: "sip:carol@chicago.com;security=on" and ";security=off" are not equivalent.
    BOOST_TEST(
        !equivalent("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
}

BOOST_AUTO_TEST_CASE(sip_and_sips_are_never_equivalent)
{
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sips:alice@atlanta.com"));
}

BOOST_AUTO_TEST_CASE(user_ttl_method_and_maddr_in_one_uri_only_are_not_equivalent)
{
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sip:alice@atlanta.com;user=phone"));
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sip:alice@atlanta.com;ttl=15"));
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sip:alice@atlanta.com;method=INVITE"));
    BOOST_TEST(!equivalent("sip:alice@atlanta.com", "sip:alice@atlanta.com;maddr=239.255.255.1"));
}

BOOST_AUTO_TEST_CASE(password_is_case_sensitive)
{
    BOOST_TEST(!equivalent("sip:alice:secret@atlanta.com", "sip:alice:SECRET@atlanta.com"));
    BOOST_TEST(equivalent("sip:alice:secret@atlanta.com", "sip:alice:%73ecret@atlanta.com"));
}

BOOST_AUTO_TEST_CASE(escaped_unreserved_characters_in_parameters_and_headers_are_equivalent)
{
    // §19.1.4: characters outside the reserved set are equivalent to their "%" HEX HEX
    // encoding, in every component (not only the user part).
    BOOST_TEST(
        equivalent("sip:alice@atlanta.com;transport=%74cp", "sip:alice@atlanta.com;transport=tcp"));
    BOOST_TEST(equivalent("sip:alice@atlanta.com?subject=%70roject",
                          "sip:alice@atlanta.com?subject=project"));
}

BOOST_AUTO_TEST_CASE(scheme_name_case_does_not_matter)
{
    BOOST_TEST(equivalent("SIP:alice@atlanta.com", "sip:alice@atlanta.com"));
}

BOOST_AUTO_TEST_CASE(ipv6_references_compare_equal_to_themselves_and_differ_by_port)
{
    BOOST_TEST(equivalent("sip:[2001:db8::10]:5070", "sip:[2001:DB8::10]:5070"));
    BOOST_TEST(!equivalent("sip:[2001:db8::10]:5070", "sip:[2001:db8::10]"));
}

BOOST_AUTO_TEST_CASE(tel_uris_ignore_visual_separators)
{
    // RFC 3966 §4: visual separators are ignored when comparing.
    BOOST_TEST(equivalent("tel:+1-201-555-0123", "tel:+1.201.555.0123"));
    BOOST_TEST(equivalent("tel:+1-201-555-0123", "tel:+12015550123"));
    BOOST_TEST(!equivalent("tel:+1-201-555-0123", "tel:+1-201-555-0124"));
}

BOOST_AUTO_TEST_CASE(other_schemes_compare_their_text)
{
    BOOST_TEST(equivalent("http://www.example.com", "http://www.example.com"));
    BOOST_TEST(!equivalent("http://www.example.com", "http://www.example.org"));
}

BOOST_AUTO_TEST_SUITE_END()
