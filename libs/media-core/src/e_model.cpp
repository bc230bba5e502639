#include <rvoip/media/e_model.hpp>

#include <algorithm>
#include <cmath>

namespace rvoip::media {
namespace {

double pow10(double x)
{
    return std::pow(10.0, x);
}

/// G.107 §7.2: Ro and the noise sum No.
double total_noise(e_model_parameters const& p)
{
    double const olr = p.slr + p.rlr;
    double const nos = p.ps - p.slr - p.ds - 100 + 0.004 * std::pow(p.ps - olr - p.ds - 14, 2);
    double const pre = p.pr + 10 * std::log10(1 + pow10((10 - p.lstr) / 10));
    double const nor = p.rlr - 121 + pre + 0.008 * std::pow(pre - 35, 2);
    double const nfo = p.nfor + p.rlr;
    return 10 * std::log10(pow10(p.nc / 10) + pow10(nos / 10) + pow10(nor / 10) + pow10(nfo / 10));
}

/// G.107 §7.3: Is = Iolr + Ist + Iq.
double simultaneous_impairment(e_model_parameters const& p, double no, double ro)
{
    double const olr = p.slr + p.rlr;
    double const xolr = olr + 0.2 * (64 + no - p.rlr);
    double const iolr = 20 * (std::pow(1 + std::pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
    double const stmro =
        -10 * std::log10(pow10(-p.stmr / 10) + std::exp(-p.t / 4) * pow10(-p.telr / 10));
    double const ist = 12 * std::pow(1 + std::pow((stmro - 13) / 6, 8), 1.0 / 8) -
                       28 * std::pow(1 + std::pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
                       13 * std::pow(1 + std::pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
    double const q = 37 - 15 * std::log10(p.qdu);
    double const g = 1.07 + 0.258 * q + 0.0602 * q * q;
    double const y = (ro - 100) / 15 + 46.0 / 8.4 - g / 9;
    double const z = 46.0 / 30 - g / 40;
    double const iq = 15 * std::log10(1 + pow10(y) + pow10(z));
    return iolr + ist + iq;
}

/// G.107 §7.4: Id = Idte + Idle + Idd.
double delay_impairment(e_model_parameters const& p, double no, double ro)
{
    double const roe = -1.5 * (no - p.rlr);
    double terv =
        p.telr - 40 * std::log10((1 + p.t / 10) / (1 + p.t / 150)) + 6 * std::exp(-0.3 * p.t * p.t);
    if (p.stmr < 9) {
        // Low sidetone masks less echo (G.107 eq. 7-22: TERVs).
        double const stmro =
            -10 * std::log10(pow10(-p.stmr / 10) + std::exp(-p.t / 4) * pow10(-p.telr / 10));
        double const ist = 12 * std::pow(1 + std::pow((stmro - 13) / 6, 8), 1.0 / 8) -
                           28 * std::pow(1 + std::pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
                           13 * std::pow(1 + std::pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
        terv += ist / 2;
    }
    double const re = 80 + 2.5 * (terv - 14);
    double const idte =
        ((roe - re) / 2 + std::sqrt(std::pow(roe - re, 2) / 4 + 100) - 1) * (1 - std::exp(-p.t));
    double const rle = 10.5 * (p.wepl + 7) * std::pow(p.tr + 1, -0.25);
    double const idle = (ro - rle) / 2 + std::sqrt(std::pow(ro - rle, 2) / 4 + 169);
    double idd = 0;
    if (p.ta > 100) {
        double const x = std::log10(p.ta / 100) / std::log10(2.0);
        idd = 25 * (std::pow(1 + std::pow(x, 6), 1.0 / 6) -
                    3 * std::pow(1 + std::pow(x / 3, 6), 1.0 / 6) + 2);
    }
    return idte + idle + idd;
}

} // namespace

double mos_from_r(double r) noexcept
{
    if (r <= 0)
        return 1.0;
    if (r >= 100)
        return 4.5;
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

e_model_result evaluate(e_model_parameters const& p) noexcept
{
    e_model_result out;
    double const no = total_noise(p);
    out.ro = 15 - 1.5 * (p.slr + no);
    out.is = simultaneous_impairment(p, no, out.ro);
    out.id = delay_impairment(p, no, out.ro);
    // G.107 eq. 7-29.
    out.ie_eff = p.ie + (95 - p.ie) * p.ppl / (p.ppl / p.burst_r + p.bpl);
    out.r = out.ro - out.is - out.id - out.ie_eff + p.a;
    out.mos = mos_from_r(out.r);
    return out;
}

codec_impairment g113_impairment(std::string_view encoding_name) noexcept
{
    auto const is = [&](std::string_view name) {
        return std::ranges::equal(encoding_name, name,
                                  [](char a, char b) { return (a | 0x20) == (b | 0x20); });
    };
    if (is("PCMU") || is("PCMA") || is("G722"))
        return {0, 25.1};
    if (is("opus"))
        return {0, 30};
    return {0, 4.3};
}

e_model_result rate_call(call_measurements const& m) noexcept
{
    e_model_parameters p;
    double const ta = std::max(0.0, m.rtt_ms / 2 + m.jitter_buffer_ms + m.packetization_ms);
    p.ta = ta;
    p.t = ta;
    p.tr = 2 * ta;
    p.ie = m.codec.ie;
    p.bpl = m.codec.bpl;
    p.ppl = std::clamp(m.loss_pct, 0.0, 100.0);
    p.burst_r = std::max(1.0, m.burst_ratio);
    return evaluate(p);
}

double burst_ratio(double loss_fraction, double mean_burst_length) noexcept
{
    if (loss_fraction <= 0 || loss_fraction >= 1 || mean_burst_length <= 0)
        return 1.0;
    return std::max(1.0, mean_burst_length * (1 - loss_fraction));
}

} // namespace rvoip::media
