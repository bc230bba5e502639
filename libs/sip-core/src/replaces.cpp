// The Replaces grammar (RFC 3891 §6.1).
#include <rvoip/sip/replaces.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

// word = 1*( alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" /
//        "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" )  (RFC 3261 §25.1)
auto const word = +char_if([](char c) {
    switch (c) {
    case '(': case ')': case '<': case '>': case ':': case '\\': case '"': case '/': case '[':
    case ']': case '?': case '{': case '}':
        return true;
    default:
        return is_token_char(c);
    }
});
auto const callid = word >> -(lit('@') >> word);

} // namespace

result<replaces> parse_replaces(std::string_view text) noexcept
{
    replaces r;
    r.text = text;
    auto const grammar = sws >> x3::raw[callid][set_view(r.call_id)] >>
                         x3::raw[generic_params][set_view(r.params)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    int to_tags = 0, from_tags = 0;
    for (auto const& p : r.parameters()) {
        if (iequals(p.name, "to-tag")) {
            r.to_tag = p.value;
            ++to_tags;
            if (!is_token(p.value))
                return errc::bad_header_value;
        } else if (iequals(p.name, "from-tag")) {
            r.from_tag = p.value;
            ++from_tags;
            if (!is_token(p.value))
                return errc::bad_header_value;
        } else if (iequals(p.name, "early-only")) {
            r.early_only = true;
        }
    }
    if (to_tags != 1 || from_tags != 1)
        return errc::bad_header_value;
    return r;
}

} // namespace rvoip::sip
