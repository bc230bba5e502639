// The RSeq and RAck grammars (RFC 3262 §10).
#include <rvoip/sip/reliable.hpp>

#include "x3_support.hpp"

namespace rvoip::sip {
namespace {

bool to_31_bits(std::string_view digits, std::uint32_t& out) noexcept
{
    std::uint64_t v = 0;
    if (!detail::parse_uint(digits, 0x7FFFFFFFu, v))
        return false;
    out = static_cast<std::uint32_t>(v);
    return true;
}

} // namespace

result<std::uint32_t> parse_rseq(std::string_view text) noexcept
{
    using namespace detail;
    std::string_view digits;
    std::uint32_t n = 0;
    if (!parse_all(text, sws >> x3::raw[+digit][set_view(digits)] >> sws) ||
        !to_31_bits(digits, n) || n == 0)
        return errc::bad_header_value;
    return n;
}

result<rack> parse_rack(std::string_view text) noexcept
{
    using namespace detail;
    rack r;
    r.text = text;
    std::string_view response, cseq;
    auto const grammar = sws >> x3::raw[+digit][set_view(response)] >> lws >>
                         x3::raw[+digit][set_view(cseq)] >> lws >>
                         x3::raw[token][set_view(r.method_text)] >> sws;
    if (!parse_all(text, grammar) || !to_31_bits(response, r.response_num) ||
        !to_31_bits(cseq, r.cseq_num))
        return errc::bad_header_value;
    r.method = lookup_method(r.method_text);
    return r;
}

} // namespace rvoip::sip
