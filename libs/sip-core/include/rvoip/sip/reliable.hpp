#pragma once
// Reliable provisional responses (RFC 3262): the RSeq and RAck headers.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/method.hpp>

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// Parses an RSeq value and returns its response-num.
///
/// ABNF (RFC 3262 §10):
///   RSeq = "RSeq" HCOLON response-num
///   response-num = 1*DIGIT
/// RFC 3262 §3: the value is between 1 and 2**31 - 1. Returns errc::bad_header_value otherwise.
result<std::uint32_t> parse_rseq(std::string_view text) noexcept;

/// A parsed RAck value. Views point into the parsed text.
struct rack
{
    std::uint32_t response_num = 0; ///< the RSeq of the response acknowledged
    std::uint32_t cseq_num = 0;     ///< the CSeq number of that response
    sip::method method = sip::method::extension;
    std::string_view method_text; ///< the CSeq method as written
    std::string_view text;        ///< the whole value
};

/// Parses an RAck value.
///
/// ABNF (RFC 3262 §10):
///   RAck = "RAck" HCOLON response-num LWS CSeq-num LWS Method
///   response-num = 1*DIGIT;  CSeq-num = 1*DIGIT
/// Both numbers must be below 2**31 (RFC 3261 §8.1.1.5, RFC 3262 §3). Returns
/// errc::bad_header_value when `text` does not match.
result<rack> parse_rack(std::string_view text) noexcept;

} // namespace rvoip::sip
