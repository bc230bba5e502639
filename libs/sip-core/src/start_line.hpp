#pragma once
// Private: the start-line and Call-ID grammars, used by the message parser.

#include <rvoip/sip/error.hpp>

#include <string_view>

namespace rvoip::sip::detail {

struct start_line
{
    bool request = false;
    std::string_view method;  // request
    std::string_view uri;     // request
    std::string_view version;
    int status = 0;           // response
    std::string_view reason;  // response
    errc error{};             // when parsing fails
    std::size_t error_column = 0; // 0-based offset into the line of the problem
};

/// Request-Line = Method SP Request-URI SP SIP-Version;
/// Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.1, §7.2).
/// The line comes without its line ending. On failure `error` is set.
start_line parse_start_line(std::string_view line) noexcept;

/// callid = word [ "@" word ] (RFC 3261 §25.1).
bool valid_call_id(std::string_view value) noexcept;

} // namespace rvoip::sip::detail
