#pragma once
// Test helpers: byte vectors from hex text.

#include <cstdint>
#include <string_view>
#include <vector>

namespace rvoip::rtp::test {

/// "80 00 01" -> {0x80, 0x00, 0x01}; spaces ignored.
inline std::vector<std::uint8_t> hex(std::string_view text)
{
    std::vector<std::uint8_t> out;
    int hi = -1;
    for (char c : text) {
        int v = -1;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        if (v < 0)
            continue;
        if (hi < 0)
            hi = v;
        else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

} // namespace rvoip::rtp::test
