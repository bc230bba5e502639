// Token list values (RFC 3261 §25.1).
#include <rvoip/sip/token_list.hpp>

#include "text.hpp"

namespace rvoip::sip {

result<std::string_view> parse_token(std::string_view text) noexcept
{
    auto const t = detail::trim_lws(text);
    if (!detail::is_token(t))
        return errc::bad_header_value;
    return t;
}

} // namespace rvoip::sip
