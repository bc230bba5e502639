#include <rvoip/media/audio_device.hpp>

#include <rvoip/media/null_device.hpp>

namespace rvoip::media {
namespace {

bool capable(audio_device_info const& d, audio_direction dir)
{
    return dir == audio_direction::capture ? d.input_channels > 0 : d.output_channels > 0;
}

char const* what(audio_direction dir)
{
    return dir == audio_direction::capture ? "capture" : "playback";
}

template<class Port, class Null, class Open>
opened_device<Port> open_or_fall_back(audio_backend& backend, std::string_view name,
                                      audio_direction dir, int rate, Open open)
{
    opened_device<Port> out;
    auto const chosen = select_device(backend.devices(), name, dir);
    std::string reason;
    if (!chosen) {
        reason = name.empty() ? std::string("no audio ") + what(dir) + " device"
                              : std::string("no audio ") + what(dir) + " device named \"" +
                                    std::string(name) + "\"";
    } else {
        auto port = open(*chosen);
        if (port) {
            out.port = std::move(*port);
            out.device_name = chosen->name;
            return out;
        }
        reason = "audio " + std::string(what(dir)) + " device \"" + chosen->name +
                 "\" failed: " + port.error().message();
    }
    out.port = std::make_unique<Null>(rate);
    out.device_name = "null";
    out.warning = reason + "; using the null device (" +
                  (dir == audio_direction::capture ? "silence" : "audio discarded") + ")";
    return out;
}

} // namespace

result<audio_device_info> select_device(std::vector<audio_device_info> const& devices,
                                        std::string_view name, audio_direction direction)
{
    audio_device_info const* first = nullptr;
    for (auto const& d : devices) {
        if (!capable(d, direction))
            continue;
        if (!name.empty() && d.name == name)
            return d;
        if (!first)
            first = &d;
    }
    if (!name.empty()) {
        for (auto const& d : devices)
            if (capable(d, direction) && d.name.find(name) != std::string::npos)
                return d;
        return errc::no_device;
    }
    for (auto const& d : devices)
        if (capable(d, direction) &&
            (direction == audio_direction::capture ? d.default_input : d.default_output))
            return d;
    if (first)
        return *first;
    return errc::no_device;
}

opened_device<audio_source> open_capture_device(audio_backend& backend, std::string_view name,
                                                int sample_rate, std::size_t frame_samples)
{
    return open_or_fall_back<audio_source, null_source>(
        backend, name, audio_direction::capture, sample_rate, [&](audio_device_info const& d) {
            return backend.open_capture(d, sample_rate, frame_samples);
        });
}

opened_device<audio_sink> open_playback_device(audio_backend& backend, std::string_view name,
                                               int sample_rate, std::size_t frame_samples)
{
    return open_or_fall_back<audio_sink, null_sink>(
        backend, name, audio_direction::playback, sample_rate, [&](audio_device_info const& d) {
            return backend.open_playback(d, sample_rate, frame_samples);
        });
}

} // namespace rvoip::media
