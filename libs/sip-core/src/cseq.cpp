// The CSeq grammar (RFC 3261 §20.16, §25.1).
#include <rvoip/sip/cseq.hpp>

#include "x3_support.hpp"

namespace rvoip::sip {

result<cseq> parse_cseq(std::string_view text) noexcept
{
    using namespace detail;
    std::string_view number, method;
    auto const grammar = sws >> x3::raw[+digit][set_view(number)] >> lws >>
                         x3::raw[token][set_view(method)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    std::uint64_t n = 0;
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31.
    if (!parse_uint(number, 0x7FFFFFFFu, n))
        return errc::bad_header_value;
    cseq out;
    out.number = static_cast<std::uint32_t>(n);
    out.method_text = method;
    out.method = lookup_method(method);
    return out;
}

} // namespace rvoip::sip
