#pragma once
// Call quality by the ITU-T G.107 E-model (06/2015): the transmission rating R from the basic
// signal-to-noise ratio, simultaneous impairments, delay impairments and the equipment
// impairment of the codec under packet loss (G.113 Appendix I values), then R -> MOS (Annex B).

#include <string_view>

namespace rvoip::media {

/// G.107 Table 3 inputs; the defaults are the standard's default values (which give R = 93.2).
struct e_model_parameters
{
    double slr = 8;     // send loudness rating, dB
    double rlr = 2;     // receive loudness rating, dB
    double stmr = 15;   // sidetone masking rating, dB
    double lstr = 18;   // listener sidetone rating, dB
    double ds = 3;      // D-value of telephone, send side
    double dr = 3;      // D-value of telephone, receive side
    double telr = 65;   // talker echo loudness rating, dB
    double wepl = 110;  // weighted echo path loss, dB
    double t = 0;       // mean one-way delay of the echo path, ms
    double tr = 0;      // round-trip delay in a 4-wire loop, ms
    double ta = 0;      // absolute (mouth-to-ear) delay, ms
    double qdu = 1;     // number of quantisation distortion units
    double ie = 0;      // equipment impairment factor of the codec
    double bpl = 1;     // packet-loss robustness factor of the codec
    double ppl = 0;     // random packet-loss probability, %
    double burst_r = 1; // burst ratio (1 for random loss)
    double nc = -70;    // circuit noise referred to the 0 dBr point, dBm0p
    double nfor = -64;  // noise floor at the receive side, dBmp
    double ps = 35;     // room noise at the send side, dB(A)
    double pr = 35;     // room noise at the receive side, dB(A)
    double a = 0;       // advantage factor
};

/// The parts of R (G.107 §7.1: R = Ro - Is - Id - Ie,eff + A).
struct e_model_result
{
    double ro = 0;     // basic signal-to-noise ratio
    double is = 0;     // simultaneous impairment factor
    double id = 0;     // delay impairment factor
    double ie_eff = 0; // effective equipment impairment under loss
    double r = 0;      // the rating
    double mos = 0;    // the estimated conversational MOS
};

/// Evaluates the E-model.
e_model_result evaluate(e_model_parameters const& p) noexcept;

/// G.107 Annex B: MOS from R (1 below R = 0, 4.5 above R = 100).
double mos_from_r(double r) noexcept;

/// A codec's equipment impairment Ie and packet-loss robustness Bpl.
struct codec_impairment
{
    double ie = 0;
    double bpl = 1;
};

/// Ie/Bpl for an encoding name as this layer runs it (with its concealment). G.711 with PLC:
/// Ie 0, Bpl 25.1 (G.113 Appendix I, Table I.3). G.722 and Opus are wideband codecs with no
/// narrowband G.113 entry; on the narrowband scale they are rated Ie 0 (no worse than G.711)
/// with Bpl 25.1 for G.722 (the same pitch PLC) and 30 for Opus (its PLC plus FEC), which are
/// estimates. Unknown names get Ie 0, Bpl 4.3 (G.711 without concealment, the worst case).
codec_impairment g113_impairment(std::string_view encoding_name) noexcept;

/// What a call measured; the source of its quality estimate.
struct call_measurements
{
    codec_impairment codec;
    double loss_pct = 0;          // packets lost, % (after FEC and jitter-buffer discards)
    double burst_ratio = 1;       // see burst_ratio()
    double rtt_ms = 0;            // network round trip (RTCP, RFC 3550 §6.4.1)
    double jitter_buffer_ms = 0;  // current jitter-buffer delay
    double packetization_ms = 20; // ptime plus codec look-ahead
};

/// The E-model for a measured call: mouth-to-ear delay Ta = rtt/2 + jitter buffer +
/// packetisation, echo path T = Ta, Tr = 2 Ta; other parameters at their defaults.
e_model_result rate_call(call_measurements const& m) noexcept;

/// G.113 / G.107 burst ratio from the observed loss fraction (0-1) and mean length of loss
/// bursts in packets: BurstR = mean burst length * (1 - loss fraction), 1 for random loss.
double burst_ratio(double loss_fraction, double mean_burst_length) noexcept;

} // namespace rvoip::media
