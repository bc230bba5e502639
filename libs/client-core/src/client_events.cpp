// From the session layer's events to the client's: call records kept up to date, states
// mapped to the crate's CallState, and delivery to subscribers and the event handler.
#include <rvoip/client/client.hpp>

#include "client_impl.hpp"

namespace rvoip::client {

namespace {

call_state map_state(session::call_state s)
{
    switch (s) {
    case session::call_state::calling: return call_state::initiating;
    case session::call_state::incoming: return call_state::incoming_pending;
    case session::call_state::ringing: return call_state::ringing;
    case session::call_state::early_media: return call_state::early_media;
    case session::call_state::connected: return call_state::connected;
    case session::call_state::on_hold:
    case session::call_state::held: return call_state::held;
    case session::call_state::transferring: return call_state::transferring;
    case session::call_state::terminated: return call_state::terminated;
    }
    return call_state::terminated;
}

call_state final_state(session::end_reason r)
{
    switch (r) {
    case session::end_reason::local_hangup:
    case session::end_reason::remote_hangup:
    case session::end_reason::transferred: return call_state::terminated;
    case session::end_reason::cancelled: return call_state::cancelled;
    default: return call_state::failed;
    }
}

std::string describe(session::call_ended const& e)
{
    std::string s{session::to_string(e.reason)};
    if (e.status)
        s += " " + std::to_string(e.status);
    if (!e.detail.empty())
        s += " (" + std::string{e.detail} + ")";
    return s;
}

dtmf_source map_path(session::dtmf_path p)
{
    switch (p) {
    case session::dtmf_path::rfc4733: return dtmf_source::rfc4733;
    case session::dtmf_path::sip_info: return dtmf_source::sip_info;
    case session::dtmf_path::inband: return dtmf_source::inband;
    }
    return dtmf_source::rfc4733;
}

} // namespace

using detail::call_record;

void client::impl::emit(client_event e)
{
    queued.push_back(std::move(e));
    if (busy == 0)
        drain();
}

void client::impl::idle()
{
    if (--busy == 0)
        drain();
}

void client::impl::flush_events()
{
    if (busy == 1) {
        busy = 0;
        drain();
        busy = 1;
    }
}

void client::impl::drain()
{
    ++busy; // what the callbacks emit is queued behind, in order
    while (!queued.empty()) {
        auto e = std::move(queued.front());
        queued.pop_front();
        if (config.event_executor)
            config.event_executor([self = shared_from_this(), e = std::move(e)] { self->deliver(e); });
        else
            deliver(e);
    }
    --busy;
}

void client::impl::deliver(client_event const& e)
{
    hub->publish(e);
    auto const& h = config.event_handler;
    if (!h)
        return;
    std::visit(
        [&](auto const& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, incoming_call_event>) {
                if (ev.replaces)
                    return; // answered already: nothing to decide
                auto const action = h->on_incoming_call(ev);
                if (action == incoming_call_action::ignore)
                    return;
                auto const id = ev.call;
                // Back on the client's thread (delivery may be on the application's executor).
                post_op<void>([id, action](impl& m, auto const& state) {
                    if (!m.layer || !m.find(id)) {
                        state->complete(result<void>{});
                        return;
                    }
                    if (action == incoming_call_action::accept) {
                        if (auto r = m.answer(id, {}); !r)
                            m.error_event(id, r.error());
                    } else {
                        (void)m.layer->reject(id, 486);
                    }
                    state->complete(result<void>{});
                });
            } else if constexpr (std::is_same_v<T, call_state_changed_event>) {
                h->on_call_state_changed(ev);
            } else if constexpr (std::is_same_v<T, media_event>) {
                h->on_media_event(ev);
            } else if constexpr (std::is_same_v<T, media_quality_changed_event>) {
                h->on_media_quality_changed(ev);
            } else if constexpr (std::is_same_v<T, dtmf_received_event>) {
                h->on_dtmf_received(ev);
            } else if constexpr (std::is_same_v<T, registration_status_changed_event>) {
                h->on_registration_status_changed(ev);
            } else if constexpr (std::is_same_v<T, incoming_transfer_request_event>) {
                h->on_incoming_transfer_request(ev);
            } else if constexpr (std::is_same_v<T, transfer_progress_event>) {
                h->on_transfer_progress(ev);
            } else if constexpr (std::is_same_v<T, message_received_event>) {
                h->on_message_received(ev);
            } else if constexpr (std::is_same_v<T, presence_changed_event>) {
                h->on_presence_changed(ev);
            } else if constexpr (std::is_same_v<T, network_event>) {
                h->on_network_event(ev);
            } else if constexpr (std::is_same_v<T, client_error_event>) {
                h->on_client_error(ev);
            }
        },
        e.payload);
}

void client::impl::error_event(std::optional<call_id> call, error const& e)
{
    emit({client_error_event{call, e.code(), e.category(), e.what()}, event_priority::critical});
}

void client::impl::set_state(call_record& r, call_state s, std::string reason)
{
    if (r.info.state == s)
        return;
    auto const previous = r.info.state;
    r.info.state = s;
    if (s == call_state::connected && !r.info.connected_at) {
        r.info.connected_at = std::chrono::system_clock::now();
        ++stats.connected_calls;
        if (r.no_answer)
            r.no_answer->cancel();
    }
    auto const priority = is_final(s) || s == call_state::connected ? event_priority::high : event_priority::normal;
    emit({call_state_changed_event{r.info.id, s, previous, std::move(reason)}, priority});
}

void client::impl::finish(call_id id, session::call_ended const& e)
{
    auto it = calls.find(id);
    if (it == calls.end())
        return;
    auto& r = it->second;
    if (r.no_answer)
        r.no_answer->cancel();
    refresh_info(r);
    r.info.ended_at = std::chrono::system_clock::now();
    if (r.info.end_reason.empty())
        r.info.end_reason = describe(e);
    r.info.end_status = e.status;
    auto const state = final_state(e.reason);
    if (state == call_state::failed)
        ++stats.failed_calls;
    if (r.audio_started)
        emit({media_event{id, media_event_kind::audio_stopped, r.info.codec}, event_priority::low});
    set_state(r, state, r.info.end_reason);
    history.push_back(r.info);
    ended_media.emplace_back(id, detail::to_statistics(e.report.media, r.info.codec));
    while (history.size() > config.call_history_size) {
        history.pop_front();
        ended_media.pop_front();
    }
    {
        std::lock_guard lock(taps_mutex);
        taps.erase(id);
    }
    calls.erase(id);
}

void client::impl::on_incoming(session::incoming_call const& e)
{
    auto& r = add_call(e.call, call_direction::incoming, std::make_shared<detail::audio_tap>(config.audio_rate));
    r.info.state = call_state::incoming_pending;
    r.info.remote_uri = std::string{e.from};
    r.info.remote_display_name = std::string{e.display_name};
    r.info.local_uri = std::string{e.to};
    r.info.local_display_name = config.display_name;
    r.info.subject = std::string{e.subject};
    emit({incoming_call_event{e.call, r.info.remote_uri, r.info.local_uri, r.info.remote_display_name, r.info.subject,
                              e.replaces},
          event_priority::high});
    if (e.replaces)
        return; // answered by the session layer at once with the replaced call's audio
    emit({call_state_changed_event{e.call, call_state::incoming_pending, call_state::initiating, {}},
          event_priority::normal});
    if (config.auto_answer)
        if (auto a = answer(e.call, {}); !a)
            error_event(e.call, a.error());
}

void client::impl::on_media(session::media_updated const& e)
{
    auto* r = find(e.call);
    if (!r)
        return;
    auto const previous = r->info.codec;
    refresh_info(*r);
    r->info.codec = std::string{e.codec};
    r->info.srtp = e.srtp;
    r->info.remote_hold = e.remote_hold;
    r->info.remote_media_address = e.remote.address + ":" + std::to_string(e.remote.port);
    if (!r->audio_started) {
        r->audio_started = true;
        emit({media_event{e.call, media_event_kind::audio_started, r->info.codec}, event_priority::normal});
    } else if (previous != r->info.codec) {
        emit({media_event{e.call, media_event_kind::codec_changed, r->info.codec}, event_priority::normal});
    }
}

void client::impl::on_session_event(session::event const& e)
{
    ++busy;
    std::visit(
        [this](auto const& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, session::incoming_call>) {
                on_incoming(ev);
            } else if constexpr (std::is_same_v<T, session::call_state_changed>) {
                auto* r = find(ev.call);
                if (!r) {
                    // A call the session layer made itself (following a REFER).
                    r = &add_call(ev.call, call_direction::outgoing,
                                  std::make_shared<detail::audio_tap>(config.audio_rate));
                    if (auto i = layer->info(ev.call)) {
                        r->info.remote_uri = i->remote_uri;
                        r->info.local_uri = i->local_uri;
                    }
                }
                bool const was_held = r->info.state == call_state::held;
                auto const next = map_state(ev.state);
                if (next == call_state::terminated)
                    return; // call_ended says how
                set_state(*r, next);
                refresh_info(*r);
                if (ev.state == session::call_state::on_hold && !was_held)
                    emit({media_event{ev.call, media_event_kind::hold_started, {}}, event_priority::normal});
                else if (was_held && next != call_state::held)
                    emit({media_event{ev.call, media_event_kind::hold_ended, {}}, event_priority::normal});
            } else if constexpr (std::is_same_v<T, session::call_ended>) {
                finish(ev.call, ev);
            } else if constexpr (std::is_same_v<T, session::media_updated>) {
                on_media(ev);
            } else if constexpr (std::is_same_v<T, session::dtmf_received>) {
                emit({dtmf_received_event{ev.call, ev.digit, map_path(ev.via)}, event_priority::normal});
            } else if constexpr (std::is_same_v<T, session::quality_measured>) {
                auto* r = find(ev.call);
                if (!r)
                    return;
                auto q = detail::to_quality(ev.sample);
                q.samples = ++r->quality_samples;
                emit({media_quality_changed_event{ev.call, q, q.mos < 3.6}, event_priority::low});
            } else if constexpr (std::is_same_v<T, session::transfer_progress>) {
                emit({transfer_progress_event{ev.call, ev.status, ev.final}, event_priority::normal});
            } else if constexpr (std::is_same_v<T, session::transfer_requested>) {
                if (!find(ev.new_call)) {
                    auto& r = add_call(ev.new_call, call_direction::outgoing,
                                       std::make_shared<detail::audio_tap>(config.audio_rate));
                    r.info.remote_uri = std::string{ev.target};
                    if (auto* old = find(ev.call))
                        r.info.local_uri = old->info.local_uri;
                }
                emit({incoming_transfer_request_event{ev.call, ev.new_call, std::string{ev.target}},
                      event_priority::high});
            } else if constexpr (std::is_same_v<T, session::dialog_event_unclaimed>) {
                on_dialog_event(ev.event);
            }
        },
        e);
    idle();
}

void client::impl::on_dialog_event(dialog::event const& e)
{
    std::visit(
        [this](auto const& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, dialog::registration_changed>)
                on_registration(ev);
            else if constexpr (std::is_same_v<T, dialog::request_received>)
                on_request(ev);
            else if constexpr (std::is_same_v<T, dialog::notification>)
                on_notification(ev);
            else if constexpr (std::is_same_v<T, dialog::subscription_ended>)
                on_subscription_ended(ev);
            else if constexpr (std::is_same_v<T, dialog::publication_changed>)
                on_publication(ev);
        },
        e);
}

event_subscription client::subscribe(event_filter filter, std::function<void(client_event const&)> callback)
{
    return impl_->hub->subscribe(std::move(filter), std::move(callback));
}

} // namespace rvoip::client
