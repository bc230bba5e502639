#pragma once
// The media path of one PCMU call end, 20 ms per tick: capture (speech-like file) -> send path ->
// packet
// -> a stand-in jitter buffer (rtp-core's is wired by session-core) -> decode, or PLC for one
// packet in 50 -> mixer -> played to a null sink. Also the mixer and resampler workloads.

#include <memory>

namespace rvoip::bench {

/// One call end; tick() runs 20 ms of its media.
class pcmu_call
{
public:
    explicit pcmu_call(bool aec_and_ns);
    ~pcmu_call();
    pcmu_call(pcmu_call const&) = delete;
    pcmu_call& operator=(pcmu_call const&) = delete;
    void tick();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Mixes one 20 ms frame at 8 kHz for `parties` parties per call.
class mixer_workload
{
public:
    explicit mixer_workload(int parties);
    ~mixer_workload();
    mixer_workload(mixer_workload const&) = delete;
    mixer_workload& operator=(mixer_workload const&) = delete;
    void mix_frame();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Resamples one second of audio between two rates in 20 ms frames.
class resample_workload
{
public:
    resample_workload(int from, int to);
    ~resample_workload();
    resample_workload(resample_workload const&) = delete;
    resample_workload& operator=(resample_workload const&) = delete;
    void second();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

void register_call_benchmarks();

} // namespace rvoip::bench
