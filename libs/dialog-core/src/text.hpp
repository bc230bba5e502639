#pragma once
// ASCII case-insensitive comparisons for header values (tokens, option tags, scheme names,
// media types: RFC 3261 §7.3.1).

#include <algorithm>
#include <string_view>

namespace rvoip::dialog::detail {

inline char ascii_lower(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

inline bool iequal(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

/// True when `needle` occurs in `text`, ignoring ASCII case.
inline bool icontains(std::string_view text, std::string_view needle) noexcept
{
    auto const at = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                                [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
    return at != text.end() || needle.empty();
}

} // namespace rvoip::dialog::detail
