#pragma once
// Where an application meets a call's audio: every call's sink and source are wrapped so that
// decoded frames can be handed to a callback (subscribe_audio_frames) and frames of the
// application's can replace the source (send_audio_frame) at any time during the call.

#include <rvoip/client/client.hpp>

#include <rvoip/media/audio_port.hpp>
#include <rvoip/media/spsc_ring.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace rvoip::client::detail {

/// Shared by a call's record (client thread) and its wrapped ports (the media clock, on the
/// same thread); the ring is fed from the application's thread.
struct audio_tap
{
    explicit audio_tap(int sample_rate) : rate(sample_rate) {}
    /// The ring, made by the first send_audio_frame() (the producer's thread): a call whose
    /// application never sends audio does not hold a second of samples.
    media::spsc_ring& producer_ring()
    {
        if (!ring_) {
            owned_ = std::make_unique<media::spsc_ring>(static_cast<std::size_t>(rate));
            ring_.store(owned_.get(), std::memory_order_release);
        }
        return *owned_;
    }
    /// The ring for the consumer (the media clock), null until audio was sent.
    media::spsc_ring* consumer_ring() const noexcept { return ring_.load(std::memory_order_acquire); }

    int rate;
    audio_frame_callback on_frame;   // client thread only
    std::atomic<std::uint64_t> dropped{0};

private:
    std::unique_ptr<media::spsc_ring> owned_; // one second of the application's audio
    std::atomic<media::spsc_ring*> ring_{nullptr};
};

/// Plays to `inner` (may be null) and hands the frame to the tap's callback.
class tapped_sink final : public media::audio_sink
{
public:
    tapped_sink(std::unique_ptr<media::audio_sink> inner, std::shared_ptr<audio_tap> tap)
        : inner_(std::move(inner)), tap_(std::move(tap))
    {
    }
    int sample_rate() const noexcept override { return tap_->rate; }
    media::result<void> write(std::span<std::int16_t const> samples) override;

private:
    std::unique_ptr<media::audio_sink> inner_;
    std::shared_ptr<audio_tap> tap_;
};

/// Reads the application's queued audio when there is some, else `inner` (null: silence).
class fed_source final : public media::audio_source
{
public:
    fed_source(std::unique_ptr<media::audio_source> inner, std::shared_ptr<audio_tap> tap)
        : inner_(std::move(inner)), tap_(std::move(tap))
    {
    }
    int sample_rate() const noexcept override { return tap_->rate; }
    std::size_t read(std::span<std::int16_t> out) override;

private:
    std::unique_ptr<media::audio_source> inner_;
    std::shared_ptr<audio_tap> tap_;
};

} // namespace rvoip::client::detail
