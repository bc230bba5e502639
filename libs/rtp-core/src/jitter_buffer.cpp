#include <rvoip/rtp/jitter_buffer.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rvoip::rtp {
namespace {

/// a - b in serial-number arithmetic (RFC 1982): negative when a is before b.
std::int32_t diff32(std::uint32_t a, std::uint32_t b) noexcept
{
    return static_cast<std::int32_t>(a - b);
}

std::int32_t diff16(std::uint16_t a, std::uint16_t b) noexcept
{
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b));
}

std::size_t power_of_two(std::size_t n) noexcept
{
    std::size_t p = 2;
    while (p < n && p < 16384)
        p *= 2;
    return p;
}

constexpr std::size_t min_window = 128; // packets per bucket of the windowed minimum transit

} // namespace

jitter_buffer::jitter_buffer(jitter_buffer_options options)
    : options_(options), slots_(power_of_two(options.capacity)),
      storage_(slots_.size() * options.max_payload), mask_(slots_.size() - 1)
{
    if (options_.clock_rate == 0)
        options_.clock_rate = 8000;
    frame_ts_ = std::max<std::uint32_t>(1, to_ticks(options_.frame_duration));
    jump_ticks_ = to_ticks(options_.max_timestamp_jump);
    // seed the estimator so that the first target is the initial delay
    double const initial = to_ticks(options_.initial_delay);
    jitter_ = options_.jitter_factor > 0
                  ? std::max(0.0, (initial - frame_ts_) / options_.jitter_factor)
                  : 0;
}

std::uint32_t jitter_buffer::ticks(clock::time_point t) const noexcept
{
    auto const us =
        std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    std::int64_t const rate = options_.clock_rate;
    return static_cast<std::uint32_t>(us / 1'000'000 * rate + us % 1'000'000 * rate / 1'000'000);
}

std::uint32_t jitter_buffer::to_ticks(std::chrono::microseconds d) const noexcept
{
    if (d.count() <= 0)
        return 0;
    return static_cast<std::uint32_t>(d.count() * std::int64_t{options_.clock_rate} / 1'000'000);
}

std::uint32_t jitter_buffer::target_ticks() const noexcept
{
    double const wanted = frame_ts_ + options_.jitter_factor * jitter_;
    double const lo = to_ticks(options_.min_delay);
    double const hi = std::max(lo, static_cast<double>(to_ticks(options_.max_delay)));
    return static_cast<std::uint32_t>(std::clamp(wanted, lo, hi));
}

std::chrono::microseconds jitter_buffer::current_delay() const noexcept
{
    return std::chrono::microseconds(std::int64_t{delay_ticks_} * 1'000'000 / options_.clock_rate);
}

std::chrono::microseconds jitter_buffer::target_delay() const noexcept
{
    return std::chrono::microseconds(std::int64_t{target_ticks()} * 1'000'000 /
                                     options_.clock_rate);
}

double jitter_buffer::jitter_ms() const noexcept
{
    return jitter_ * 1000.0 / options_.clock_rate;
}

std::uint32_t jitter_buffer::min_transit() const noexcept
{
    return diff32(min_current_, min_previous_) < 0 ? min_current_ : min_previous_;
}

void jitter_buffer::restart(std::uint16_t sequence, std::uint32_t transit) noexcept
{
    for (auto& s : slots_)
        s.used = false;
    stored_ = 0;
    playing_ = false;
    started_ = false;
    next_seq_ = sequence;
    high_seq_ = sequence;
    played_history_ = 0;
    empty_gaps_ = 0;
    min_current_ = min_previous_ = transit;
    min_count_ = 0;
    have_transit_ = false;
    rebased_valid_ = false;
    last_frame_valid_ = false;
    base_transit_ = transit;
    delay_ticks_ = target_ticks();
}

void jitter_buffer::note_transit(std::uint32_t transit) noexcept
{
    // RFC 3550 A.8 on arrival order: J += (|D| - J) / 16
    if (have_transit_) {
        double const d = std::abs(static_cast<double>(diff32(transit, last_transit_)));
        jitter_ += (d - jitter_) / 16.0;
    }
    last_transit_ = transit;
    have_transit_ = true;
    if (diff32(transit, min_current_) < 0)
        min_current_ = transit;
    if (++min_count_ >= min_window) {
        min_previous_ = min_current_;
        min_current_ = transit;
        min_count_ = 0;
    }
}

jitter_buffer::slot* jitter_buffer::find(std::uint16_t sequence) noexcept
{
    auto& s = slots_[sequence & mask_];
    return s.used && s.sequence == sequence ? &s : nullptr;
}

jitter_buffer::slot const* jitter_buffer::lowest_after(std::uint16_t sequence) const noexcept
{
    slot const* best = nullptr;
    for (auto const& s : slots_)
        if (s.used && diff16(s.sequence, sequence) > 0 &&
            (!best || diff16(s.sequence, best->sequence) < 0))
            best = &s;
    return best;
}

put_result jitter_buffer::put(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                              bool marker, std::span<std::uint8_t const> payload,
                              clock::time_point arrival) noexcept
{
    if (payload.size() > options_.max_payload) {
        ++stats_.too_large;
        return put_result::too_large;
    }
    std::uint32_t const transit = ticks(arrival) - timestamp;
    auto result = put_result::accepted;
    if (!have_stream_) {
        have_stream_ = true;
        ssrc_ = ssrc;
        restart(sequence, transit);
    } else if (ssrc != ssrc_) {
        // a new source (RFC 3550 §8.2 collision, or the peer restarted): its numbering is its own
        ++stats_.ssrc_changes;
        ssrc_ = ssrc;
        restart(sequence, transit);
        result = put_result::restarted;
    } else {
        auto const d = diff16(sequence, next_seq_);
        auto const cap = static_cast<std::int32_t>(slots_.size());
        if (d < 0 && !started_ && diff16(high_seq_, sequence) < cap) {
            next_seq_ = sequence; // reordered before playout began: it simply comes first
        } else if (d < 0) {
            bool const played = -d <= 64 && ((played_history_ >> (-d - 1)) & 1u) != 0;
            ++(played ? stats_.duplicates : stats_.late);
            return played ? put_result::duplicate : put_result::late;
        } else if (d >= cap ||
                   std::abs(static_cast<double>(diff32(transit, min_transit()))) > jump_ticks_) {
            // a sequence number or timestamp jump: the old timeline means nothing for this one
            ++stats_.resyncs;
            restart(sequence, transit);
            result = put_result::restarted;
        }
    }
    auto& s = slots_[sequence & mask_];
    if (s.used && s.sequence == sequence) {
        ++stats_.duplicates;
        return put_result::duplicate;
    }
    if (!s.used)
        ++stored_;
    s.used = true;
    s.marker = marker;
    s.sequence = sequence;
    s.timestamp = timestamp;
    s.size = payload.size();
    if (!payload.empty())
        std::memcpy(storage_.data() + (sequence & mask_) * options_.max_payload, payload.data(),
                    payload.size());
    if (diff16(sequence, high_seq_) > 0)
        high_seq_ = sequence;
    note_transit(transit);
    // learn the packet duration from a neighbour
    auto const prev = static_cast<std::uint16_t>(sequence - 1);
    std::uint32_t step = 0;
    if (auto const* p = find(prev))
        step = timestamp - p->timestamp;
    else if (last_frame_valid_ && last_frame_seq_ == prev)
        step = timestamp - last_frame_ts_;
    if (step > 0 && step < jump_ticks_ && step <= options_.clock_rate / 5)
        frame_ts_ = step;
    ++stats_.accepted;
    return result;
}

void jitter_buffer::rebase() noexcept
{
    base_transit_ = min_transit();
    delay_ticks_ = target_ticks();
}

void jitter_buffer::advance(std::uint16_t count, bool played) noexcept
{
    played_history_ = count >= 64 ? 0 : played_history_ << count;
    if (played)
        played_history_ |= 1u;
    next_seq_ = static_cast<std::uint16_t>(next_seq_ + count);
}

jitter_frame jitter_buffer::pop(slot& s) noexcept
{
    jitter_frame f;
    f.kind = frame_kind::frame;
    f.sequence_number = s.sequence;
    f.timestamp = s.timestamp;
    f.marker = s.marker;
    f.payload = {storage_.data() + (s.sequence & mask_) * options_.max_payload, s.size};
    s.used = false;
    --stored_;
    out_ts_ = s.timestamp + frame_ts_;
    last_frame_valid_ = true;
    last_frame_seq_ = s.sequence;
    last_frame_ts_ = s.timestamp;
    empty_gaps_ = 0;
    ++stats_.frames;
    advance(1, true);
    return f;
}

jitter_frame jitter_buffer::conceal() noexcept
{
    jitter_frame f;
    f.kind = frame_kind::gap;
    f.sequence_number = next_seq_;
    f.timestamp = out_ts_;
    f.duration = frame_ts_;
    out_ts_ += frame_ts_;
    ++stats_.gaps;
    stats_.concealed += frame_ts_;
    return f;
}

jitter_frame jitter_buffer::get(clock::time_point now) noexcept
{
    auto const now_ticks = ticks(now);
    auto playout = [&] { return now_ticks - base_transit_ - delay_ticks_; };
    if (!playing_) {
        if (stored_ == 0)
            return {};
        auto const* head = lowest_after(static_cast<std::uint16_t>(next_seq_ - 1));
        if (!head)
            return {};
        // first start: keep the delay chosen when the stream began, so waiting does not
        // shrink it; resuming after a pause is a talkspurt start and takes the target
        if (started_)
            rebase();
        else
            base_transit_ = min_transit();
        if (diff32(head->timestamp, playout()) > 0)
            return {};
        playing_ = true;
        started_ = true;
        empty_gaps_ = 0;
        rebased_valid_ = true;
        rebased_seq_ = head->sequence;
        advance(static_cast<std::uint16_t>(head->sequence - next_seq_), false);
        out_ts_ = head->timestamp;
    }
    for (;;) {
        // grow at once when the jitter asks for more; shrink only at talkspurt starts
        if (target_ticks() > delay_ticks_ + frame_ts_ / 2)
            delay_ticks_ = target_ticks();
        if (auto* s = find(next_seq_)) {
            if (diff32(s->timestamp, out_ts_) < 0) {
                // its time was concealed already
                s->used = false;
                --stored_;
                ++stats_.late;
                advance(1, false);
                continue;
            }
            if (s->marker && !(rebased_valid_ && rebased_seq_ == next_seq_)) {
                rebase();
                rebased_valid_ = true;
                rebased_seq_ = next_seq_;
            }
            if (diff32(s->timestamp, playout()) > 0)
                return {}; // not yet: silence (DTX) or waiting for its time
            return pop(*s);
        }
        if (diff32(out_ts_, playout()) > 0)
            return {};
        auto const* later = lowest_after(next_seq_);
        if (!later) {
            if (empty_gaps_ >= options_.max_concealment) {
                playing_ = false; // the stream paused (DTX or gone): wait for the next packet
                return {};
            }
            ++empty_gaps_;
            return conceal();
        }
        auto const missing = static_cast<std::uint16_t>(later->sequence - next_seq_);
        if (diff32(later->timestamp, out_ts_) <= 0) {
            advance(missing, false); // everything before `later` is lost; its turn has come
            continue;
        }
        std::uint32_t const frames_left = (later->timestamp - out_ts_) / frame_ts_;
        auto g = conceal();
        if (frames_left <= missing)
            advance(1, false); // the gap stands for the missing packet next_seq_
        return g;
    }
}

} // namespace rvoip::rtp
