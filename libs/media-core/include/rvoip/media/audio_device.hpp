#pragma once
// Sound-card capture and playback: device listing and selection through an audio_backend
// (RtAudio in production), and opening that falls back to the null device with a warning when
// there is no usable sound card (softphone `--audio-in device[:NAME]`).

#include <rvoip/media/audio_port.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::media {

/// One device as the system's audio API lists it.
struct audio_device_info
{
    unsigned id = 0; // the backend's device index
    std::string name;
    int input_channels = 0;
    int output_channels = 0;
    bool default_input = false;
    bool default_output = false;
};

/// Which way a device is used.
enum class audio_direction
{
    capture,
    playback,
};

/// The system's audio API. Implementations never throw; a device thread meets the stream
/// through a spsc_ring inside the returned source or sink.
class audio_backend
{
public:
    virtual ~audio_backend() = default;
    /// The devices present now (empty without a sound card).
    virtual std::vector<audio_device_info> devices() = 0;
    /// Opens `device` for mono capture at `sample_rate` in callbacks of `frame_samples`.
    /// errc::device_failure when the API refuses.
    virtual result<std::unique_ptr<audio_source>>
    open_capture(audio_device_info const& device, int sample_rate, std::size_t frame_samples) = 0;
    /// Opens `device` for mono playback.
    virtual result<std::unique_ptr<audio_sink>>
    open_playback(audio_device_info const& device, int sample_rate, std::size_t frame_samples) = 0;
};

/// The RtAudio backend (ALSA, PulseAudio or JACK, whichever has devices).
std::unique_ptr<audio_backend> make_rtaudio_backend();

/// Picks a device for `direction`: an exact name match, else the first name containing
/// `name`, else (for an empty name) the default device, else the first capable one.
/// errc::no_device when none fits.
result<audio_device_info> select_device(std::vector<audio_device_info> const& devices,
                                        std::string_view name, audio_direction direction);

/// What opening a device gave: the device itself, or the null device and why.
template<class Port> struct opened_device
{
    std::unique_ptr<Port> port; // never null
    std::string device_name;    // the device opened, or "null"
    std::string warning;        // empty on success; otherwise one line to show the user
    bool fell_back() const noexcept { return !warning.empty(); }
};

/// Opens the named (or default) capture device; when there is none or it fails, returns a
/// null_source and a warning that says so.
opened_device<audio_source> open_capture_device(audio_backend& backend, std::string_view name,
                                                int sample_rate, std::size_t frame_samples);

/// Opens the named (or default) playback device, falling back to a null_sink with a warning.
opened_device<audio_sink> open_playback_device(audio_backend& backend, std::string_view name,
                                               int sample_rate, std::size_t frame_samples);

} // namespace rvoip::media
