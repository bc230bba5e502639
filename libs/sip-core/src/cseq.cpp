// The CSeq grammar (RFC 3261 §20.16, §25.1).
#include <rvoip/sip/cseq.hpp>

#include "parse_into.hpp"
#include "x3_support.hpp"

namespace rvoip::sip {

namespace {

using namespace detail;

struct cseq_state
{
    std::string_view number, method;
};
struct cseq_tag;

auto const cseq_grammar =
    sws >>
    x3::raw[+digit][on_view<cseq_tag>([](cseq_state& s, std::string_view t) { s.number = t; })] >>
    lws >>
    x3::raw[token][on_view<cseq_tag>([](cseq_state& s, std::string_view t) { s.method = t; })] >>
    sws;

} // namespace

namespace detail {

errc parse_cseq_into(std::string_view text, cseq& out) noexcept
{
    cseq_state s;
    if (!parse_all_with<cseq_tag>(text, cseq_grammar, s))
        return errc::bad_header_value;
    std::uint64_t n = 0;
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31.
    if (!parse_uint(s.number, 0x7FFFFFFFu, n))
        return errc::bad_header_value;
    out.number = static_cast<std::uint32_t>(n);
    out.method_text = s.method;
    out.method = lookup_method(s.method);
    return errc{};
}

} // namespace detail

result<cseq> parse_cseq(std::string_view text) noexcept
{
    result<cseq> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_cseq_into(text, *r); e != errc{})
        r = e;
    return r;
}

} // namespace rvoip::sip
