// The host rules of RFC 3261 §25.1 and RFC 5118.
#include "host.hpp"

#include "text.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace rvoip::sip::detail {

// hostname = *( domainlabel "." ) toplabel [ "." ]; IPv4address = 4 dotted decimals.
// A label is alphanum with inner hyphens; the top label starts with a letter unless the whole
// host is an IPv4 address.
bool valid_hostname(std::string_view h) noexcept
{
    if (h.empty() || h.front() == '.' || h.size() > 255)
        return false;
    if (h.back() == '.')
        h.remove_suffix(1);
    // One pass: a label may neither be empty nor start or end with '-'; `prev` is the byte
    // before the current one ('.' at the start of each label).
    char prev = '.';
    std::size_t top = 0; // first byte of the top label
    for (std::size_t i = 0; i < h.size(); ++i) {
        char const c = h[i];
        if (c == '.') {
            if (prev == '.' || prev == '-')
                return false;
            top = i + 1;
        } else if (c == '-' && prev == '.') {
            return false;
        }
        prev = c;
    }
    if (prev == '.' || prev == '-')
        return false;
    // A top label starting with a digit: the host must be an IPv4address.
    return is_alpha(h[top]) || is_ipv4(h);
}

bool valid_ipv6(std::string_view h) noexcept
{
    if (h.empty() || h.size() > 46) // (an empty view may have no data to copy)
        return false;
    char buf[64];
    std::memcpy(buf, h.data(), h.size());
    buf[h.size()] = '\0';
    // RFC 5118 §4.10: RFC 3261's ABNF admits "2001:db8:::192.0.2.1"; tolerate it as "::".
    if (auto const triple = h.find(":::"); triple != std::string_view::npos &&
                                            h.find('.') != std::string_view::npos) {
        std::memmove(buf + triple, buf + triple + 1, h.size() - triple);
    }
    in6_addr v6{};
    return inet_pton(AF_INET6, buf, &v6) == 1;
}


bool valid_host(std::string_view h) noexcept
{
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
        return valid_ipv6(h.substr(1, h.size() - 2));
    return valid_hostname(h);
}

} // namespace rvoip::sip::detail
