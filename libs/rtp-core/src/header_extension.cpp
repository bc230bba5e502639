#include <rvoip/rtp/header_extension.hpp>

namespace rvoip::rtp {
namespace {

/// RFC 8285 §4.2/§4.3: ID 0 is reserved for padding. A one-byte header with ID 0 and a
/// non-zero length is skipped as a single padding byte too, as common stacks do.
bool is_padding(bool two_byte, std::uint8_t b) noexcept
{
    return two_byte ? b == 0 : (b >> 4) == 0;
}

} // namespace

boost::system::error_code validate_extension_elements(std::uint16_t profile,
                                                      std::span<std::uint8_t const> block) noexcept
{
    if (!is_rfc8285_profile(profile))
        return {}; // an opaque profile-specific extension: nothing to check
    bool const two_byte = profile != one_byte_profile;
    std::size_t pos = 0;
    while (pos < block.size()) {
        std::uint8_t const b = block[pos];
        if (is_padding(two_byte, b)) {
            ++pos;
            continue;
        }
        if (!two_byte) {
            auto const id = static_cast<std::uint8_t>(b >> 4);
            if (id == 15)
                return {}; // RFC 8285 §4.2: processing stops at ID 15
            std::size_t const len = (b & 0x0F) + 1u;
            if (pos + 1 + len > block.size())
                return errc::bad_extension;
            pos += 1 + len;
        } else {
            if (pos + 2 > block.size())
                return errc::bad_extension;
            std::size_t const len = block[pos + 1];
            if (pos + 2 + len > block.size())
                return errc::bad_extension;
            pos += 2 + len;
        }
    }
    return {};
}

extension_range::extension_range(std::uint16_t profile,
                                 std::span<std::uint8_t const> block) noexcept
    : two_byte_(profile != one_byte_profile),
      block_(is_rfc8285_profile(profile) ? block : block.first(0))
{
}

extension_range::iterator extension_range::begin() const noexcept
{
    return iterator(two_byte_, block_, 0);
}

extension_range::iterator extension_range::end() const noexcept
{
    return iterator(two_byte_, block_, block_.size());
}

extension_range::iterator::iterator(bool two_byte, std::span<std::uint8_t const> block,
                                    std::size_t pos) noexcept
    : two_byte_(two_byte), block_(block), pos_(pos)
{
    load();
}

void extension_range::iterator::load() noexcept
{
    while (pos_ < block_.size() && is_padding(two_byte_, block_[pos_]))
        ++pos_;
    if (pos_ >= block_.size()) {
        pos_ = block_.size();
        return;
    }
    std::uint8_t const b = block_[pos_];
    if (!two_byte_) {
        auto const id = static_cast<std::uint8_t>(b >> 4);
        std::size_t const len = (b & 0x0F) + 1u;
        if (id == 15 || pos_ + 1 + len > block_.size()) {
            pos_ = block_.size();
            return;
        }
        current_ = {id, block_.subspan(pos_ + 1, len)};
        next_ = pos_ + 1 + len;
    } else {
        if (pos_ + 2 > block_.size() || pos_ + 2 + block_[pos_ + 1] > block_.size()) {
            pos_ = block_.size();
            return;
        }
        std::size_t const len = block_[pos_ + 1];
        current_ = {b, block_.subspan(pos_ + 2, len)};
        next_ = pos_ + 2 + len;
    }
}

extension_range::iterator& extension_range::iterator::operator++() noexcept
{
    pos_ = next_;
    load();
    return *this;
}

} // namespace rvoip::rtp
