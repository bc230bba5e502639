// The Event and Subscription-State grammars (RFC 6665 §8.4).
#include <rvoip/sip/event.hpp>

#include "header_grammar.hpp"
#include "parse_into.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const token_nodot = +char_if([](char c) { return c != '.' && is_token_char(c); });
auto const event_type = token_nodot >> *(lit('.') >> token_nodot);

} // namespace

namespace detail {

errc parse_event_into(std::string_view text, event_header& e) noexcept
{
    e.text = text;
    auto const grammar = sws >> x3::raw[event_type][set_view(e.type)] >>
                         x3::raw[generic_params][set_view(e.params)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    e.package = e.type.substr(0, e.type.find('.'));
    if (auto id = e.parameters().find("id"); id && id->has_value) {
        // event-param = "id" EQUAL token
        if (!is_token(id->value))
            return errc::bad_header_value;
        e.id = id->value;
    }
    return errc{};
}

} // namespace detail

result<event_header> parse_event(std::string_view text) noexcept
{
    result<event_header> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_event_into(text, *r); e != errc{})
        r = e;
    return r;
}

namespace detail {

errc parse_subscription_state_into(std::string_view text, subscription_state& s) noexcept
{
    s.text = text;
    auto const grammar = sws >> x3::raw[token][set_view(s.state_text)] >>
                         x3::raw[generic_params][set_view(s.params)] >> sws;
    if (!parse_all(text, grammar))
        return errc::bad_header_value;
    if (iequals(s.state_text, "active"))
        s.state = substate::active;
    else if (iequals(s.state_text, "pending"))
        s.state = substate::pending;
    else if (iequals(s.state_text, "terminated"))
        s.state = substate::terminated;
    for (auto const& p : s.parameters()) {
        if (iequals(p.name, "expires") && !s.expires) {
            s.expires = to_delta_seconds(p.value);
            if (!s.expires)
                return errc::bad_header_value;
        } else if (iequals(p.name, "retry-after") && !s.retry_after) {
            s.retry_after = to_delta_seconds(p.value);
            if (!s.retry_after)
                return errc::bad_header_value;
        } else if (iequals(p.name, "reason") && s.reason.empty()) {
            // event-reason-value is a token
            if (!is_token(p.value))
                return errc::bad_header_value;
            s.reason = p.value;
        }
    }
    return errc{};
}

} // namespace detail

result<subscription_state> parse_subscription_state(std::string_view text) noexcept
{
    result<subscription_state> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_subscription_state_into(text, *r); e != errc{})
        r = e;
    return r;
}

} // namespace rvoip::sip
