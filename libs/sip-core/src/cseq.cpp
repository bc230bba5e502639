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

namespace {

/// The usual value, digits 1*WSP method and nothing else: what the grammar matches, with the
/// same pieces; false for anything else, which goes to the grammar.
bool scan_usual_cseq(std::string_view text, cseq_state& s) noexcept
{
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i]))
        ++i;
    s.number = text.substr(0, i);
    auto const digits_end = i;
    while (i < text.size() && is_wsp(text[i]))
        ++i;
    auto const method_begin = i;
    while (i < text.size() && is_token_byte(text[i]))
        ++i;
    s.method = text.substr(method_begin, i - method_begin);
    return !s.number.empty() && method_begin > digits_end && !s.method.empty() && i == text.size();
}

errc parse_cseq_with(std::string_view text, cseq& out, bool usual_first) noexcept
{
    cseq_state s;
    if (!(usual_first && scan_usual_cseq(text, s))) {
        s = cseq_state{};
        if (!parse_all_with<cseq_tag>(text, cseq_grammar, s))
            return errc::bad_header_value;
    }
    std::uint64_t n = 0;
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31.
    if (!parse_uint(s.number, 0x7FFFFFFFu, n))
        return errc::bad_header_value;
    out.number = static_cast<std::uint32_t>(n);
    out.method_text = s.method;
    out.method = lookup_method(s.method);
    return errc{};
}

} // namespace

namespace detail {

errc parse_cseq_into(std::string_view text, cseq& out) noexcept
{
    return parse_cseq_with(text, out, true);
}

errc parse_cseq_grammar_into(std::string_view text, cseq& out) noexcept
{
    return parse_cseq_with(text, out, false);
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
