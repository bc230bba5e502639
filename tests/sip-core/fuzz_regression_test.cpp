// Inputs the fuzz targets once crashed or tripped on (tests/sip-core/fuzz/regressions), kept as
// unit tests so that the fix stays.
#include <rvoip/sip/uri.hpp>

#include "print.hpp"
#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

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
