#pragma once
// SIP request methods (RFC 3261 §7.1 and extensions). Unknown methods are method::extension
// and keep their text, so that any token round-trips.

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

enum class method : std::uint8_t
{
    extension = 0, // any other token; the text is kept alongside
    invite,
    ack,
    bye,
    cancel,
    register_,
    options,
    prack,
    update,
    info,
    subscribe,
    notify,
    refer,
    message,
    publish,
};

/// The method for a token; methods are case-sensitive (RFC 3261 §7.1), so "invite" is an
/// extension method, not INVITE.
method lookup_method(std::string_view token) noexcept;

/// The text of a known method ("INVITE"); empty for method::extension.
std::string_view to_string(method m) noexcept;

} // namespace rvoip::sip
