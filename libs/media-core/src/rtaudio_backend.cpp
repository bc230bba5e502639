// The RtAudio implementation of audio_backend. RtAudio reports failures by throwing
// RtAudioError; every call is wrapped so that nothing escapes.
#include <rvoip/media/audio_device.hpp>

#include <rvoip/media/spsc_ring.hpp>

#include <RtAudio.h>

#include <algorithm>

namespace rvoip::media {
namespace {

/// An open RtAudio stream and the ring between its thread and ours.
struct stream_core
{
    std::unique_ptr<RtAudio> audio;
    spsc_ring ring;
    int rate;
    explicit stream_core(std::size_t capacity, int r) : ring(capacity), rate(r) {}
    ~stream_core()
    {
        try {
            if (audio && audio->isStreamOpen()) {
                if (audio->isStreamRunning())
                    audio->stopStream();
                audio->closeStream();
            }
        } catch (RtAudioError const&) {
        }
    }
};

int capture_callback(void*, void* in, unsigned frames, double, RtAudioStreamStatus, void* user)
{
    auto* core = static_cast<stream_core*>(user);
    // Overflow (nobody reading) drops the newest samples; the reader never blocks us.
    core->ring.push({static_cast<std::int16_t const*>(in), frames});
    return 0;
}

int playback_callback(void* out, void*, unsigned frames, double, RtAudioStreamStatus, void* user)
{
    auto* core = static_cast<stream_core*>(user);
    std::span<std::int16_t> dst(static_cast<std::int16_t*>(out), frames);
    auto const n = core->ring.pop(dst);
    std::fill(dst.begin() + static_cast<std::ptrdiff_t>(n), dst.end(), std::int16_t{0});
    return 0;
}

class rtaudio_source final : public audio_source
{
public:
    explicit rtaudio_source(std::unique_ptr<stream_core> c) : core_(std::move(c)) {}
    int sample_rate() const noexcept override { return core_->rate; }
    std::size_t read(std::span<std::int16_t> out) override
    {
        auto const n = core_->ring.pop(out);
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
        return n;
    }

private:
    std::unique_ptr<stream_core> core_;
};

class rtaudio_sink final : public audio_sink
{
public:
    explicit rtaudio_sink(std::unique_ptr<stream_core> c) : core_(std::move(c)) {}
    int sample_rate() const noexcept override { return core_->rate; }
    result<void> write(std::span<std::int16_t const> samples) override
    {
        core_->ring.push(samples); // a full ring (device stalled) drops: playout must not block
        return {};
    }

private:
    std::unique_ptr<stream_core> core_;
};

result<std::unique_ptr<stream_core>> open_stream(audio_device_info const& device, int rate,
                                                 std::size_t frame, audio_direction dir)
{
    try {
        // Room for 200 ms: enough for scheduling jitter, little enough to keep latency sane.
        auto core = std::make_unique<stream_core>(static_cast<std::size_t>(rate / 5), rate);
        core->audio = std::make_unique<RtAudio>();
        core->audio->showWarnings(false);
        RtAudio::StreamParameters params;
        params.deviceId = device.id;
        params.nChannels = 1;
        auto frames = static_cast<unsigned>(frame);
        bool const capture = dir == audio_direction::capture;
        core->audio->openStream(capture ? nullptr : &params, capture ? &params : nullptr,
                                RTAUDIO_SINT16, static_cast<unsigned>(rate), &frames,
                                capture ? &capture_callback : &playback_callback, core.get());
        core->audio->startStream();
        return core;
    } catch (RtAudioError const&) {
        return errc::device_failure;
    } catch (std::exception const&) {
        return errc::device_failure;
    }
}

class rtaudio_backend final : public audio_backend
{
public:
    std::vector<audio_device_info> devices() override
    {
        std::vector<audio_device_info> out;
        try {
            RtAudio audio;
            audio.showWarnings(false);
            unsigned const n = audio.getDeviceCount();
            for (unsigned i = 0; i < n; ++i) {
                auto const info = audio.getDeviceInfo(i);
                if (!info.probed)
                    continue;
                out.push_back({i, info.name, static_cast<int>(info.inputChannels),
                               static_cast<int>(info.outputChannels), info.isDefaultInput,
                               info.isDefaultOutput});
            }
        } catch (RtAudioError const&) {
        } catch (std::exception const&) {
        }
        return out;
    }

    result<std::unique_ptr<audio_source>> open_capture(audio_device_info const& device, int rate,
                                                       std::size_t frame) override
    {
        auto core = open_stream(device, rate, frame, audio_direction::capture);
        if (!core)
            return core.error();
        return std::unique_ptr<audio_source>(std::make_unique<rtaudio_source>(std::move(*core)));
    }

    result<std::unique_ptr<audio_sink>> open_playback(audio_device_info const& device, int rate,
                                                      std::size_t frame) override
    {
        auto core = open_stream(device, rate, frame, audio_direction::playback);
        if (!core)
            return core.error();
        return std::unique_ptr<audio_sink>(std::make_unique<rtaudio_sink>(std::move(*core)));
    }
};

} // namespace

std::unique_ptr<audio_backend> make_rtaudio_backend()
{
    return std::make_unique<rtaudio_backend>();
}

} // namespace rvoip::media
