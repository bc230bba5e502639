// The error category of session-core.
#include <rvoip/session/error.hpp>

#include <string>

namespace rvoip::session {

namespace {

class category_impl final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.session"; }
    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::bad_sdp: return "SDP does not parse";
        case errc::no_common_codec: return "no common codec";
        case errc::no_audio: return "no usable audio stream";
        case errc::srtp_required: return "SRTP required";
        case errc::srtp_refused: return "SRTP offered but not enabled";
        case errc::bad_answer: return "the answer does not fit the offer";
        case errc::no_offer: return "an answer without an offer";
        case errc::no_such_call: return "no such call";
        case errc::wrong_state: return "not possible in the call's state";
        case errc::bad_argument: return "bad argument";
        case errc::media_failure: return "media could not be set up";
        case errc::ports_exhausted: return "no free RTP port";
        }
        return "unknown session error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static category_impl const instance;
    return instance;
}

} // namespace rvoip::session
