#pragma once
// SRTP and SRTCP (RFC 3711, RFC 7714) for one direction, over libsrtp2. Packets are protected
// and unprotected in place; libsrtp2 stays out of this header.

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/srtp_key.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

struct srtp_ctx_t_; // libsrtp2's session

namespace rvoip::rtp {

/// Room a buffer needs after the packet for protect_rtp()/protect_rtcp(): libsrtp2 may write
/// up to SRTP_MAX_TRAILER_LEN (tag and MKI) plus the 4-byte SRTCP index.
inline constexpr std::size_t srtp_max_overhead = 148;

/// Which way a session works: outbound sessions protect, inbound sessions unprotect.
enum class srtp_direction
{
    outbound,
    inbound,
};

struct srtp_options
{
    std::size_t replay_window = 128; // packets; libsrtp2 accepts 64..32767
};

/// Counters since creation.
struct srtp_stats
{
    std::uint64_t packets = 0;       // protected or unprotected successfully (RTP and RTCP)
    std::uint64_t auth_failures = 0; // dropped: tag did not verify
    std::uint64_t replays = 0;       // dropped: index seen before or too old
    std::uint64_t other_failures = 0;
};

/// One direction of an SRTP session: every SSRC sent (outbound) or received (inbound) with one
/// master key. When the key has an MKI (RFC 3711 §3.1) it is appended to every protected
/// packet and required on every unprotected one (unknown MKI: errc::srtp_failure, counted).
/// Move-only; not thread-safe (use it from the stack's io_context).
class srtp_session
{
public:
    /// Creates the libsrtp2 session. Errors: errc::srtp_failure (library initialisation or
    /// session creation failed), errc::bad_argument (replay window out of range).
    static result<srtp_session> create(srtp_direction direction, srtp_key const& key,
                                       srtp_options options = {}) noexcept;

    srtp_session(srtp_session&& other) noexcept;
    srtp_session& operator=(srtp_session&& other) noexcept;
    srtp_session(srtp_session const&) = delete;
    srtp_session& operator=(srtp_session const&) = delete;
    ~srtp_session();

    /// Encrypts and authenticates the RTP packet in buffer[0, length) in place and returns the
    /// new length. `buffer` must have srtp_max_overhead bytes of room after `length`.
    /// Errors: errc::buffer_too_small, errc::srtp_replay (a sequence number sent twice),
    /// errc::srtp_failure.
    result<std::size_t> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length) noexcept;
    /// The same for an RTCP (compound) packet.
    result<std::size_t> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length) noexcept;
    /// Verifies and decrypts an SRTP packet in place; returns the RTP packet's length.
    /// Errors (counted): errc::srtp_auth_failed, errc::srtp_replay, errc::srtp_failure.
    result<std::size_t> unprotect_rtp(std::span<std::uint8_t> packet) noexcept;
    /// The same for SRTCP.
    result<std::size_t> unprotect_rtcp(std::span<std::uint8_t> packet) noexcept;

    srtp_direction direction() const noexcept { return direction_; }
    srtp_stats const& stats() const noexcept { return stats_; }

private:
    srtp_session(srtp_ctx_t_* ctx, srtp_direction direction, bool use_mki) noexcept
        : ctx_(ctx), direction_(direction), use_mki_(use_mki)
    {
    }
    result<std::size_t> finish(int status, int length) noexcept;

    srtp_ctx_t_* ctx_ = nullptr;
    srtp_direction direction_;
    bool use_mki_ = false; // the key has an MKI: written after the payload, checked on receipt
    srtp_stats stats_;
};

} // namespace rvoip::rtp
