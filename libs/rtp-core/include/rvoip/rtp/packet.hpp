#pragma once
// RTP data packets (RFC 3550 §5.1): a checked view over received bytes, and a builder that
// writes into a caller's buffer. Neither allocates.
//
//   0                   1                   2                   3
//   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//   |                           timestamp                           |
//   |           synchronization source (SSRC) identifier            |
//   |            contributing source (CSRC) identifiers  (CC)       |
//   | defined by profile            |           length              |  (X = 1)
//   |                 header extension (length words)               |
//   |        payload ...            |  padding ... | padding count  |  (P = 1)

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/header_extension.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace rvoip::rtp {

inline constexpr std::size_t fixed_header_size = 12;
inline constexpr std::size_t max_csrc_count = 15;

/// A parsed RTP packet. Every accessor reads the viewed bytes, which must outlive the view
/// and stay unmodified. Construct with parse_packet().
class packet_view
{
public:
    packet_view() = default;

    std::uint8_t version() const noexcept { return static_cast<std::uint8_t>(bytes_[0] >> 6); }
    bool has_padding() const noexcept { return (bytes_[0] & 0x20) != 0; }
    bool has_extension() const noexcept { return (bytes_[0] & 0x10) != 0; }
    std::size_t csrc_count() const noexcept { return bytes_[0] & 0x0Fu; }
    bool marker() const noexcept { return (bytes_[1] & 0x80) != 0; }
    std::uint8_t payload_type() const noexcept
    {
        return static_cast<std::uint8_t>(bytes_[1] & 0x7F);
    }
    std::uint16_t sequence_number() const noexcept;
    std::uint32_t timestamp() const noexcept;
    std::uint32_t ssrc() const noexcept;
    /// The i-th contributing source, i < csrc_count().
    std::uint32_t csrc(std::size_t i) const noexcept;

    /// "defined by profile" of the header extension (0 when there is none).
    std::uint16_t extension_profile() const noexcept { return extension_profile_; }
    /// The header extension block after its 4-byte header (empty when there is none).
    std::span<std::uint8_t const> extension_data() const noexcept { return extension_; }
    /// RFC 8285 elements of the extension (none for other profiles).
    extension_range extensions() const noexcept { return {extension_profile_, extension_}; }

    /// The payload, without padding.
    std::span<std::uint8_t const> payload() const noexcept { return payload_; }
    /// Number of padding bytes at the end, the count byte included (0 without padding).
    std::size_t padding_size() const noexcept { return padding_; }
    /// Size of everything before the payload.
    std::size_t header_size() const noexcept { return header_size_; }
    /// The whole packet.
    std::span<std::uint8_t const> bytes() const noexcept { return bytes_; }

private:
    friend result<packet_view> parse_packet(std::span<std::uint8_t const>) noexcept;

    std::span<std::uint8_t const> bytes_;
    std::span<std::uint8_t const> extension_;
    std::span<std::uint8_t const> payload_;
    std::size_t header_size_ = 0;
    std::size_t padding_ = 0;
    std::uint16_t extension_profile_ = 0;
};

/// Parses one RTP packet (a whole UDP payload) in place.
/// Errors: errc::truncated (shorter than the fixed header, CSRC list or extension length says),
/// errc::bad_version (V != 2), errc::bad_padding (count 0 or larger than what follows the
/// header), errc::bad_extension (an RFC 8285 element overruns the extension).
result<packet_view> parse_packet(std::span<std::uint8_t const> bytes) noexcept;

/// What build_packet() writes. Spans are read during the call only.
struct packet_fields
{
    bool marker = false;
    std::uint8_t payload_type = 0; // 0..127
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::span<std::uint32_t const> csrcs;          // at most 15
    std::span<extension_element const> extensions; // RFC 8285 elements; empty = no X bit
    std::span<std::uint8_t const> payload;
    std::uint8_t padding = 0; // total padding bytes to append (0 = none)
};

/// Writes an RTP packet into `out` and returns its size. Extensions use the one-byte form
/// when every id is 1..14 and every element 1..16 bytes, else the two-byte form (ids 1..255,
/// 0..255 bytes); the block is zero-padded to a 32-bit boundary.
/// Errors: errc::bad_argument (PT > 127, more than 15 CSRCs, an element that neither form can
/// carry), errc::buffer_too_small.
result<std::size_t> build_packet(packet_fields const& fields, std::span<std::uint8_t> out) noexcept;

} // namespace rvoip::rtp
