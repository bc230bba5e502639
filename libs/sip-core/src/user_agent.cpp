// The server-val list of User-Agent and Server (RFC 3261 §25.1), checked leniently.
#include <rvoip/sip/user_agent.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const separator = char_if([](char c) {
    switch (c) {
    case '/': case ':': case ';': case ',': case '@': case '=': case '?': case '[': case ']':
    case '{': case '}': case '<': case '>':
        return true;
    default:
        return false;
    }
});
// UTF-8 product names are not RFC 3261 tokens, but they occur; accept non-ASCII bytes as text.
auto const word = +char_if([](char c) {
    return is_token_char(c) || static_cast<unsigned char>(c) >= 0x80;
});
auto const item = word | comment | quoted_string | separator;

} // namespace

result<std::string_view> parse_product_list(std::string_view text) noexcept
{
    auto const t = trim_lws(text);
    if (t.empty() || !parse_all(t, item >> *(sws >> item)))
        return errc::bad_header_value;
    return t;
}

} // namespace rvoip::sip
