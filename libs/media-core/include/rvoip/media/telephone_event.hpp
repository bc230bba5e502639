#pragma once
// RFC 4733 telephone-event: the 4-byte DTMF event payload, its SDP description
// ("telephone-event/8000", fmtp "0-16") and the digit <-> event code mapping of §3.2.

#include <rvoip/media/error.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace rvoip::media {

/// The a=rtpmap encoding and fmtp this layer offers for telephone-event (RFC 4733 §7.1.1).
inline constexpr std::string_view telephone_event_rtpmap = "telephone-event/8000";
inline constexpr std::string_view telephone_event_fmtp = "0-16";

/// One RFC 4733 §2.3 event payload.
struct telephone_event
{
    std::uint8_t event = 0;     // 0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D', 16 flash
    bool end = false;           // E bit: the last packet(s) of the event
    std::uint8_t volume = 10;   // 0-63, power level in -dBm0
    std::uint16_t duration = 0; // in RTP timestamp units since the event began

    friend bool operator==(telephone_event const&, telephone_event const&) = default;
};

/// The 4 payload bytes of `e` (errc::bad_argument for a volume above 63).
result<std::array<std::uint8_t, 4>> serialize(telephone_event const& e);

/// Reads an event payload; errc::bad_payload when shorter than 4 bytes. Extra bytes (several
/// events, RFC 4733 §2.5.1.6) are ignored.
result<telephone_event> parse_telephone_event(std::span<std::uint8_t const> payload);

/// The event code of a DTMF digit ('0'-'9', '*', '#', 'A'-'D', case-insensitive).
std::optional<std::uint8_t> dtmf_event_code(char digit) noexcept;

/// The DTMF digit of an event code 0-15.
std::optional<char> dtmf_digit(std::uint8_t event) noexcept;

} // namespace rvoip::media
