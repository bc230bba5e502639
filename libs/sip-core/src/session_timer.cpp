// The Session-Expires and Min-SE grammars (RFC 4028 §4, §5).
#include <rvoip/sip/session_timer.hpp>

#include "header_grammar.hpp"
#include "parse_into.hpp"

#include <algorithm>

namespace rvoip::sip {

namespace detail {

errc parse_session_expires_into(std::string_view text, session_expires& s) noexcept
{
    s.text = text;
    // The usual value is the delta alone: no grammar needed for a run of digits.
    if (!text.empty() && text.size() <= 10 &&
        std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c); })) {
        auto const delta = to_delta_seconds(text);
        if (!delta)
            return errc::bad_header_value;
        s.delta_seconds = *delta;
        s.params = text.substr(text.size());
        return errc{};
    }
    std::string_view digits;
    auto const grammar = sws >> x3::raw[+digit][set_view(digits)] >>
                         x3::raw[generic_params][set_view(s.params)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    auto const delta = to_delta_seconds(digits);
    if (!delta)
        return errc::bad_header_value;
    s.delta_seconds = *delta;
    if (auto p = s.parameters().find("refresher")) {
        if (iequals(p->value, "uac"))
            s.refresher = sip::refresher::uac;
        else if (iequals(p->value, "uas"))
            s.refresher = sip::refresher::uas;
        else
            return errc::bad_header_value;
    }
    return errc{};
}

} // namespace detail

result<session_expires> parse_session_expires(std::string_view text) noexcept
{
    result<session_expires> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_session_expires_into(text, *r); e != errc{})
        r = e;
    return r;
}

result<std::uint32_t> parse_min_se(std::string_view text) noexcept
{
    using namespace detail;
    std::string_view digits;
    auto const grammar = sws >> x3::raw[+digit][set_view(digits)] >> generic_params >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    auto const delta = to_delta_seconds(digits);
    if (!delta)
        return errc::bad_header_value;
    return *delta;
}

} // namespace rvoip::sip
