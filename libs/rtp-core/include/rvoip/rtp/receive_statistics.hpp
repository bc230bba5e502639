#pragma once
// Reception statistics of one source (RFC 3550 A.1, A.3, A.8): sequence tracking with 16-bit
// wrap and probation, expected/lost/fraction lost (cumulative and per interval), interarrival
// jitter, duplicates, reordering, and the report block that carries them (§6.4.1).

#include <rvoip/rtp/rtcp_report.hpp>

#include <array>
#include <chrono>
#include <cstdint>

namespace rvoip::rtp {

/// Limits of the A.1 algorithm; defaults are the RFC's.
struct sequence_options
{
    std::uint16_t max_dropout = 3000; // a forward jump larger than this is a restart candidate
    std::uint16_t max_misorder = 100; // a backward step larger than this is a restart candidate
    std::uint16_t min_sequential = 2; // in-order packets before a source is valid (0 = at once)
};

/// What on_packet() made of a packet.
enum class packet_verdict
{
    accepted,  // counted: in order, reordered within the window, or a duplicate
    probation, // the source is not yet valid (A.1 probation), not counted
    bad_jump,  // a very large jump; counted only if the next packet confirms it (restart)
};

/// Counters and estimates for one source. Times are what the caller passes in: the arrival
/// time on its clock, so tests drive it with a manual clock.
class receive_statistics
{
public:
    using clock = std::chrono::steady_clock;

    /// `clock_rate` is the RTP timestamp rate of the payload format (8000 for PCMU), > 0.
    explicit receive_statistics(std::uint32_t clock_rate, sequence_options options = {}) noexcept;

    /// Accounts one packet: its sequence number, RTP timestamp, payload size and arrival time.
    packet_verdict on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                             std::size_t payload_bytes, clock::time_point arrival) noexcept;

    /// A payload format with another clock (a codec switch: PCMU at 8000 to Opus at 48000):
    /// the jitter estimate is rescaled and the next packet starts a new transit baseline, the
    /// counters carry on.
    void set_clock_rate(std::uint32_t clock_rate) noexcept;

    /// Notes an SR from this source: its NTP timestamp becomes the next LSR, and DLSR is
    /// measured from `arrival`.
    void on_sender_report(std::uint64_t ntp_timestamp, clock::time_point arrival) noexcept;

    /// Packets counted (A.3 "received": duplicates and late packets included).
    std::uint64_t received() const noexcept { return received_; }
    std::uint64_t received_bytes() const noexcept { return received_bytes_; }
    /// Extended highest sequence number (cycles << 16 | max).
    std::uint32_t extended_highest_sequence() const noexcept;
    /// Packets expected: extended highest - base + 1 (A.3).
    std::uint64_t expected() const noexcept;
    /// Cumulative packets lost: expected - received; negative with duplicates (A.3).
    std::int64_t cumulative_lost() const noexcept;
    /// Packets seen twice within the last 1024 sequence numbers.
    std::uint64_t duplicates() const noexcept { return duplicates_; }
    /// Packets that arrived after a higher sequence number (not duplicates).
    std::uint64_t reordered() const noexcept { return reordered_; }
    /// Interarrival jitter estimate (A.8) in timestamp units.
    double jitter() const noexcept { return jitter_; }
    /// The same in milliseconds.
    double jitter_ms() const noexcept { return jitter_ * 1000.0 / clock_rate_; }
    /// True once probation is over.
    bool valid() const noexcept { return probation_ == 0 && started_; }

    /// The report block for this source as of `now`, starting a new interval: fraction lost
    /// covers the packets since the previous call (A.3), LSR/DLSR the last on_sender_report().
    report_block make_report_block(std::uint32_t source_ssrc, clock::time_point now) noexcept;

private:
    void init_sequence(std::uint16_t seq) noexcept;
    packet_verdict update_sequence(std::uint16_t seq) noexcept;
    bool mark_seen(std::uint32_t extended) noexcept; // false when already seen
    void update_jitter(std::uint32_t rtp_timestamp, clock::time_point arrival) noexcept;

    static constexpr std::uint32_t window = 1024;

    std::uint32_t clock_rate_;
    sequence_options options_;
    bool started_ = false;
    std::uint16_t max_seq_ = 0;
    std::uint32_t cycles_ = 0;
    std::uint32_t base_seq_ = 0;
    std::uint32_t bad_seq_ = 0x10001;
    std::uint32_t probation_ = 0;
    std::uint64_t received_ = 0;
    std::uint64_t received_bytes_ = 0;
    std::uint64_t expected_prior_ = 0;
    std::uint64_t received_prior_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t reordered_ = 0;
    bool have_transit_ = false;
    std::int64_t transit_ = 0;
    double jitter_ = 0;
    std::uint32_t last_sr_ = 0;
    clock::time_point last_sr_arrival_{};
    std::array<std::uint64_t, window / 64> seen_{}; // bit per extended sequence mod window
};

} // namespace rvoip::rtp
