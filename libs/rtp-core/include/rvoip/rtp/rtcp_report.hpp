#pragma once
// Sender and receiver reports (RFC 3550 §6.4.1, §6.4.2) and their report blocks.

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::rtp {

inline constexpr std::size_t report_block_size = 24;
inline constexpr std::size_t max_report_blocks = 31; // the 5-bit count field

/// One reception report block (RFC 3550 §6.4.1).
struct report_block
{
    std::uint32_t ssrc = 0;                      // the source this block reports on
    std::uint8_t fraction_lost = 0;              // loss since the last report, fixed point /256
    std::int32_t cumulative_lost = 0;            // 24-bit signed: duplicates can make it negative
    std::uint32_t extended_highest_sequence = 0; // cycles << 16 | highest sequence number
    std::uint32_t jitter = 0;                    // interarrival jitter, timestamp units
    std::uint32_t last_sr = 0;                   // LSR: middle 32 bits of the last SR's NTP time
    std::uint32_t delay_since_last_sr = 0;       // DLSR, units of 1/65536 s

    friend bool operator==(report_block const&, report_block const&) = default;
};

/// The sender information section of an SR.
struct sender_info
{
    std::uint64_t ntp_timestamp = 0; // 32.32 fixed point seconds since 1900
    std::uint32_t rtp_timestamp = 0; // the same instant in RTP timestamp units
    std::uint32_t packet_count = 0;  // packets sent since the start of transmission
    std::uint32_t octet_count = 0;   // payload octets sent

    friend bool operator==(sender_info const&, sender_info const&) = default;
};

/// The report blocks of an SR or RR, decoded on access. Views the packet bytes.
class report_block_list
{
public:
    report_block_list() = default;
    explicit report_block_list(std::span<std::uint8_t const> blocks) noexcept : bytes_(blocks) {}
    std::size_t size() const noexcept { return bytes_.size() / report_block_size; }
    bool empty() const noexcept { return bytes_.empty(); }
    /// Block i, i < size().
    report_block operator[](std::size_t i) const noexcept;

private:
    std::span<std::uint8_t const> bytes_;
};

/// A parsed SR.
struct sender_report
{
    std::uint32_t ssrc = 0;
    sender_info info;
    report_block_list blocks;
};

/// A parsed RR.
struct receiver_report
{
    std::uint32_t ssrc = 0;
    report_block_list blocks;
};

/// Reads an SR. Errors: errc::wrong_packet_type, errc::bad_length (the body is shorter than
/// the sender info and `count` report blocks need).
result<sender_report> parse_sender_report(rtcp_packet_view packet) noexcept;

/// Reads an RR. Errors: errc::wrong_packet_type, errc::bad_length.
result<receiver_report> parse_receiver_report(rtcp_packet_view packet) noexcept;

} // namespace rvoip::rtp
