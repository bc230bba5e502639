#pragma once
// An adaptive jitter buffer for one audio stream: reorders packets, drops duplicates and late
// packets, plays them out after a delay that follows the measured jitter, and says when a frame
// is missing so the decoder can conceal it. Memory is reserved at construction; put() and get()
// never allocate. Time comes from the caller (`arrival`, `now`), so a manual clock drives it.

#include <rvoip/rtp/packet.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rvoip::rtp {

/// Limits and tuning; durations are converted to timestamp units with `clock_rate`.
struct jitter_buffer_options
{
    std::uint32_t clock_rate = 8000;
    std::chrono::milliseconds frame_duration{20};       // assumed packet duration until measured
    std::chrono::milliseconds min_delay{20};            // the delay never goes below this
    std::chrono::milliseconds max_delay{300};           // nor above this
    std::chrono::milliseconds initial_delay{60};        // before any jitter has been measured
    double jitter_factor = 3.0;                         // target = frame + factor x jitter (A.8)
    std::chrono::milliseconds max_timestamp_jump{2000}; // a bigger step is a new timeline
    std::size_t capacity = 64;                          // packets held; rounded up to a power of 2
    std::size_t max_payload = 1500;                     // bytes per packet
    std::size_t max_concealment = 5; // gaps given for an empty buffer, then silence
};

/// What put() did with a packet.
enum class put_result
{
    accepted,  // stored for playout
    duplicate, // already stored or already played: dropped
    late,      // its playout time has passed (concealed already): dropped
    restarted, // the buffer was emptied first (new SSRC, timestamp or sequence jump), then stored
    too_large, // payload above max_payload: dropped
};

/// What get() hands out.
enum class frame_kind
{
    frame, // a packet to decode
    gap,   // a frame's worth of missing audio: conceal it (PLC)
    empty, // nothing to play now: still buffering, silence (DTX) or the delay growing
};

/// One playout step. `payload` views the buffer's storage: valid until the next put() or get().
struct jitter_frame
{
    frame_kind kind = frame_kind::empty;
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0; // of the frame, or of the concealed span for a gap
    std::uint32_t duration = 0;  // timestamp units a gap covers
    bool marker = false;         // first packet of a talkspurt
    std::span<std::uint8_t const> payload;
};

/// Counters since construction.
struct jitter_buffer_stats
{
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t late = 0; // dropped because their playout time had passed
    std::uint64_t too_large = 0;
    std::uint64_t frames = 0;    // frames handed out
    std::uint64_t gaps = 0;      // gaps handed out (concealment)
    std::uint64_t concealed = 0; // timestamp units of audio those gaps covered
    std::uint64_t ssrc_changes = 0;
    std::uint64_t resyncs = 0; // restarts for a timestamp or sequence number jump
};

/// The buffer of one received stream (one SSRC at a time). Not thread-safe: the receive path
/// and the playout clock call it from one thread (or through the media-core SPSC ring).
class jitter_buffer
{
public:
    using clock = std::chrono::steady_clock;

    /// Reserves capacity x max_payload bytes.
    explicit jitter_buffer(jitter_buffer_options options = {});

    /// Offers a packet that arrived at `arrival`. A new SSRC empties the buffer and starts over.
    put_result put(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp, bool marker,
                   std::span<std::uint8_t const> payload, clock::time_point arrival) noexcept;
    /// put() for a parsed packet.
    put_result put(packet_view const& packet, clock::time_point arrival) noexcept
    {
        return put(packet.ssrc(), packet.sequence_number(), packet.timestamp(), packet.marker(),
                   packet.payload(), arrival);
    }

    /// The next playout step at `now`; call it once per frame duration.
    jitter_frame get(clock::time_point now) noexcept;

    /// The delay packets are currently played out with (above the fastest packet's transit).
    std::chrono::microseconds current_delay() const noexcept;
    /// The delay the jitter estimate asks for; applied at talkspurt starts, or at once when it
    /// is larger than the current one.
    std::chrono::microseconds target_delay() const noexcept;
    /// Interarrival jitter estimate (RFC 3550 A.8) in milliseconds.
    double jitter_ms() const noexcept;
    /// Packets held.
    std::size_t size() const noexcept { return stored_; }
    jitter_buffer_stats const& stats() const noexcept { return stats_; }

private:
    struct slot
    {
        bool used = false;
        bool marker = false;
        std::uint16_t sequence = 0;
        std::uint32_t timestamp = 0;
        std::size_t size = 0;
    };

    std::uint32_t ticks(clock::time_point t) const noexcept; // timestamp units, modulo 2^32
    std::uint32_t to_ticks(std::chrono::microseconds d) const noexcept;
    std::uint32_t target_ticks() const noexcept;
    std::uint32_t min_transit() const noexcept;
    void restart(std::uint16_t sequence, std::uint32_t transit) noexcept;
    void note_transit(std::uint32_t transit) noexcept;
    slot* find(std::uint16_t sequence) noexcept;
    slot const* lowest_after(std::uint16_t sequence) const noexcept;
    void rebase() noexcept;
    void advance(std::uint16_t count, bool played) noexcept;
    jitter_frame pop(slot& s) noexcept;
    jitter_frame conceal() noexcept;

    jitter_buffer_options options_;
    std::vector<slot> slots_;
    std::vector<std::uint8_t> storage_;
    std::size_t mask_ = 0;
    std::size_t stored_ = 0;
    jitter_buffer_stats stats_;

    bool have_stream_ = false;
    bool playing_ = false;
    bool started_ = false; // playout began since the last restart
    std::uint32_t ssrc_ = 0;
    std::uint16_t next_seq_ = 0;       // the sequence number expected next
    std::uint16_t high_seq_ = 0;       // highest stored or played
    std::uint64_t played_history_ = 0; // bit i: next_seq_ - 1 - i was played as a frame
    std::uint32_t out_ts_ = 0;         // output produced up to this timestamp (exclusive)
    std::uint32_t frame_ts_ = 0;       // timestamp units per packet, measured
    std::uint32_t base_transit_ = 0;   // transit of the fastest packet at the last rebase
    std::uint32_t delay_ticks_ = 0;    // applied delay above base_transit_
    std::uint32_t jump_ticks_ = 0;
    std::size_t empty_gaps_ = 0; // consecutive gaps with nothing stored
    std::uint16_t rebased_seq_ = 0;
    bool rebased_valid_ = false;
    // A.8 estimator and a windowed minimum of the transit time (two buckets of 128 packets)
    bool have_transit_ = false;
    std::uint32_t last_transit_ = 0;
    double jitter_ = 0;
    std::uint32_t min_current_ = 0;
    std::uint32_t min_previous_ = 0;
    std::size_t min_count_ = 0;
    bool last_frame_valid_ = false;
    std::uint16_t last_frame_seq_ = 0;
    std::uint32_t last_frame_ts_ = 0;
};

} // namespace rvoip::rtp
