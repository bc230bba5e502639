// rvoip-wav-tone --write FILE.wav HZ SECONDS RATE CHANNELS: writes a sine (for peers that
// play files, such as baresip's aufile).
// rvoip-wav-tone FILE.wav HZ [left|right|mix]: exit 0 when the second half of the file (or of
// one channel of a stereo recording: left is the local side, right the remote) carries a tone
// at HZ clearly above the frequencies beside it (Goertzel); prints what it measured.
#include <rvoip/media/wav.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <vector>

namespace {

double power(std::vector<double> const& x, std::size_t from, double hz, int rate)
{
    double const c = 2 * std::cos(2 * std::numbers::pi * hz / rate);
    double s1 = 0, s2 = 0;
    for (std::size_t i = from; i < x.size(); ++i) {
        double const s0 = x[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double const n = static_cast<double>(x.size() - from);
    return (s1 * s1 + s2 * s2 - c * s1 * s2) / (n * n);
}

} // namespace

int write_tone(char** argv)
{
    rvoip::media::wav_audio a;
    double const hz = std::atof(argv[3]);
    double const seconds = std::atof(argv[4]);
    a.sample_rate = std::atoi(argv[5]);
    a.channels = std::atoi(argv[6]);
    if (hz <= 0 || seconds <= 0 || a.sample_rate <= 0 || a.channels < 1 || a.channels > 2) {
        std::fprintf(stderr, "rvoip-wav-tone --write: bad arguments\n");
        return 2;
    }
    auto const frames = static_cast<std::size_t>(seconds * a.sample_rate);
    for (std::size_t i = 0; i < frames; ++i) {
        auto const v = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / a.sample_rate));
        for (int c = 0; c < a.channels; ++c)
            a.samples.push_back(v);
    }
    if (auto w = rvoip::media::write_wav_file(argv[2], a); !w) {
        std::fprintf(stderr, "rvoip-wav-tone: cannot write %s\n", argv[2]);
        return 2;
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc == 7 && std::strcmp(argv[1], "--write") == 0)
        return write_tone(argv);
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: rvoip-wav-tone FILE.wav HZ [left|right|mix]\n");
        return 2;
    }
    double const hz = std::atof(argv[2]);
    char const* channel = argc == 4 ? argv[3] : "mix";
    auto audio = rvoip::media::read_wav_file(argv[1]);
    if (!audio || hz <= 0) {
        std::fprintf(stderr, "rvoip-wav-tone: cannot read %s\n", argv[1]);
        return 2;
    }
    std::size_t const ch = static_cast<std::size_t>(audio->channels);
    std::vector<double> x;
    for (std::size_t f = 0; f < audio->frames(); ++f) {
        auto const* frame = &audio->samples[f * ch];
        if (std::strcmp(channel, "left") == 0)
            x.push_back(frame[0]);
        else if (std::strcmp(channel, "right") == 0)
            x.push_back(frame[ch > 1 ? 1 : 0]);
        else {
            double sum = 0;
            for (std::size_t c = 0; c < ch; ++c)
                sum += frame[c];
            x.push_back(sum / static_cast<double>(ch));
        }
    }
    if (x.size() < static_cast<std::size_t>(audio->sample_rate / 5)) {
        std::printf("%s: %zu frames, too short\n", argv[1], x.size());
        return 1;
    }
    auto const from = x.size() / 2;
    double const p = power(x, from, hz, audio->sample_rate);
    double const lo = power(x, from, hz * 0.7, audio->sample_rate);
    double const hi = power(x, from, hz * 1.3, audio->sample_rate);
    bool const present = p > 1e4 && p > 20 * lo && p > 20 * hi;
    std::printf("%s %s: %.2f s, %g Hz power %.0f, beside %.0f/%.0f: %s\n", argv[1], channel,
                static_cast<double>(x.size()) / audio->sample_rate, hz, p, lo, hi, present ? "present" : "absent");
    return present ? 0 : 1;
}
