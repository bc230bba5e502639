#include <rvoip/sip/uri.hpp>

#include "text.hpp"

#include <algorithm>
#include <array>

namespace rvoip::sip {

std::string_view uri::host_unbracketed() const noexcept
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

std::uint16_t uri::port_or_default() const noexcept
{
    if (has_port)
        return port;
    return scheme == uri_scheme::sips ? 5061 : 5060;
}

namespace {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = detail::to_lower(c);
    return s;
}

// Decoded, case-folded value of a parameter for comparison (§19.1.4: parameters compare
// case-insensitively unless stated otherwise).
std::string folded(std::string_view v)
{
    return lower(percent_decode(v));
}

bool same_param(param_list a, param_list b, std::string_view name)
{
    auto pa = a.find(name);
    auto pb = b.find(name);
    if (!pa || !pb)
        return !pa && !pb;
    return pa->has_value == pb->has_value && folded(pa->value) == folded(pb->value);
}

// §19.1.4: the header components compare as sets of (case-insensitive name, value) pairs;
// counting each pair on both sides keeps a repeated name symmetric.
bool headers_match(param_list a, param_list b)
{
    auto occurrences = [](param_list l, param const& h) {
        std::size_t n = 0;
        for (auto const& x : l)
            n += detail::iequals(x.name, h.name) && percent_decode(x.value) == percent_decode(h.value);
        return n;
    };
    auto count = [](param_list l) { return std::distance(l.begin(), l.end()); };
    if (count(a) != count(b))
        return false;
    for (auto const& h : a)
        if (occurrences(a, h) != occurrences(b, h))
            return false;
    return true;
}

std::string tel_digits(std::string_view number)
{
    std::string out;
    for (char c : number)
        if (c != '-' && c != '.' && c != '(' && c != ')')
            out += detail::to_lower(c);
    return out;
}

} // namespace

bool equivalent(uri const& a, uri const& b)
{
    if (a.scheme != b.scheme)
        return false;
    if (a.scheme == uri_scheme::other)
        return detail::iequals(a.scheme_text, b.scheme_text) && a.opaque == b.opaque;
    if (a.scheme == uri_scheme::tel) {
        if (tel_digits(a.user) != tel_digits(b.user))
            return false;
        auto count = [](param_list l) { return std::distance(l.begin(), l.end()); };
        if (count(a.parameters()) != count(b.parameters()))
            return false;
        for (auto const& p : a.parameters())
            if (!same_param(a.parameters(), b.parameters(), p.name))
                return false;
        return true;
    }
    // §19.1.4: userinfo is case-sensitive (after unescaping), host case-insensitive.
    if (a.has_user != b.has_user || percent_decode(a.user) != percent_decode(b.user) ||
        percent_decode(a.password) != percent_decode(b.password))
        return false;
    if (lower(std::string(a.host)) != lower(std::string(b.host)))
        return false;
    if (a.has_port != b.has_port || a.port != b.port)
        return false;
    // Parameters that must agree when either URI has them.
    constexpr std::array<std::string_view, 5> strict{"user", "ttl", "method", "maddr", "transport"};
    for (auto name : strict)
        if (!same_param(a.parameters(), b.parameters(), name))
            return false;
    // Any other parameter present in both must agree. A name repeated within one URI is judged
    // by its first occurrence, as find() reads it (so equivalence stays symmetric and reflexive).
    for (auto const& p : a.parameters()) {
        if (a.parameters().find(p.name)->name.data() != p.name.data())
            continue;
        auto other = b.parameters().find(p.name);
        if (other && folded(other->value) != folded(p.value))
            return false;
    }
    return headers_match(a.header_fields(), b.header_fields());
}

} // namespace rvoip::sip
