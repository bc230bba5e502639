#include <rvoip/rtp/telephone_event.hpp>

namespace rvoip::rtp {

result<telephone_event_payload> parse_telephone_event(std::span<std::uint8_t const> p) noexcept
{
    if (p.size() < 4)
        return errc::truncated;
    telephone_event_payload e;
    e.event = p[0];
    e.end = (p[1] & 0x80) != 0;
    e.volume = static_cast<std::uint8_t>(p[1] & 0x3F);
    e.duration = static_cast<std::uint16_t>((p[2] << 8) | p[3]);
    return e;
}

std::array<std::uint8_t, 4> to_bytes(telephone_event_payload const& e) noexcept
{
    return {e.event, static_cast<std::uint8_t>((e.end ? 0x80 : 0) | (e.volume & 0x3F)),
            static_cast<std::uint8_t>(e.duration >> 8), static_cast<std::uint8_t>(e.duration)};
}

std::optional<std::uint8_t> dtmf_event(char digit) noexcept
{
    if (digit >= '0' && digit <= '9')
        return static_cast<std::uint8_t>(digit - '0');
    if (digit == '*')
        return 10;
    if (digit == '#')
        return 11;
    if (digit >= 'A' && digit <= 'D')
        return static_cast<std::uint8_t>(12 + digit - 'A');
    if (digit >= 'a' && digit <= 'd')
        return static_cast<std::uint8_t>(12 + digit - 'a');
    return std::nullopt;
}

char dtmf_digit(std::uint8_t event) noexcept
{
    constexpr char digits[] = "0123456789*#ABCD";
    return event < 16 ? digits[event] : '\0';
}

result<telephone_event_packet> telephone_event_sender::start(std::uint8_t event,
                                                             std::uint32_t timestamp) noexcept
{
    if (active_)
        return errc::bad_argument;
    active_ = true;
    event_ = event;
    timestamp_ = timestamp;
    duration_ = interval_;
    return telephone_event_packet{
        true, timestamp_, {event_, false, volume_, static_cast<std::uint16_t>(duration_)}};
}

result<telephone_event_packet> telephone_event_sender::update() noexcept
{
    if (!active_)
        return errc::bad_argument;
    duration_ += interval_;
    if (duration_ > 0xFFFF) {
        // RFC 4733 §2.5.1.3: a long event continues as a new segment where the duration
        // field would have overflowed, with the remaining duration
        timestamp_ += 0xFFFF;
        duration_ -= 0xFFFF;
    }
    return telephone_event_packet{
        false, timestamp_, {event_, false, volume_, static_cast<std::uint16_t>(duration_)}};
}

result<std::array<telephone_event_packet, 3>> telephone_event_sender::stop() noexcept
{
    if (!active_)
        return errc::bad_argument;
    active_ = false;
    telephone_event_packet const end{
        false, timestamp_, {event_, true, volume_, static_cast<std::uint16_t>(duration_)}};
    // RFC 4733 §2.5.1.4: the final packet is sent three times for reliability
    return std::array<telephone_event_packet, 3>{end, end, end};
}

std::optional<telephone_event>
telephone_event_receiver::on_packet(std::uint32_t timestamp,
                                    telephone_event_payload const& p) noexcept
{
    if (have_) {
        auto const age = static_cast<std::int32_t>(timestamp - timestamp_);
        if (age < 0)
            return std::nullopt; // a late packet of an older event
        if (age == 0) {
            if (ended_ || p.event != event_)
                return std::nullopt; // retransmitted end packet, or a bogus second event
            duration_ = p.duration;
            if (!p.end)
                return std::nullopt; // a duration update
            ended_ = true;
            return telephone_event{event_, timestamp_, duration_, false, true};
        }
        // a later segment of a long event (RFC 4733 §2.5.1.3) continues it
        // (its timestamp is where the old segment's duration field ran out)
        if (!ended_ && p.event == event_ && duration_ > 0xFFFF / 2 &&
            static_cast<std::uint32_t>(age) >= duration_ && age <= 0xFFFF) {
            timestamp_ = timestamp;
            duration_ = p.duration;
            if (p.end) {
                ended_ = true;
                return telephone_event{event_, timestamp_, duration_, false, true};
            }
            return std::nullopt;
        }
    }
    have_ = true;
    ended_ = p.end;
    event_ = p.event;
    timestamp_ = timestamp;
    duration_ = p.duration;
    ++events_;
    return telephone_event{event_, timestamp_, duration_, true, ended_};
}

} // namespace rvoip::rtp
