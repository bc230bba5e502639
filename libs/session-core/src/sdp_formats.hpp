#pragma once
// What the formats of an m-line are: the a=rtpmap, or RFC 3551's static assignments for the
// static payload types that come without one; and the codecs session-core can run.

#include <rvoip/session/offer_answer.hpp>

#include <rvoip/sip/sdp.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace rvoip::session::detail {

/// A codec this layer runs: its encoding name as media-core spells it, its static payload
/// type (RFC 3551 Table 4) if any, RTP clock rate and the channel count of its rtpmap.
struct known_codec
{
    std::string_view name;
    int static_pt; // -1: dynamic
    std::uint32_t clock;
    std::uint32_t channels;
};

inline constexpr known_codec known_codecs[] = {
    {"opus", -1, 48000, 2}, // RFC 7587 §7: always "opus/48000/2"
    {"G722", 9, 8000, 1},   // RFC 3551 §4.5.2: an 8000 Hz clock for 16 kHz audio
    {"PCMU", 0, 8000, 1},
    {"PCMA", 8, 8000, 1},
};

inline constexpr std::string_view telephone_event_name = "telephone-event";

/// The codec of `name` (case-insensitive), or null.
known_codec const* find_codec(std::string_view name) noexcept;

bool iequals(std::string_view a, std::string_view b) noexcept;

/// A description with our origin address and c= line and no media yet.
sip::sdp::session_description skeleton(local_media const& local);

/// A format of a media line as an encoding: its rtpmap, or for a static payload type without
/// one the RFC 3551 assignment. Nothing for a format that is neither.
struct format_info
{
    int pt = 0;
    std::string_view name; // views the media line or the static table
    std::uint32_t clock = 0;
};
std::optional<format_info> format_of(sip::sdp::media_description const& m, std::string_view fmt);

/// The format of `m` that is `name` at `clock`, first in the line's order.
std::optional<format_info> find_format(sip::sdp::media_description const& m, std::string_view name,
                                       std::uint32_t clock);

} // namespace rvoip::session::detail
