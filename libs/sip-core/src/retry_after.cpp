// The Retry-After grammar (RFC 3261 §25.1).
#include <rvoip/sip/retry_after.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {

result<retry_after> parse_retry_after(std::string_view text) noexcept
{
    using namespace detail;
    retry_after r;
    r.text = text;
    std::string_view digits;
    auto const grammar = sws >> x3::raw[+digit][set_view(digits)] >>
                         -(sws >> x3::raw[comment][set_view(r.comment)]) >>
                         x3::raw[generic_params][set_view(r.params)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    auto const delta = to_delta_seconds(digits);
    if (!delta)
        return errc::bad_header_value;
    r.delta_seconds = *delta;
    if (auto d = r.parameters().find("duration")) {
        r.duration = to_delta_seconds(d->value);
        if (!r.duration)
            return errc::bad_header_value;
    }
    return r;
}

} // namespace rvoip::sip
