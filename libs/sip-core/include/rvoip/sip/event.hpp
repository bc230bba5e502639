#pragma once
// SIP events (RFC 6665, which replaced RFC 3265): the Event header and the Subscription-State
// header of NOTIFY.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::sip {

/// A parsed Event value. Views point into the parsed text.
struct event_header
{
    std::string_view type;    ///< the event-type as written ("presence", "presence.winfo")
    std::string_view package; ///< the event-package: event-type up to the first "."
    std::string_view id;      ///< the id parameter, empty when absent
    std::string_view params;  ///< raw ";id=...;..." after the event-type
    std::string_view text;    ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
};

/// Parses an Event (compact "o") or Allow-Events value.
///
/// ABNF (RFC 6665 §8.4):
///   Event = ( "Event" / "o" ) HCOLON event-type *( SEMI event-param )
///   event-type = event-package *( "." event-template )
///   event-package = token-nodot;  event-template = token-nodot
///   token-nodot = 1*( alphanum / "-" / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
///   event-param = generic-param / ( "id" EQUAL token )
/// Returns errc::bad_header_value when `text` does not match.
result<event_header> parse_event(std::string_view text) noexcept;

/// The substate-value of a Subscription-State.
enum class substate : std::uint8_t
{
    active,
    pending,
    terminated,
    extension, ///< any other token (RFC 6665 §8.4: to be treated as "active")
};

/// A parsed Subscription-State value. Views point into the parsed text.
struct subscription_state
{
    sip::substate state = sip::substate::extension;
    std::string_view state_text;              ///< substate-value as written
    std::optional<std::uint32_t> expires;     ///< the expires parameter (delta-seconds)
    std::string_view reason;                  ///< event-reason-value, empty when absent
    std::optional<std::uint32_t> retry_after; ///< the retry-after parameter (delta-seconds)
    std::string_view params;                  ///< raw ";expires=...;..." after the substate
    std::string_view text;                    ///< the whole value

    param_list parameters() const noexcept { return param_list(params, ';'); }
};

/// Parses a Subscription-State value.
///
/// ABNF (RFC 6665 §8.4):
///   Subscription-State = "Subscription-State" HCOLON substate-value *( SEMI subexp-params )
///   substate-value = "active" / "pending" / "terminated" / extension-substate
///   extension-substate = token
///   subexp-params = ( "reason" EQUAL event-reason-value ) / ( "expires" EQUAL delta-seconds )
///                 / ( "retry-after" EQUAL delta-seconds ) / generic-param
///   event-reason-value = "deactivated" / "probation" / "rejected" / "timeout" / "giveup"
///                      / "noresource" / "invariant" / event-reason-extension
/// Returns errc::bad_header_value when `text` does not match, or expires / retry-after is not
/// a 32-bit delta-seconds.
result<subscription_state> parse_subscription_state(std::string_view text) noexcept;

} // namespace rvoip::sip
