#include <rvoip/rtp/receive_statistics.hpp>

#include <rvoip/rtp/ntp_time.hpp>

#include <algorithm>
#include <cmath>

namespace rvoip::rtp {

namespace {
constexpr std::uint32_t seq_mod = 1u << 16;
}

receive_statistics::receive_statistics(std::uint32_t clock_rate, sequence_options options) noexcept
    : clock_rate_(clock_rate ? clock_rate : 1), options_(options)
{
}

void receive_statistics::init_sequence(std::uint16_t seq) noexcept
{
    // RFC 3550 A.1 init_seq()
    base_seq_ = seq;
    max_seq_ = seq;
    bad_seq_ = seq_mod + 1;
    cycles_ = 0;
    received_ = 0;
    received_bytes_ = 0;
    received_prior_ = 0;
    expected_prior_ = 0;
    seen_.fill(0);
}

std::uint32_t receive_statistics::extended_highest_sequence() const noexcept
{
    return cycles_ + max_seq_;
}

std::uint64_t receive_statistics::expected() const noexcept
{
    if (!valid())
        return 0;
    return std::uint64_t{extended_highest_sequence()} + 1 - base_seq_;
}

std::int64_t receive_statistics::cumulative_lost() const noexcept
{
    return static_cast<std::int64_t>(expected()) - static_cast<std::int64_t>(received_);
}

bool receive_statistics::mark_seen(std::uint32_t extended) noexcept
{
    auto& word = seen_[(extended % window) / 64];
    std::uint64_t const bit = std::uint64_t{1} << (extended % 64);
    bool const fresh = (word & bit) == 0;
    word |= bit;
    return fresh;
}

packet_verdict receive_statistics::update_sequence(std::uint16_t seq) noexcept
{
    // RFC 3550 A.1 update_seq(), with duplicate and reorder counting added
    auto const udelta = static_cast<std::uint16_t>(seq - max_seq_);
    if (probation_) {
        if (seq == static_cast<std::uint16_t>(max_seq_ + 1)) {
            --probation_;
            max_seq_ = seq;
            if (probation_ == 0) {
                init_sequence(seq);
                mark_seen(seq);
                ++received_;
                return packet_verdict::accepted;
            }
        } else {
            probation_ = options_.min_sequential ? options_.min_sequential - 1u : 0u;
            max_seq_ = seq;
        }
        return packet_verdict::probation;
    }
    if (udelta < options_.max_dropout) {
        // in order, with permissible gap; clear the window bits of the skipped numbers
        std::uint32_t const old_ext = cycles_ + max_seq_;
        if (seq < max_seq_)
            cycles_ += seq_mod;
        max_seq_ = seq;
        std::uint32_t const new_ext = cycles_ + max_seq_;
        if (new_ext - old_ext >= window)
            seen_.fill(0);
        else if (udelta != 0)
            for (std::uint32_t e = old_ext + 1; e != new_ext + 1; ++e)
                seen_[(e % window) / 64] &= ~(std::uint64_t{1} << (e % 64));
        if (!mark_seen(new_ext))
            ++duplicates_;
    } else if (udelta <= seq_mod - options_.max_misorder) {
        // the sequence number made a very large jump
        if (seq == bad_seq_) {
            // two sequential packets: the other side restarted without telling us
            init_sequence(seq);
            mark_seen(seq);
            ++received_;
            return packet_verdict::accepted;
        }
        bad_seq_ = (seq + 1u) & (seq_mod - 1);
        return packet_verdict::bad_jump;
    } else {
        // duplicate or reordered packet, behind max_seq_
        std::uint32_t const back = seq_mod - udelta;
        std::uint32_t const ext = cycles_ + max_seq_ - back;
        if (back < window && !mark_seen(ext))
            ++duplicates_;
        else
            ++reordered_;
    }
    ++received_;
    return packet_verdict::accepted;
}

void receive_statistics::update_jitter(std::uint32_t rtp_timestamp,
                                       clock::time_point arrival) noexcept
{
    // RFC 3550 A.8: arrival in timestamp units; D = difference of relative transit times
    auto const us =
        std::chrono::duration_cast<std::chrono::microseconds>(arrival.time_since_epoch()).count();
    std::int64_t const arrival_ts =
        us / 1'000'000 * clock_rate_ + us % 1'000'000 * clock_rate_ / 1'000'000;
    // transit modulo 2^32 so a timestamp wrap does not look like a jump
    auto const transit = static_cast<std::int64_t>(
        static_cast<std::int32_t>(static_cast<std::uint32_t>(arrival_ts) - rtp_timestamp));
    if (have_transit_) {
        double const d = std::fabs(static_cast<double>(
            static_cast<std::int32_t>(static_cast<std::uint32_t>(transit - transit_))));
        jitter_ += (d - jitter_) / 16.0;
    }
    transit_ = transit;
    have_transit_ = true;
}

packet_verdict receive_statistics::on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                                             std::size_t payload_bytes,
                                             clock::time_point arrival) noexcept
{
    if (!started_) {
        // A.1: a new source starts on probation unless min_sequential is 0
        started_ = true;
        init_sequence(sequence);
        if (options_.min_sequential == 0) {
            mark_seen(sequence);
            ++received_;
            received_bytes_ += payload_bytes;
            update_jitter(rtp_timestamp, arrival);
            return packet_verdict::accepted;
        }
        max_seq_ = static_cast<std::uint16_t>(sequence - 1);
        probation_ = options_.min_sequential;
    }
    auto const verdict = update_sequence(sequence);
    if (verdict == packet_verdict::accepted) {
        received_bytes_ += payload_bytes;
        update_jitter(rtp_timestamp, arrival);
    }
    return verdict;
}

void receive_statistics::on_sender_report(std::uint64_t ntp_timestamp,
                                          clock::time_point arrival) noexcept
{
    last_sr_ = compact_ntp(ntp_timestamp);
    last_sr_arrival_ = arrival;
}

report_block receive_statistics::make_report_block(std::uint32_t source_ssrc,
                                                   clock::time_point now) noexcept
{
    report_block rb;
    rb.ssrc = source_ssrc;
    // RFC 3550 A.3
    std::uint64_t const expected_now = expected();
    auto const expected_interval = static_cast<std::int64_t>(expected_now - expected_prior_);
    auto const received_interval = static_cast<std::int64_t>(received_ - received_prior_);
    expected_prior_ = expected_now;
    received_prior_ = received_;
    std::int64_t const lost_interval = expected_interval - received_interval;
    if (expected_interval > 0 && lost_interval > 0)
        rb.fraction_lost = static_cast<std::uint8_t>((lost_interval << 8) / expected_interval);
    rb.cumulative_lost =
        static_cast<std::int32_t>(std::clamp<std::int64_t>(cumulative_lost(), -0x800000, 0x7FFFFF));
    rb.extended_highest_sequence = valid() ? extended_highest_sequence() : 0;
    rb.jitter = static_cast<std::uint32_t>(jitter_);
    if (last_sr_ != 0) {
        rb.last_sr = last_sr_;
        rb.delay_since_last_sr = to_compact(
            std::chrono::duration_cast<std::chrono::microseconds>(now - last_sr_arrival_));
    }
    return rb;
}

void receive_statistics::set_clock_rate(std::uint32_t clock_rate) noexcept
{
    if (clock_rate == 0 || clock_rate == clock_rate_)
        return;
    jitter_ = jitter_ * clock_rate / clock_rate_;
    clock_rate_ = clock_rate;
    have_transit_ = false;
}

} // namespace rvoip::rtp
