// client-core's error category, the category of each code, and the exception type.
#include <rvoip/client/error.hpp>

#include <boost/throw_exception.hpp>

namespace rvoip::client {

namespace {

class client_category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.client"; }
    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::bad_configuration: return "bad configuration";
        case errc::call_not_found: return "no such call";
        case errc::wrong_call_state: return "the call's state does not allow this";
        case errc::invalid_uri: return "invalid SIP URI";
        case errc::bad_dtmf: return "invalid DTMF digits";
        case errc::call_limit_reached: return "too many calls";
        case errc::call_failed: return "the call could not be made";
        case errc::media_failure: return "media failure";
        case errc::no_common_codec: return "no usable codec";
        case errc::srtp_failure: return "SRTP could not be negotiated";
        case errc::device_failure: return "audio device failure";
        case errc::recording_failure: return "recording failure";
        case errc::registration_not_found: return "no such registration";
        case errc::registration_failed: return "registration failed";
        case errc::authentication_failed: return "authentication failed";
        case errc::transport_failure: return "transport failure";
        case errc::timed_out: return "timed out";
        case errc::request_failed: return "request failed";
        case errc::not_started: return "the client is not started";
        case errc::already_started: return "the client is already started";
        case errc::would_block: return "would block the client's thread";
        case errc::stopped: return "the client stopped";
        }
        return "unknown rvoip.client error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static client_category const c;
    return c;
}

std::string_view to_string(error_category c) noexcept
{
    switch (c) {
    case error_category::registration: return "registration";
    case error_category::call: return "call";
    case error_category::media: return "media";
    case error_category::network: return "network";
    case error_category::protocol: return "protocol";
    case error_category::configuration: return "configuration";
    case error_category::transport: return "transport";
    case error_category::session: return "session";
    case error_category::system: return "system";
    case error_category::codec: return "codec";
    }
    return "unknown";
}

error_category category_of(errc e) noexcept
{
    switch (e) {
    case errc::bad_configuration: return error_category::configuration;
    case errc::call_not_found:
    case errc::wrong_call_state:
    case errc::invalid_uri:
    case errc::bad_dtmf:
    case errc::call_limit_reached:
    case errc::call_failed: return error_category::call;
    case errc::media_failure:
    case errc::srtp_failure:
    case errc::device_failure:
    case errc::recording_failure: return error_category::media;
    case errc::no_common_codec: return error_category::codec;
    case errc::registration_not_found:
    case errc::registration_failed:
    case errc::authentication_failed: return error_category::registration;
    case errc::transport_failure: return error_category::transport;
    case errc::timed_out: return error_category::network;
    case errc::request_failed: return error_category::protocol;
    case errc::not_started:
    case errc::already_started:
    case errc::would_block:
    case errc::stopped: return error_category::system;
    }
    return error_category::system;
}

error::error(errc code, std::string message, boost::system::error_code cause)
    : std::runtime_error(std::move(message)), code_(code), cause_(cause)
{
}

bool error::is_recoverable() const noexcept
{
    switch (code_) {
    case errc::call_limit_reached:
    case errc::call_failed:
    case errc::registration_failed:
    case errc::transport_failure:
    case errc::timed_out:
    case errc::request_failed:
    case errc::wrong_call_state:
    case errc::media_failure:
    case errc::device_failure:
    case errc::not_started: return true;
    default: return false;
    }
}

void throw_exception_from_error(error const& e, boost::source_location const& loc)
{
    boost::throw_exception(e, loc);
}

} // namespace rvoip::client
