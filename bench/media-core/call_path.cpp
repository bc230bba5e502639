#include "call_path.hpp"

#include "codec_bench.hpp"

#include <rvoip/media/g711.hpp>
#include <rvoip/media/media_stream.hpp>
#include <rvoip/media/mixer.hpp>
#include <rvoip/media/null_device.hpp>
#include <rvoip/media/resampler.hpp>
#include <rvoip/media/wav_file_port.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace rvoip::bench {

namespace {

/// A fixed-slot reorder buffer standing in for the rtp-core jitter buffer: packets are stored
/// by sequence number and taken out in order, a missing slot meaning a loss.
class slot_jitter_buffer
{
public:
    void put(std::uint16_t seq, std::span<std::uint8_t const> payload)
    {
        auto& s = slots_[seq % slots_.size()];
        s.seq = seq;
        s.length = std::min(payload.size(), s.bytes.size());
        std::copy_n(payload.begin(), s.length, s.bytes.begin());
        s.full = true;
    }
    /// The payload of `seq`, or empty when it was lost.
    std::span<std::uint8_t const> take(std::uint16_t seq)
    {
        auto& s = slots_[seq % slots_.size()];
        if (!s.full || s.seq != seq)
            return {};
        s.full = false;
        return {s.bytes.data(), s.length};
    }

private:
    struct slot
    {
        std::array<std::uint8_t, 160> bytes{};
        std::size_t length = 0;
        std::uint16_t seq = 0;
        bool full = false;
    };
    std::array<slot, 8> slots_{};
};

} // namespace

struct pcmu_call::impl
{
    // A looping speech-like microphone (a pure tone would be an unrealistic AEC input).
    media::wav_file_source mic =
        *media::wav_file_source::from_audio({8000, 1, speech_like(8000)}, 8000, true);
    media::null_sink speaker{8000};
    media::mixer mix{160};
    media::mixer::party_id local = mix.add_party();
    media::mixer::party_id remote = mix.add_party();
    slot_jitter_buffer jb;
    std::uint16_t send_seq = 0;
    std::uint16_t play_seq = 0;
    std::optional<media::media_stream> stream;
};

pcmu_call::pcmu_call(bool aec_and_ns) : impl_(std::make_unique<impl>())
{
    media::media_stream_options o;
    o.processing.echo_cancellation = aec_and_ns;
    o.processing.noise_suppression = aec_and_ns;
    auto* self = impl_.get();
    media::media_stream_events events;
    events.packet_ready = [self](std::span<std::uint8_t const> payload, std::uint32_t, bool) {
        // One packet in 50 is lost on the way (2% loss), exercising the PLC.
        if (self->send_seq % 50 != 49)
            self->jb.put(self->send_seq, payload);
        ++self->send_seq;
    };
    auto s = media::media_stream::create(std::make_unique<media::g711_codec>(media::g711_law::ulaw),
                                         o, std::move(events));
    if (!s)
        throw std::runtime_error("media_stream::create failed");
    impl_->stream.emplace(std::move(*s));
}

pcmu_call::~pcmu_call() = default;

void pcmu_call::tick()
{
    auto& s = *impl_;
    (void)s.stream->send_from(s.mic);
    auto const payload = s.jb.take(s.play_seq++);
    std::span<std::int16_t const> frame;
    if (payload.empty()) {
        frame = s.stream->receive_lost();
    } else {
        auto r = s.stream->receive(payload);
        frame = r ? *r : std::span<std::int16_t const>{};
    }
    s.mix.set_input(s.remote, frame);
    s.mix.mix();
    (void)s.stream->played(s.mix.output(s.local), &s.speaker);
}

struct mixer_workload::impl
{
    media::mixer mix{160};
    std::vector<media::mixer::party_id> ids;
    std::vector<std::int16_t> pcm = speech_like(8000);
    std::size_t at = 0;
};

mixer_workload::mixer_workload(int parties) : impl_(std::make_unique<impl>())
{
    for (int i = 0; i < parties; ++i)
        impl_->ids.push_back(impl_->mix.add_party());
}
mixer_workload::~mixer_workload() = default;

void mixer_workload::mix_frame()
{
    auto& s = *impl_;
    for (std::size_t i = 0; i < s.ids.size(); ++i)
        s.mix.set_input(s.ids[i], std::span(s.pcm).subspan(((s.at + i) % 50) * 160, 160));
    s.at = (s.at + 1) % 50;
    s.mix.mix();
    benchmark::DoNotOptimize(s.mix.output(s.ids[0]).data());
}

struct resample_workload::impl
{
    std::optional<media::resampler> r;
    std::vector<std::int16_t> in;
    std::vector<std::int16_t> out;
    std::size_t frame = 0;
};

resample_workload::resample_workload(int from, int to) : impl_(std::make_unique<impl>())
{
    auto r = media::resampler::create(from, to);
    if (!r)
        throw std::runtime_error("resampler::create failed");
    impl_->r.emplace(std::move(*r));
    impl_->in = speech_like(from);
    impl_->frame = static_cast<std::size_t>(from / 50);
    impl_->out.resize(impl_->r->output_size(impl_->frame));
}
resample_workload::~resample_workload() = default;

void resample_workload::second()
{
    auto& s = *impl_;
    for (std::size_t f = 0; f < 50; ++f)
        benchmark::DoNotOptimize(
            s.r->process(std::span(s.in).subspan(f * s.frame, s.frame), s.out));
}

namespace {

void call_case(benchmark::State& state, bool dsp)
{
    pcmu_call call(dsp);
    for (auto _ : state)
        call.tick();
    // One tick is 20 ms of call: the share of one core is time per tick / 20 ms.
    state.counters["ticks/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void mixer_case(benchmark::State& state)
{
    mixer_workload w(static_cast<int>(state.range(0)));
    for (auto _ : state)
        w.mix_frame();
    state.counters["party_frames/s"] = benchmark::Counter(
        static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}

void resample_case(benchmark::State& state)
{
    resample_workload w(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    for (auto _ : state)
        w.second();
    state.counters["x_realtime"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

} // namespace

void register_call_benchmarks()
{
    benchmark::RegisterBenchmark("call/pcmu", call_case, false);
    benchmark::RegisterBenchmark("call/pcmu_aec_ns", call_case, true);
    benchmark::RegisterBenchmark("mixer", mixer_case)->Arg(2)->Arg(3)->Arg(8)->Arg(32);
    benchmark::RegisterBenchmark("resample", resample_case)
        ->Args({48000, 8000})
        ->Args({8000, 48000})
        ->Args({48000, 16000})
        ->Args({16000, 48000})
        ->Unit(benchmark::kMicrosecond);
}

} // namespace rvoip::bench
