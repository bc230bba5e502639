#pragma once
// ASCII helpers for the protocol tokens the layer compares (transports, NAPTR services).

#include <algorithm>
#include <string_view>

namespace rvoip::transaction::detail {

/// Case-insensitive equality of ASCII tokens (letters; other bytes compare as written).
inline bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

} // namespace rvoip::transaction::detail
