// The RTCP transmission interval of RFC 3550 §6.3 and A.7.
#include <rvoip/rtp/rtcp_interval.hpp>

#include "print.hpp"
#include "seeded_random.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace rtp = rvoip::rtp;

BOOST_AUTO_TEST_SUITE(rtcp_interval)

BOOST_AUTO_TEST_CASE(small_sessions_use_the_minimum_halved_at_start)
{
    rtp::rtcp_interval_input in{.members = 2,
                                .senders = 1,
                                .rtcp_bandwidth = 500,
                                .we_sent = true,
                                .average_rtcp_size = 100};
    BOOST_TEST(rtp::rtcp_deterministic_interval(in).count() == 5.0);
    in.initial = true;
    BOOST_TEST(rtp::rtcp_deterministic_interval(in).count() == 2.5);
}

BOOST_AUTO_TEST_CASE(large_sessions_split_bandwidth_between_senders_and_receivers)
{
    rtp::rtcp_interval_input in{.members = 1000,
                                .senders = 10,
                                .rtcp_bandwidth = 500,
                                .we_sent = false,
                                .average_rtcp_size = 100};
    // receivers share 75%: 100 * 990 / 375
    BOOST_TEST(std::abs(rtp::rtcp_deterministic_interval(in).count() - 264.0) < 1e-9);
    in.we_sent = true; // senders share 25%: 100 * 10 / 125
    BOOST_TEST(std::abs(rtp::rtcp_deterministic_interval(in).count() - 8.0) < 1e-9);
    in.senders = 400; // more than a quarter are senders: everyone shares everything
    BOOST_TEST(std::abs(rtp::rtcp_deterministic_interval(in).count() - 200.0) < 1e-9);
}

BOOST_AUTO_TEST_CASE(randomisation_spans_half_to_one_and_a_half_over_e_minus_1_5)
{
    rtp::rtcp_interval_input in{.members = 1000,
                                .senders = 10,
                                .rtcp_bandwidth = 500,
                                .we_sent = true,
                                .average_rtcp_size = 100};
    rtp::test::constant_random low(0x00), high(0xFF);
    double const c = 2.71828 - 1.5;
    BOOST_TEST(std::abs(rtp::rtcp_interval(in, low).value().count() - 8.0 * 0.5 / c) < 1e-9);
    BOOST_TEST(std::abs(rtp::rtcp_interval(in, high).value().count() - 8.0 * 1.5 / c) < 1e-6);
    rtp::test::seeded_random r(7);
    double sum = 0;
    for (int i = 0; i < 2000; ++i) {
        double const t = rtp::rtcp_interval(in, r).value().count();
        BOOST_TEST_REQUIRE(t >= 8.0 * 0.5 / c);
        BOOST_TEST_REQUIRE(t < 8.0 * 1.5 / c);
        sum += t;
    }
    BOOST_TEST(std::abs(sum / 2000 - 8.0 / c) < 0.1); // mean of uniform[0.5,1.5) is 1
}

BOOST_AUTO_TEST_CASE(a_failing_random_source_is_an_error)
{
    rtp::test::constant_random broken(0, true);
    BOOST_TEST(rtp::rtcp_interval({}, broken).error() == rtp::errc::random_failed);
}

BOOST_AUTO_TEST_CASE(average_size_moves_one_sixteenth)
{
    BOOST_TEST(rtp::average_rtcp_size(100, 260) == 110.0);
}

BOOST_AUTO_TEST_SUITE_END()
