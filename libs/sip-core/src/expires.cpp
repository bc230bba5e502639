// delta-seconds headers (RFC 3261 §20.19, §20.23).
#include <rvoip/sip/expires.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {

result<std::uint32_t> parse_expires(std::string_view text) noexcept
{
    auto const v = detail::to_delta_seconds(detail::trim_lws(text));
    if (!v)
        return errc::bad_header_value;
    return *v;
}

} // namespace rvoip::sip
