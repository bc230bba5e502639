#pragma once
// Errors of the sip-core layer: one errc enum, its category ("rvoip.sip"), and parse_error,
// which says what was rejected and where (line, column, header).

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace rvoip::sip {

/// Everything sip-core can reject. Values are stable; 0 is never used.
enum class errc
{
    need_more = 1,        // framing: the stream has not delivered a whole message yet
    empty_message,        // no bytes (or only CRLFs) where a message was expected
    message_too_large,    // the whole message passed the configured size limit
    header_too_large,     // the header block passed the configured limit
    too_many_headers,     // more header fields than the configured limit
    body_too_large,       // Content-Length above the configured body limit
    bad_start_line,       // the first line is neither a Request-Line nor a Status-Line
    bad_method,           // the method is not an RFC 3261 token
    bad_request_uri,      // the Request-URI is not a valid URI (or contains whitespace)
    bad_version,          // SIP-Version is not SIP/x.y (RFC 3261 §7.1)
    unsupported_version,  // a well-formed SIP-Version other than SIP/2.0 (answer 505)
    bad_status_code,      // Status-Code is not three digits 100-699
    bad_reason_phrase,    // the reason phrase contains control characters
    bad_header_line,      // a header line with no colon, or a header name that is not a token
    bad_header_value,     // a header value that does not match its grammar
    bad_line_ending,      // a bare CR, or a NUL byte, in the start line or header block
    missing_header,       // a header RFC 3261 §8.1.1 requires is absent (see parse_error::header)
    duplicate_header,     // a header that may occur once occurs more than once with other values
    missing_sent_by,      // a Via value with no host
    cseq_method_mismatch, // CSeq method differs from the request line (RFC 3261 §8.1.1.5)
    bad_content_length,   // Content-Length is not a number or is out of range
    body_truncated,       // Content-Length promises more bytes than the datagram holds
    header_not_found,     // an optional header asked for is not in the message
    bad_uri,              // a URI that does not match RFC 3261 §25.1 / RFC 3966 / RFC 5118
    bad_sdp,              // an SDP body that does not match RFC 8866
    bad_argument,         // a builder or setter was given a value that cannot be rendered
};

/// The error category of sip-core; name() is "rvoip.sip".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

/// Where and why a parse failed. `line` and `column` are 1-based positions in the input
/// (0 when the error is about the message as a whole); `header` is the canonical name of the
/// header concerned, or empty.
struct parse_error
{
    boost::system::error_code code;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string header;
    std::string detail; // a short human explanation, e.g. "missing sent-by"

    /// "line 3, column 14: Via: missing sent-by"
    std::string message() const;
};

/// The exception `result<T, parse_error>::value()` throws on error.
class parse_exception : public boost::system::system_error
{
public:
    explicit parse_exception(parse_error e);
    parse_error const& error() const noexcept { return error_; }

private:
    parse_error error_;
};

[[noreturn]] void throw_exception_from_error(parse_error const& e,
                                             boost::source_location const& loc);

template<class T>
using result = boost::system::result<T>;

template<class T>
using parse_result = boost::system::result<T, parse_error>;

} // namespace rvoip::sip

template<>
struct boost::system::is_error_code_enum<rvoip::sip::errc> : std::true_type
{
};
