#pragma once
// Errors of the media-core layer: one errc enum and its category ("rvoip.media").

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <type_traits>

namespace rvoip::media {

/// Everything media-core can fail with. Values are stable; 0 is never used.
enum class errc
{
    bad_ptime = 1,     // a packet time outside 10-60 ms or not a whole number of codec frames
    bad_frame_size,    // a PCM frame whose length is not the codec's frame for some ptime
    buffer_too_small,  // the output span cannot hold the encoded payload or decoded samples
    bad_payload,       // a payload the decoder rejects (corrupt, or a size the codec never sends)
    codec_failure,     // the codec library reported an internal failure
    unsupported_codec, // an encoding name or parameter set this layer does not implement
    unsupported_rate,  // a sample rate the component cannot run at
    bad_wav,           // a file that is not RIFF/WAVE PCM 16-bit (or is truncated)
    file_error,        // a file could not be opened, read or written
    no_device,         // no audio device (or no device of the requested name) is available
    device_failure,    // the audio device could not be opened or started
    bad_argument,      // a parameter out of its documented range
};

/// The error category of media-core; name() is "rvoip.media".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

template<class T> using result = boost::system::result<T>;

} // namespace rvoip::media

template<> struct boost::system::is_error_code_enum<rvoip::media::errc> : std::true_type
{
};
