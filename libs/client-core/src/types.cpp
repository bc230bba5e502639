// Names of the client's enumerations, for logs and the softphone's output.
#include <rvoip/client/events.hpp>
#include <rvoip/client/types.hpp>

#include <algorithm>

namespace rvoip::client {

std::string_view to_string(call_state s) noexcept
{
    switch (s) {
    case call_state::initiating: return "initiating";
    case call_state::proceeding: return "proceeding";
    case call_state::ringing: return "ringing";
    case call_state::early_media: return "early_media";
    case call_state::connected: return "connected";
    case call_state::held: return "held";
    case call_state::transferring: return "transferring";
    case call_state::terminating: return "terminating";
    case call_state::terminated: return "terminated";
    case call_state::failed: return "failed";
    case call_state::cancelled: return "cancelled";
    case call_state::incoming_pending: return "incoming_pending";
    }
    return "unknown";
}

std::string_view to_string(call_direction d) noexcept
{
    return d == call_direction::outgoing ? "outgoing" : "incoming";
}

std::string_view to_string(registration_state s) noexcept
{
    switch (s) {
    case registration_state::registering: return "registering";
    case registration_state::registered: return "registered";
    case registration_state::unregistering: return "unregistering";
    case registration_state::unregistered: return "unregistered";
    case registration_state::failed: return "failed";
    }
    return "unknown";
}

std::string_view to_string(presence_status s) noexcept
{
    switch (s) {
    case presence_status::available: return "available";
    case presence_status::away: return "away";
    case presence_status::offline: return "offline";
    case presence_status::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view to_string(media_event_kind k) noexcept
{
    switch (k) {
    case media_event_kind::microphone_muted: return "microphone_muted";
    case media_event_kind::microphone_unmuted: return "microphone_unmuted";
    case media_event_kind::speaker_muted: return "speaker_muted";
    case media_event_kind::speaker_unmuted: return "speaker_unmuted";
    case media_event_kind::hold_started: return "hold_started";
    case media_event_kind::hold_ended: return "hold_ended";
    case media_event_kind::dtmf_sent: return "dtmf_sent";
    case media_event_kind::audio_started: return "audio_started";
    case media_event_kind::audio_stopped: return "audio_stopped";
    case media_event_kind::codec_changed: return "codec_changed";
    }
    return "unknown";
}

std::string_view to_string(event_kind k) noexcept
{
    switch (k) {
    case event_kind::incoming_call: return "incoming_call";
    case event_kind::call_state_changed: return "call_state_changed";
    case event_kind::media: return "media";
    case event_kind::media_quality_changed: return "media_quality_changed";
    case event_kind::dtmf_received: return "dtmf_received";
    case event_kind::registration_status_changed: return "registration_status_changed";
    case event_kind::incoming_transfer_request: return "incoming_transfer_request";
    case event_kind::transfer_progress: return "transfer_progress";
    case event_kind::message_received: return "message_received";
    case event_kind::presence_changed: return "presence_changed";
    case event_kind::network: return "network";
    case event_kind::client_error: return "client_error";
    }
    return "unknown";
}

std::optional<call_id> client_event::call() const noexcept
{
    return std::visit(
        [](auto const& e) -> std::optional<call_id> {
            if constexpr (requires { e.call; })
                return e.call; // a call_id, or client_error_event's optional one
            else
                return std::nullopt;
        },
        payload);
}

bool event_filter::matches(client_event const& e) const noexcept
{
    if (e.priority < min_priority)
        return false;
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), e.kind()) == kinds.end())
        return false;
    if (call && e.call() != call)
        return false;
    if (!states.empty()) {
        auto const* s = e.as<call_state_changed_event>();
        if (!s || std::find(states.begin(), states.end(), s->new_state) == states.end())
            return false;
    }
    return true;
}

} // namespace rvoip::client
