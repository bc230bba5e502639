#include <rvoip/rtp/error.hpp>

#include <string>

namespace rvoip::rtp {
namespace {

class rtp_category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.rtp"; }

    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::truncated:
            return "packet truncated";
        case errc::bad_version:
            return "RTP/RTCP version is not 2";
        case errc::bad_padding:
            return "invalid padding count";
        case errc::bad_extension:
            return "malformed RTP header extension";
        case errc::bad_length:
            return "RTCP length field does not match the packet";
        case errc::bad_compound:
            return "malformed compound RTCP packet";
        case errc::wrong_packet_type:
            return "unexpected RTCP packet type";
        case errc::buffer_too_small:
            return "output buffer too small";
        case errc::bad_argument:
            return "invalid argument";
        case errc::bad_key:
            return "SRTP key material has the wrong length";
        case errc::srtp_auth_failed:
            return "SRTP authentication failed";
        case errc::srtp_replay:
            return "SRTP replay detected";
        case errc::srtp_failure:
            return "SRTP library failure";
        case errc::random_failed:
            return "random source failed";
        case errc::ports_exhausted:
            return "no free RTP port";
        case errc::port_not_allocated:
            return "port was not allocated from this pool";
        }
        return "unknown rvoip.rtp error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static rtp_category const instance;
    return instance;
}

} // namespace rvoip::rtp
