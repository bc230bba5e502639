#pragma once
// Private: hostname / IPv4address of RFC 3261 §25.1 as one X3 primitive, for the URI and Via
// grammars. Include only from .cpp files.

#include "x3_support.hpp"

namespace rvoip::sip::detail {

/// hostname = *( domainlabel "." ) toplabel [ "." ], or an IPv4address: consumes the longest
/// run of alphanumerics, '-' and '.' (what +char_if would) and matches only when valid_hostname()
/// accepts that run. The labels are checked during the scan itself, so a host costs one pass
/// instead of a grammar pass and a validation pass.
struct hostname_parser : x3::parser<hostname_parser>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    static constexpr bool host_char(char c) noexcept { return is_alnum(c) || c == '-' || c == '.'; }

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        // A label may neither be empty nor start or end with '-'; `prev` is the byte before the
        // current one ('.' at the start of each label), so a leading '.' is an empty label.
        char prev = '.';
        bool bad = false;
        It label = first;      // the current label
        It prev_label = first; // the one before, the top label when the host ends with '.'
        It i = first;
        for (; i != last && host_char(*i); ++i) {
            char const c = *i;
            if (c == '.') {
                bad = bad || prev == '.' || prev == '-';
                prev_label = label;
                label = i + 1;
            } else if (c == '-' && prev == '.') {
                bad = true;
            }
            prev = c;
        }
        auto const size = static_cast<std::size_t>(i - first);
        if (size == 0 || bad || prev == '-' || size > 255)
            return false;
        // One trailing '.' is allowed (a fully qualified name); the top label is then the one
        // before it.
        bool const trailing_dot = prev == '.';
        It const top = trailing_dot ? prev_label : label;
        // A top label starting with a digit: the host must be an IPv4address.
        if (!is_alpha(*top) &&
            !is_ipv4(std::string_view(&*first, size - (trailing_dot ? 1 : 0))))
            return false;
        first = i;
        return true;
    }
};

inline constexpr hostname_parser hostname{};

} // namespace rvoip::sip::detail
