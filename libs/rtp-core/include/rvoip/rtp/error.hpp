#pragma once
// Errors of the rtp-core layer: one errc enum and its category ("rvoip.rtp").

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <type_traits>

namespace rvoip::rtp {

/// Everything rtp-core can reject. Values are stable; 0 is never used.
enum class errc
{
    truncated = 1, // fewer bytes than the fixed header, CSRC list or extension claims
    bad_version,   // the version field is not 2 (RFC 3550 §5.1)
    bad_padding,   // P is set but the padding count is 0 or exceeds the payload
    bad_extension, // an RFC 8285 element's length runs past the extension block
    bad_length,    // an RTCP length field disagrees with the bytes (RFC 3550 §6.4)
    bad_compound,  // a compound RTCP packet breaks RFC 3550 §6.1 (first not SR/RR, inner padding)
    wrong_packet_type,  // an RTCP parser was given a packet of another type
    buffer_too_small,   // the output buffer cannot hold what is being built
    bad_argument,       // a value that cannot be encoded or used there (each function says which)
    bad_key,            // SRTP key material of the wrong length for its crypto suite
    srtp_auth_failed,   // SRTP/SRTCP authentication tag did not verify (forged or damaged)
    srtp_replay,        // SRTP/SRTCP packet index already seen or too old (replay protection)
    srtp_failure,       // libsrtp2 failed for another reason (initialisation, allocation, cipher)
    random_failed,      // the random source could not deliver bytes (getrandom(2) failed)
    ports_exhausted,    // the port pool has no free even port (pair) left
    port_not_allocated, // a port was returned to the pool that it had not handed out
};

/// The error category of rtp-core; name() is "rvoip.rtp".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

template<class T> using result = boost::system::result<T>;

} // namespace rvoip::rtp

template<> struct boost::system::is_error_code_enum<rvoip::rtp::errc> : std::true_type
{
};
