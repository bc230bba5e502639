// The G.107 E-model against the standard's default example and its published behaviour.
#include <rvoip/media/e_model.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace media = rvoip::media;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(e_model)

BOOST_AUTO_TEST_CASE(default_parameters_give_r_93_2_and_mos_4_41)
{
    auto const r = media::evaluate({});
    // G.107 §7.7 (note): with all defaults R = 93.2 (Ro = 94.77, Is = 1.41, Id = 0.15).
    BOOST_TEST(r.r == 93.2, tt::tolerance(0.001));
    BOOST_TEST(r.ro == 94.77, tt::tolerance(0.001));
    BOOST_TEST(r.is == 1.41, tt::tolerance(0.01));
    BOOST_TEST(r.id == 0.15, tt::tolerance(0.1));
    BOOST_TEST(r.mos == 4.41, tt::tolerance(0.002));
}

BOOST_AUTO_TEST_CASE(mos_mapping_follows_annex_b)
{
    BOOST_TEST(media::mos_from_r(-5) == 1.0);
    BOOST_TEST(media::mos_from_r(0) == 1.0);
    BOOST_TEST(media::mos_from_r(120) == 4.5);
    BOOST_TEST(media::mos_from_r(50) == 2.575, tt::tolerance(1e-9));
    BOOST_TEST(media::mos_from_r(80) == 4.024, tt::tolerance(1e-9));
    // G.107 Table B.1 user satisfaction thresholds: R 90 -> 4.34, R 70 -> 3.60, R 50 -> 2.58.
    BOOST_TEST(media::mos_from_r(90) == 4.34, tt::tolerance(0.001));
    BOOST_TEST(media::mos_from_r(70) == 3.60, tt::tolerance(0.002));
}

BOOST_AUTO_TEST_CASE(ie_eff_follows_g107_equation_7_29)
{
    media::e_model_parameters p;
    p.ppl = 2;
    p.bpl = 25.1;
    auto const r = media::evaluate(p);
    BOOST_TEST(r.ie_eff == 95.0 * 2 / (2 + 25.1), tt::tolerance(1e-9));
    p.burst_r = 2; // bursty loss hurts more than random loss at the same rate
    BOOST_TEST(media::evaluate(p).ie_eff > r.ie_eff);
}

BOOST_AUTO_TEST_CASE(delay_above_100_ms_adds_idd)
{
    media::e_model_parameters p;
    p.ta = 100;
    auto const at_100 = media::evaluate(p).id;
    p.ta = 400;
    auto const at_400 = media::evaluate(p).id;
    // G.107 eq. 7-28 at Ta = 400 ms: X = 2, Idd = 25 {(1+64)^(1/6) - 3 (1+(2/3)^6)^(1/6) + 2}.
    double const idd =
        25 * (std::pow(65.0, 1.0 / 6) - 3 * std::pow(1 + std::pow(2.0 / 3, 6), 1.0 / 6) + 2);
    BOOST_TEST(at_400 - at_100 == idd, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_clean_loopback_call_rates_high_and_a_lossy_one_low)
{
    media::call_measurements m;
    m.codec = media::g113_impairment("PCMU");
    m.rtt_ms = 0.4;
    m.jitter_buffer_ms = 20;
    auto const clean = media::rate_call(m);
    BOOST_TEST(clean.mos > 4.3);
    m.loss_pct = 10;
    auto const lossy = media::rate_call(m);
    BOOST_TEST(lossy.mos < 3.6);
    BOOST_TEST(lossy.mos > 2.5);
}

BOOST_AUTO_TEST_CASE(quality_falls_monotonically_with_loss_and_delay)
{
    media::call_measurements m;
    m.codec = media::g113_impairment("opus");
    double previous = 5;
    for (double loss = 0; loss <= 20; loss += 1) {
        m.loss_pct = loss;
        auto const mos = media::rate_call(m).mos;
        BOOST_TEST(mos < previous);
        previous = mos;
    }
    m.loss_pct = 0;
    previous = 5;
    for (double rtt = 0; rtt <= 800; rtt += 50) {
        m.rtt_ms = rtt;
        auto const mos = media::rate_call(m).mos;
        BOOST_TEST(mos <= previous);
        previous = mos;
    }
    BOOST_TEST(previous < 3.5); // 400 ms one way is poor
}

BOOST_AUTO_TEST_CASE(burst_ratio_is_one_for_random_loss)
{
    BOOST_TEST(media::burst_ratio(0.1, 1.0 / 0.9) == 1.0, tt::tolerance(1e-9));
    BOOST_TEST(media::burst_ratio(0.1, 3) == 2.7, tt::tolerance(1e-9));
    BOOST_TEST(media::burst_ratio(0, 3) == 1.0);
    BOOST_TEST(media::g113_impairment("PCMA").bpl == 25.1);
    BOOST_TEST(media::g113_impairment("G729").bpl == 4.3);
}

BOOST_AUTO_TEST_SUITE_END()
