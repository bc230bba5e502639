// The warning-value grammar (RFC 3261 §25.1).
#include <rvoip/sip/warning.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {

result<warning> parse_warning(std::string_view text) noexcept
{
    using namespace detail;
    warning w;
    w.text = text;
    std::string_view code, quoted;
    // hostport = host [ ":" port ] with IPv6 references; pseudonym = token.
    auto const agent = (ipv6_reference >> -(lit(':') >> +digit)) |
                       +char_if([](char c) { return is_token_char(c) || c == ':'; });
    auto const grammar = sws >> x3::raw[digit >> digit >> digit][set_view(code)] >> lws >>
                         x3::raw[agent][set_view(w.agent)] >> lws >>
                         x3::raw[quoted_string][set_view(quoted)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    w.code =
        static_cast<std::uint16_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
    w.warn_text = strip_quotes(quoted);
    return w;
}

} // namespace rvoip::sip
