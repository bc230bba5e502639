#pragma once
// The errors of client-core. Each one has a category (the crate's: registration, call, media,
// network, protocol, configuration, transport, session, system, codec), a code, and a message
// that says what happened and what to do about it. Every operation has a result form that
// returns it (`try_make_call` -> result<call_id>) and a throwing form (`make_call`) that throws
// it; `is_recoverable()` says whether trying again (later, or differently) can succeed.

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace rvoip::client {

/// What part of the stack an error belongs to (rvoip-client-core's ClientError groups).
enum class error_category : std::uint8_t
{
    registration,
    call,
    media,
    network,
    protocol,
    configuration,
    transport,
    session,
    system,
    codec,
};
std::string_view to_string(error_category c) noexcept;

enum class errc
{
    // configuration
    bad_configuration = 1, ///< a ClientBuilder / MediaConfig field is unusable (the message names it)
    // call
    call_not_found,        ///< no call has that id (it ended, or never was)
    wrong_call_state,      ///< the call is not in a state that allows the operation
    invalid_uri,           ///< a SIP URI that does not parse, or is not sip:/sips:/tel:
    bad_dtmf,              ///< a DTMF string with a character other than 0-9 A-D * #
    call_limit_reached,    ///< max_concurrent_calls calls are in progress
    call_failed,           ///< the call could not be made (the message says why)
    // media
    media_failure,         ///< the call's media could not be set up or changed
    no_common_codec,       ///< none of the codecs asked for is one this build encodes
    srtp_failure,          ///< SRTP was required and could not be negotiated
    device_failure,        ///< an audio device could not be opened
    recording_failure,     ///< a recording could not be started or written
    // registration
    registration_not_found, ///< no registration has that id
    registration_failed,   ///< the registrar refused (status) or did not answer
    authentication_failed, ///< credentials missing or rejected for the realm
    // network / transport
    transport_failure,     ///< a listening address could not be bound, or a request not sent
    timed_out,             ///< no answer in time
    // protocol
    request_failed,        ///< a request (MESSAGE, SUBSCRIBE, PUBLISH) got a final failure status
    // system
    not_started,           ///< the client is not running (start() it first)
    already_started,       ///< start() on a running client
    would_block,           ///< waiting on an operation from the client's own thread (use then()/co_await)
    stopped,               ///< the client stopped before the operation completed
};

boost::system::error_category const& category() noexcept;
inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

/// The category a code belongs to.
error_category category_of(errc e) noexcept;

/// A client-core error: a code, its category, and a message saying what to do. Thrown by the
/// throwing forms, returned by the result forms.
class error : public std::runtime_error
{
public:
    error(errc code, std::string message, boost::system::error_code cause = {});
    /// What result<T>::error() gives for a success (no failure happened).
    error() : std::runtime_error("no error"), code_(errc::call_failed) {}

    errc code() const noexcept { return code_; }
    error_category category() const noexcept { return category_of(code_); }
    /// The lower layer's error this one comes from, when there is one.
    boost::system::error_code cause() const noexcept { return cause_; }
    /// Whether the same operation can succeed later or with other input (a timeout, a refused
    /// registration, a busy callee) as opposed to a misuse or a broken setup.
    bool is_recoverable() const noexcept;
    /// A SIP status that came with the failure (0: none).
    int status() const noexcept { return status_; }
    error& with_status(int status) noexcept
    {
        status_ = status;
        return *this;
    }

private:
    errc code_;
    boost::system::error_code cause_;
    int status_ = 0;
};

/// What boost::system::result<T, error>::value() throws.
[[noreturn]] void throw_exception_from_error(error const& e, boost::source_location const& loc);

/// The result form of every operation.
template<class T> using result = boost::system::result<T, error>;

} // namespace rvoip::client

template<> struct boost::system::is_error_code_enum<rvoip::client::errc> : std::true_type
{
};
