#include <rvoip/media/error.hpp>

#include <string>

namespace rvoip::media {
namespace {

class media_category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.media"; }

    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::bad_ptime:
            return "packet time not supported by the codec";
        case errc::bad_frame_size:
            return "PCM frame length is not a codec frame";
        case errc::buffer_too_small:
            return "output buffer too small";
        case errc::bad_payload:
            return "payload rejected by the decoder";
        case errc::codec_failure:
            return "codec library failure";
        case errc::unsupported_codec:
            return "unsupported codec";
        case errc::unsupported_rate:
            return "unsupported sample rate";
        case errc::bad_wav:
            return "not a 16-bit PCM RIFF/WAVE file";
        case errc::file_error:
            return "file cannot be read or written";
        case errc::no_device:
            return "no audio device";
        case errc::device_failure:
            return "audio device failure";
        case errc::bad_argument:
            return "invalid argument";
        }
        return "unknown rvoip.media error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static media_category const instance;
    return instance;
}

} // namespace rvoip::media
