#pragma once
// CSeq (RFC 3261 §20.16).

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/method.hpp>

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// A parsed CSeq value.
struct cseq
{
    std::uint32_t number = 0;      ///< less than 2**31 (RFC 3261 §8.1.1.5)
    sip::method method = sip::method::extension;
    std::string_view method_text;  ///< as written; views into the parsed text
};

/// CSeq = 1*DIGIT LWS Method. The number must be below 2**31. Returns
/// errc::bad_header_value when `text` does not match.
result<cseq> parse_cseq(std::string_view text) noexcept;

} // namespace rvoip::sip
