#pragma once
// RTCP packets and compound packets (RFC 3550 §6.1, §6.4, appendix A.2): the common header,
// a checked view of one packet and a checked sequence of them. Nothing is copied.
//
//   |V=2|P|  count  |      PT       |             length            |
//
// `length` is the packet size in 32-bit words minus one, header included.

#include <rvoip/rtp/error.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>

namespace rvoip::rtp {

/// RTCP packet types. Other values (feedback, future types) are carried unchanged.
enum class rtcp_type : std::uint8_t
{
    sender_report = 200,   // SR, RFC 3550 §6.4.1
    receiver_report = 201, // RR, RFC 3550 §6.4.2
    sdes = 202,            // source description, RFC 3550 §6.5
    bye = 203,             // goodbye, RFC 3550 §6.6
    app = 204,             // application-defined, RFC 3550 §6.7
    rtpfb = 205,           // transport feedback, RFC 4585
    psfb = 206,            // payload-specific feedback, RFC 4585
    xr = 207,              // extended reports, RFC 3611
};

/// One RTCP packet inside checked bytes. The bytes must outlive the view.
class rtcp_packet_view
{
public:
    rtcp_packet_view() = default;
    /// `bytes` is one whole packet whose header parse_rtcp_packet() accepted.
    explicit rtcp_packet_view(std::span<std::uint8_t const> bytes) noexcept;

    bool has_padding() const noexcept { return (bytes_[0] & 0x20) != 0; }
    /// The 5-bit count field: reception report count, source count or APP subtype.
    std::uint8_t count() const noexcept { return static_cast<std::uint8_t>(bytes_[0] & 0x1F); }
    rtcp_type type() const noexcept { return static_cast<rtcp_type>(bytes_[1]); }
    /// The packet after its 4-byte header, padding removed.
    std::span<std::uint8_t const> body() const noexcept { return body_; }
    /// The whole packet, header and padding included.
    std::span<std::uint8_t const> bytes() const noexcept { return bytes_; }

private:
    std::span<std::uint8_t const> bytes_;
    std::span<std::uint8_t const> body_;
};

/// Reads the first RTCP packet of `bytes` (a compound packet may follow).
/// Errors: errc::truncated (under 4 bytes, or the length field runs past the bytes),
/// errc::bad_version, errc::bad_padding (count 0 or larger than the body).
result<rtcp_packet_view> parse_rtcp_packet(std::span<std::uint8_t const> bytes) noexcept;

/// How strictly parse_compound() applies RFC 3550 §6.1.
struct compound_rules
{
    /// The first packet must be SR or RR. Turn off for RFC 5506 reduced-size RTCP.
    bool report_first = true;
};

/// A checked compound RTCP packet: a forward range of rtcp_packet_view. Views the bytes.
class rtcp_compound
{
public:
    class iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = rtcp_packet_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = rtcp_packet_view;

        iterator() = default;
        rtcp_packet_view operator*() const noexcept;
        iterator& operator++() noexcept;
        iterator operator++(int) noexcept
        {
            auto old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(iterator const& a, iterator const& b) noexcept
        {
            return a.rest_.data() == b.rest_.data() && a.rest_.size() == b.rest_.size();
        }

    private:
        friend class rtcp_compound;
        explicit iterator(std::span<std::uint8_t const> rest) noexcept : rest_(rest) {}
        std::span<std::uint8_t const> rest_;
    };

    rtcp_compound() = default;
    iterator begin() const noexcept { return iterator(bytes_); }
    iterator end() const noexcept { return iterator(bytes_.subspan(bytes_.size())); }
    /// Number of packets.
    std::size_t size() const noexcept { return count_; }
    std::span<std::uint8_t const> bytes() const noexcept { return bytes_; }

private:
    friend result<rtcp_compound> parse_compound(std::span<std::uint8_t const>,
                                                compound_rules) noexcept;
    std::span<std::uint8_t const> bytes_;
    std::size_t count_ = 0;
};

/// Checks a whole UDP payload as compound RTCP (RFC 3550 A.2): every packet version 2, the
/// lengths adding up exactly to the datagram, padding only in the last packet, and (by default)
/// SR or RR first.
/// Errors: those of parse_rtcp_packet(), and errc::bad_compound.
result<rtcp_compound> parse_compound(std::span<std::uint8_t const> bytes,
                                     compound_rules rules = {}) noexcept;

} // namespace rvoip::rtp
