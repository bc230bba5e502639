#pragma once
// Builds compound RTCP packets (RFC 3550 §6.1) into a caller's buffer, one packet after
// another, without allocating.

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_sdes.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace rvoip::rtp {

/// Appends RTCP packets to a buffer. Start with a report (SR or RR) so the result is a valid
/// compound packet; end with bytes(). Each add_* writes a whole packet or nothing.
class rtcp_writer
{
public:
    /// Writes into `out`, which must outlive the writer.
    explicit rtcp_writer(std::span<std::uint8_t> out) noexcept : out_(out) {}

    /// SR with up to 31 report blocks. Errors: errc::bad_argument, errc::buffer_too_small.
    boost::system::error_code add_sender_report(std::uint32_t ssrc, sender_info const& info,
                                                std::span<report_block const> blocks) noexcept;
    /// RR with up to 31 report blocks. Errors: errc::bad_argument, errc::buffer_too_small.
    boost::system::error_code add_receiver_report(std::uint32_t ssrc,
                                                  std::span<report_block const> blocks) noexcept;
    /// SDES; consecutive items of one SSRC share a chunk (at most 31 chunks, texts of at most
    /// 255 bytes). Errors: errc::bad_argument, errc::buffer_too_small.
    boost::system::error_code add_sdes(std::span<sdes_item const> items) noexcept;
    /// SDES with the one CNAME item every compound packet carries (RFC 3550 §6.5.1).
    boost::system::error_code add_sdes_cname(std::uint32_t ssrc, std::string_view cname) noexcept;
    /// BYE for up to 31 sources with an optional reason of at most 255 bytes.
    boost::system::error_code add_bye(std::span<std::uint32_t const> ssrcs,
                                      std::string_view reason = {}) noexcept;
    /// APP; `name` is 4 ASCII characters, `data` a multiple of 4 bytes, subtype < 32.
    boost::system::error_code add_app(std::uint8_t subtype, std::uint32_t ssrc,
                                      std::string_view name,
                                      std::span<std::uint8_t const> data) noexcept;
    /// XR carrying one VoIP metrics block (RFC 3611 §4.7).
    boost::system::error_code add_xr_voip_metrics(std::uint32_t ssrc,
                                                  voip_metrics const& m) noexcept;

    /// The packets written so far.
    std::span<std::uint8_t const> bytes() const noexcept { return {out_.data(), size_}; }
    std::size_t size() const noexcept { return size_; }

private:
    /// Room for a packet of `size` bytes (a multiple of 4) with the given header, or an error.
    result<std::span<std::uint8_t>> begin_packet(std::size_t size, std::uint8_t count,
                                                 rtcp_type type) noexcept;
    boost::system::error_code add_report(rtcp_type type, std::uint32_t ssrc,
                                         sender_info const* info,
                                         std::span<report_block const> blocks) noexcept;

    std::span<std::uint8_t> out_;
    std::size_t size_ = 0;
};

} // namespace rvoip::rtp
