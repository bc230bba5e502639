#pragma once
// RFC 4733 telephone-events (DTMF): the 4-byte payload, a sender that produces the packet
// sequence of one event, and a receiver that reports each event once however many packets
// carry it.
//
//   |     event     |E|R| volume    |          duration             |

#include <rvoip/rtp/error.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace rvoip::rtp {

/// One telephone-event payload (RFC 4733 §2.3).
struct telephone_event_payload
{
    std::uint8_t event = 0;     // 0-9, 10 = '*', 11 = '#', 12-15 = A-D (RFC 4733 §3.2)
    bool end = false;           // E bit: the last packets of the event
    std::uint8_t volume = 10;   // power level in -dBm0, 0..63
    std::uint16_t duration = 0; // timestamp units since the event's timestamp

    friend bool operator==(telephone_event_payload const&,
                           telephone_event_payload const&) = default;
};

/// Reads a payload. Errors: errc::truncated (under 4 bytes).
result<telephone_event_payload>
parse_telephone_event(std::span<std::uint8_t const> payload) noexcept;

/// The 4 payload bytes of `e`.
std::array<std::uint8_t, 4> to_bytes(telephone_event_payload const& e) noexcept;

/// The event code of a DTMF character ('0'-'9', '*', '#', 'A'-'D'), if it is one.
std::optional<std::uint8_t> dtmf_event(char digit) noexcept;
/// The DTMF character of an event code 0..15, or '\0'.
char dtmf_digit(std::uint8_t event) noexcept;

/// One packet to send: the RTP marker and timestamp and the payload. The caller gives each a
/// new sequence number (retransmitted end packets too, RFC 4733 §2.5.1.4).
struct telephone_event_packet
{
    bool marker = false;
    std::uint32_t timestamp = 0;
    telephone_event_payload payload;
};

/// Produces the packets of one event at a time (RFC 4733 §2.5.1): a first packet with the
/// marker, updates every packet interval with the growing duration, all with the event's
/// timestamp, and the final duration sent three times with the E bit.
class telephone_event_sender
{
public:
    /// `interval` is the packet interval in timestamp units (160 = 20 ms at 8 kHz).
    explicit telephone_event_sender(std::uint16_t interval = 160, std::uint8_t volume = 10) noexcept
        : interval_(interval ? interval : 160), volume_(volume)
    {
    }

    /// Starts `event` at RTP timestamp `timestamp`: the first packet (marker set, duration one
    /// interval). Errors: errc::bad_argument when an event is already running (stop() it).
    result<telephone_event_packet> start(std::uint8_t event, std::uint32_t timestamp) noexcept;
    /// The next update, one interval longer. A duration that would pass 0xFFFF starts a new
    /// segment at the timestamp where it overflowed (RFC 4733 §2.5.1.3).
    /// Errors: errc::bad_argument when no event is running.
    result<telephone_event_packet> update() noexcept;
    /// Ends the event: three identical packets with the E bit and the final duration.
    /// Errors: errc::bad_argument when no event is running.
    result<std::array<telephone_event_packet, 3>> stop() noexcept;
    bool active() const noexcept { return active_; }

private:
    std::uint16_t interval_;
    std::uint8_t volume_;
    bool active_ = false;
    std::uint8_t event_ = 0;
    std::uint32_t timestamp_ = 0;
    std::uint32_t duration_ = 0;
};

/// An event the receiver reports. `duration` is known once it has ended.
struct telephone_event
{
    std::uint8_t event = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t duration = 0;
    bool began = false; // this report is the event's first (one per digit)
    bool ended = false; // the event is over; `duration` is final
};

/// Turns received telephone-event packets into events (RFC 4733 §2.5.2): an event begins with
/// the first packet of a new timestamp, whether or not the marker packet arrived, and ends with
/// the first E packet; retransmitted end packets and packets of older events are ignored.
class telephone_event_receiver
{
public:
    /// Accounts one packet. Returns the event when it began (first packet seen of it, `began`)
    /// or ended (first end packet, `ended`), else nothing. A packet that both begins and ends
    /// an event (all but the end packets lost) returns it once with both set.
    std::optional<telephone_event> on_packet(std::uint32_t timestamp,
                                             telephone_event_payload const& payload) noexcept;
    /// Events begun so far (each counted once).
    std::uint64_t events() const noexcept { return events_; }

private:
    bool have_ = false;
    bool ended_ = false;
    std::uint8_t event_ = 0;
    std::uint32_t timestamp_ = 0;
    std::uint32_t duration_ = 0;
    std::uint64_t events_ = 0;
};

} // namespace rvoip::rtp
