// Token list values (RFC 3261 §25.1).
#include <rvoip/sip/token_list.hpp>

#include "header_grammar.hpp"
#include "lazy.hpp"

namespace rvoip::sip {

result<std::string_view> parse_token(std::string_view text) noexcept
{
    auto const t = detail::trim_lws(text);
    if (!detail::is_token(t))
        return errc::bad_header_value;
    return t;
}

namespace detail {
namespace {

struct token_list_state
{
    void (*take)(void*, std::string_view);
    void* out;
};
struct token_list_tag;

auto const list_token = x3::raw[token][on_view<token_list_tag>(
    [](token_list_state& s, std::string_view t) { s.take(s.out, t); })];
// token *( COMMA token ), with LWS around it as a field value may have.
auto const token_list = sws >> list_token >> *(comma >> list_token) >> sws;

} // namespace

bool take_token_list(std::string_view value, void (*take)(void*, std::string_view),
                     void* out) noexcept
{
    token_list_state s{take, out};
    return parse_all_with<token_list_tag>(value, token_list, s);
}

} // namespace detail

} // namespace rvoip::sip
