#pragma once
// RTP header extension elements of RFC 8285 (one-byte and two-byte forms), read in place.

#include <rvoip/rtp/error.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>

namespace rvoip::rtp {

/// "defined by profile" value of the one-byte form (RFC 8285 §4.2).
inline constexpr std::uint16_t one_byte_profile = 0xBEDE;
/// The two-byte form is 0x100 in the top 12 bits; the low 4 bits are "appbits" (RFC 8285 §4.3).
inline constexpr std::uint16_t two_byte_profile = 0x1000;

/// True when `profile` names an RFC 8285 element list (one-byte or two-byte form).
constexpr bool is_rfc8285_profile(std::uint16_t profile) noexcept
{
    return profile == one_byte_profile || (profile & 0xFFF0) == two_byte_profile;
}

/// One extension element: its local identifier and its data. `data` views the packet bytes
/// and lives as long as they do.
struct extension_element
{
    std::uint8_t id = 0;
    std::span<std::uint8_t const> data;
};

/// Checks an RFC 8285 element list (the extension block after its 4-byte header).
/// One-byte form: `ID(4) L(4)` then L+1 bytes; a byte with ID 0 is one padding byte (whatever
/// its L); ID 15 ends the list.
/// Two-byte form: `ID(8) L(8)` then L bytes; a zero ID byte is padding.
/// Errors: errc::bad_extension when an element runs past the block.
boost::system::error_code validate_extension_elements(std::uint16_t profile,
                                                      std::span<std::uint8_t const> block) noexcept;

/// Forward range over the elements of a block that validate_extension_elements() accepted
/// (padding skipped). Views into the block; lives as long as its bytes.
class extension_range
{
public:
    class iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = extension_element;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = extension_element;

        iterator() = default;
        extension_element operator*() const noexcept { return current_; }
        iterator& operator++() noexcept;
        iterator operator++(int) noexcept
        {
            auto old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(iterator const& a, iterator const& b) noexcept
        {
            return a.pos_ == b.pos_;
        }

    private:
        friend class extension_range;
        iterator(bool two_byte, std::span<std::uint8_t const> block, std::size_t pos) noexcept;
        void load() noexcept; // reads the element at pos_, skipping padding; pos_ = size at end

        bool two_byte_ = false;
        std::span<std::uint8_t const> block_;
        std::size_t pos_ = 0;
        std::size_t next_ = 0;
        extension_element current_;
    };

    extension_range() = default;
    /// `block` must already be validated for `profile`; a non-RFC 8285 profile gives no elements.
    extension_range(std::uint16_t profile, std::span<std::uint8_t const> block) noexcept;

    iterator begin() const noexcept;
    iterator end() const noexcept;
    bool empty() const noexcept { return begin() == end(); }

private:
    bool two_byte_ = false;
    std::span<std::uint8_t const> block_;
};

} // namespace rvoip::rtp
