#include "codec_bench.hpp"

#include <rvoip/media/make_codec.hpp>

#include <benchmark/benchmark.h>
#include <opus.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

// spandsp's telephony.h redefines lrint() and friends: include it after <cmath>.
#include <spandsp/telephony.h>
// g722.h needs telephony.h's macros first.
#include <spandsp/g722.h>

namespace rvoip::bench {

std::vector<std::int16_t> speech_like(int rate)
{
    std::vector<std::int16_t> out(static_cast<std::size_t>(rate));
    double phase = 0;
    std::uint32_t noise = 12345;
    for (std::size_t i = 0; i < out.size(); ++i) {
        double const t = static_cast<double>(i) / rate;
        phase += 2 * std::numbers::pi * (130 + 50 * std::sin(2 * std::numbers::pi * 2 * t)) / rate;
        double v = 0;
        for (int h = 1; h <= 10; ++h)
            v += std::sin(h * phase) / h;
        noise = noise * 1664525u + 1013904223u;
        out[i] = static_cast<std::int16_t>(5000 * v + static_cast<double>(noise >> 20) - 2048);
    }
    return out;
}

namespace {

constexpr std::size_t frames_per_second = 50;

class wrapped final : public codec_workload
{
public:
    explicit wrapped(std::string_view name)
    {
        auto c = media::make_codec(name);
        if (!c)
            throw std::runtime_error("no codec " + std::string(name));
        codec_ = std::move(*c);
        frame_ = *codec_->frame_samples(20);
        pcm_ = speech_like(codec_->sample_rate());
        out_.resize(frame_ * frames_per_second);
        for (std::size_t f = 0; f < frames_per_second; ++f) {
            std::vector<std::uint8_t> p(codec_->max_payload_size(frame_));
            auto const n = codec_->encode(std::span(pcm_).subspan(f * frame_, frame_), p);
            p.resize(n ? *n : 0);
            payloads_.push_back(std::move(p));
        }
        scratch_.resize(codec_->max_payload_size(frame_));
    }
    void encode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(
                codec_->encode(std::span(pcm_).subspan(f * frame_, frame_), scratch_));
    }
    void decode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(
                codec_->decode(payloads_[f], std::span(out_).subspan(f * frame_, frame_)));
    }

private:
    std::unique_ptr<media::codec> codec_;
    std::size_t frame_ = 0;
    std::vector<std::int16_t> pcm_, out_;
    std::vector<std::vector<std::uint8_t>> payloads_;
    std::vector<std::uint8_t> scratch_;
};

class bare_opus final : public codec_workload
{
public:
    bare_opus()
    {
        int err = 0;
        enc_ = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
        dec_ = opus_decoder_create(48000, 1, &err);
        // The settings opus_codec uses by default.
        opus_encoder_ctl(enc_, OPUS_SET_BITRATE(32000));
        opus_encoder_ctl(enc_, OPUS_SET_INBAND_FEC(1));
        opus_encoder_ctl(enc_, OPUS_SET_PACKET_LOSS_PERC(10));
        opus_encoder_ctl(enc_, OPUS_SET_DTX(0));
        opus_encoder_ctl(enc_, OPUS_SET_COMPLEXITY(5));
        opus_encoder_ctl(enc_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
        pcm_ = speech_like(48000);
        out_.resize(pcm_.size());
        for (std::size_t f = 0; f < frames_per_second; ++f) {
            std::vector<std::uint8_t> p(1276);
            auto const n = opus_encode(enc_, pcm_.data() + f * 960, 960, p.data(), 1276);
            p.resize(static_cast<std::size_t>(std::max(n, 0)));
            payloads_.push_back(std::move(p));
        }
    }
    ~bare_opus() override
    {
        opus_encoder_destroy(enc_);
        opus_decoder_destroy(dec_);
    }
    bare_opus(bare_opus const&) = delete;
    bare_opus& operator=(bare_opus const&) = delete;
    void encode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(
                opus_encode(enc_, pcm_.data() + f * 960, 960, scratch_, sizeof scratch_));
    }
    void decode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(opus_decode(dec_, payloads_[f].data(),
                                                 static_cast<opus_int32>(payloads_[f].size()),
                                                 out_.data() + f * 960, 960, 0));
    }

private:
    OpusEncoder* enc_ = nullptr;
    OpusDecoder* dec_ = nullptr;
    std::vector<std::int16_t> pcm_, out_;
    std::vector<std::vector<std::uint8_t>> payloads_;
    std::uint8_t scratch_[1276];
};

class bare_g722 final : public codec_workload
{
public:
    bare_g722()
        : enc_(g722_encode_init(nullptr, 64000, 0)), dec_(g722_decode_init(nullptr, 64000, 0))
    {
        pcm_ = speech_like(16000);
        out_.resize(pcm_.size());
        payload_.resize(pcm_.size() / 2);
        g722_encode(enc_, payload_.data(), pcm_.data(), static_cast<int>(pcm_.size()));
    }
    ~bare_g722() override
    {
        g722_encode_free(enc_);
        g722_decode_free(dec_);
    }
    bare_g722(bare_g722 const&) = delete;
    bare_g722& operator=(bare_g722 const&) = delete;
    void encode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(g722_encode(enc_, scratch_, pcm_.data() + f * 320, 320));
    }
    void decode_second() override
    {
        for (std::size_t f = 0; f < frames_per_second; ++f)
            benchmark::DoNotOptimize(
                g722_decode(dec_, out_.data() + f * 320, payload_.data() + f * 160, 160));
    }

private:
    g722_encode_state_t* enc_;
    g722_decode_state_t* dec_;
    std::vector<std::int16_t> pcm_, out_;
    std::vector<std::uint8_t> payload_;
    std::uint8_t scratch_[160];
};

void codec_case(benchmark::State& state, std::string name, bool bare, bool encode)
{
    auto w = bare ? bare_codec(name) : wrapped_codec(name);
    for (auto _ : state) {
        if (encode)
            w->encode_second();
        else
            w->decode_second();
    }
    // Each iteration is one second of audio: iterations per second is the x-realtime figure.
    state.counters["x_realtime"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

} // namespace

std::unique_ptr<codec_workload> wrapped_codec(std::string_view name)
{
    return std::make_unique<wrapped>(name);
}

std::unique_ptr<codec_workload> bare_codec(std::string_view name)
{
    if (name == "opus")
        return std::make_unique<bare_opus>();
    if (name == "G722")
        return std::make_unique<bare_g722>();
    throw std::runtime_error("no bare codec " + std::string(name));
}

void register_codec_benchmarks()
{
    for (std::string name : {"PCMU", "PCMA", "G722", "opus"})
        for (bool encode : {true, false}) {
            auto const op = std::string(encode ? "encode" : "decode");
            benchmark::RegisterBenchmark(("codec/" + name + "/" + op).c_str(), codec_case, name,
                                         false, encode)
                ->Unit(benchmark::kMicrosecond);
            if (name == "G722" || name == "opus")
                benchmark::RegisterBenchmark(("codec/" + name + "/" + op + "/bare").c_str(),
                                             codec_case, name, true, encode)
                    ->Unit(benchmark::kMicrosecond);
        }
}

} // namespace rvoip::bench
