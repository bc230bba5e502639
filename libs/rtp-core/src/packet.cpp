#include <rvoip/rtp/packet.hpp>

#include "bytes.hpp"

#include <algorithm>

namespace rvoip::rtp {

using detail::load16;
using detail::load32;

std::uint16_t packet_view::sequence_number() const noexcept
{
    return load16(bytes_, 2);
}
std::uint32_t packet_view::timestamp() const noexcept
{
    return load32(bytes_, 4);
}
std::uint32_t packet_view::ssrc() const noexcept
{
    return load32(bytes_, 8);
}
std::uint32_t packet_view::csrc(std::size_t i) const noexcept
{
    return load32(bytes_, 12 + 4 * i);
}

result<packet_view> parse_packet(std::span<std::uint8_t const> bytes) noexcept
{
    if (bytes.size() < fixed_header_size)
        return errc::truncated;
    if ((bytes[0] >> 6) != 2)
        return errc::bad_version;
    packet_view v;
    v.bytes_ = bytes;
    std::size_t pos = fixed_header_size + 4 * (bytes[0] & 0x0Fu);
    if (pos > bytes.size())
        return errc::truncated;
    if (v.has_extension()) {
        if (pos + 4 > bytes.size())
            return errc::truncated;
        v.extension_profile_ = load16(bytes, pos);
        std::size_t const len = 4u * load16(bytes, pos + 2);
        if (pos + 4 + len > bytes.size())
            return errc::truncated;
        v.extension_ = bytes.subspan(pos + 4, len);
        if (auto ec = validate_extension_elements(v.extension_profile_, v.extension_))
            return ec;
        pos += 4 + len;
    }
    v.header_size_ = pos;
    std::size_t end = bytes.size();
    if (v.has_padding()) {
        // RFC 3550 §5.1: the last octet counts the padding, itself included.
        std::size_t const count = bytes.back();
        if (count == 0 || count > end - pos)
            return errc::bad_padding;
        v.padding_ = count;
        end -= count;
    }
    v.payload_ = bytes.subspan(pos, end - pos);
    return v;
}

namespace {

bool fits_one_byte(std::span<extension_element const> elements) noexcept
{
    return std::all_of(elements.begin(), elements.end(), [](extension_element const& e) {
        return e.id >= 1 && e.id <= 14 && !e.data.empty() && e.data.size() <= 16;
    });
}

} // namespace

result<std::size_t> build_packet(packet_fields const& f, std::span<std::uint8_t> out) noexcept
{
    if (f.payload_type > 127 || f.csrcs.size() > max_csrc_count)
        return errc::bad_argument;
    bool const one_byte = fits_one_byte(f.extensions);
    std::size_t ext_len = 0;
    for (auto const& e : f.extensions) {
        if (!one_byte && (e.id == 0 || e.data.size() > 255))
            return errc::bad_argument;
        ext_len += (one_byte ? 1 : 2) + e.data.size();
    }
    std::size_t const ext_padded = (ext_len + 3) / 4 * 4;
    if (ext_padded / 4 > 0xFFFF)
        return errc::bad_argument;
    std::size_t const header =
        fixed_header_size + 4 * f.csrcs.size() + (f.extensions.empty() ? 0 : 4 + ext_padded);
    std::size_t const total = header + f.payload.size() + f.padding;
    if (total > out.size())
        return errc::buffer_too_small;

    out[0] = static_cast<std::uint8_t>(0x80 | (f.padding ? 0x20 : 0) |
                                       (f.extensions.empty() ? 0 : 0x10) | f.csrcs.size());
    out[1] = static_cast<std::uint8_t>((f.marker ? 0x80 : 0) | f.payload_type);
    detail::store16(out, 2, f.sequence_number);
    detail::store32(out, 4, f.timestamp);
    detail::store32(out, 8, f.ssrc);
    std::size_t pos = fixed_header_size;
    for (auto c : f.csrcs) {
        detail::store32(out, pos, c);
        pos += 4;
    }
    if (!f.extensions.empty()) {
        detail::store16(out, pos, one_byte ? one_byte_profile : two_byte_profile);
        detail::store16(out, pos + 2, static_cast<std::uint16_t>(ext_padded / 4));
        pos += 4;
        std::size_t const block_end = pos + ext_padded;
        for (auto const& e : f.extensions) {
            if (one_byte) {
                out[pos++] = static_cast<std::uint8_t>((e.id << 4) | (e.data.size() - 1));
            } else {
                out[pos++] = e.id;
                out[pos++] = static_cast<std::uint8_t>(e.data.size());
            }
            std::copy(e.data.begin(), e.data.end(), out.begin() + static_cast<std::ptrdiff_t>(pos));
            pos += e.data.size();
        }
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(pos),
                  out.begin() + static_cast<std::ptrdiff_t>(block_end), std::uint8_t{0});
        pos = block_end;
    }
    std::copy(f.payload.begin(), f.payload.end(), out.begin() + static_cast<std::ptrdiff_t>(pos));
    pos += f.payload.size();
    if (f.padding) {
        std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(pos), f.padding - 1, std::uint8_t{0});
        out[total - 1] = f.padding;
    }
    return total;
}

} // namespace rvoip::rtp
