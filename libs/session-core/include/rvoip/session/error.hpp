#pragma once
// Errors of session-core: one errc enum and its category ("rvoip.session").

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace rvoip::session {

/// Everything session-core can report. Values are stable; 0 is never used.
enum class errc
{
    bad_sdp = 1,      // an SDP body that does not parse (an offer gets 400)
    no_common_codec,  // no audio codec of ours was offered or answered (488, Warning 305)
    no_audio,         // the description has no usable audio stream (488, Warning 304)
    srtp_required,    // our policy is mandatory SRTP and the peer offered or answered none (488)
    srtp_refused,     // the peer offered only SRTP (RTP/SAVP) and our policy is off (488)
    bad_answer,       // an answer that does not fit our offer (m-lines, an unoffered codec, crypto tag)
    no_offer,         // an answer arrived while no offer of ours was outstanding
    no_such_call,     // a call handle that names no call (or one that has ended)
    wrong_state,      // the call cannot do that now (hold before it is connected, answer twice...)
    bad_argument,     // an unusable argument or option (a DTMF digit that is not one, a codec we lack)
    media_failure,    // the call's media could not be set up (sockets, codec)
    ports_exhausted,  // no RTP port of the configured range is free
};

/// The error category of session-core; name() is "rvoip.session".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

} // namespace rvoip::session

template<>
struct boost::system::is_error_code_enum<rvoip::session::errc> : std::true_type
{
};
