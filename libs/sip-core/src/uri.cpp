#include <rvoip/sip/uri.hpp>

#include "text.hpp"

#include <algorithm>
#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

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

/// A parameter or header list decoded once: (lower-case name, decoded value, has value),
/// sorted by name with each name's occurrences in their original order. Comparing two such
/// lists is linear after the sort, whatever a peer puts in a URI.
struct normalized_param
{
    std::string name;
    std::string value;
    bool has_value;
    bool operator<(normalized_param const& o) const { return name < o.name; }
};

std::vector<normalized_param> normalize(param_list list, bool fold_values)
{
    std::vector<normalized_param> out;
    for (auto const& p : list)
        out.push_back({lower(std::string(p.name)),
                       fold_values ? folded(p.value) : percent_decode(p.value), p.has_value});
    std::stable_sort(out.begin(), out.end());
    return out;
}

/// The first occurrence of `name` in a normalized list, or null.
normalized_param const* first_named(std::vector<normalized_param> const& list, std::string_view name)
{
    auto it = std::lower_bound(list.begin(), list.end(), name,
                               [](normalized_param const& p, std::string_view n) { return p.name < n; });
    return it != list.end() && it->name == name ? &*it : nullptr;
}

bool same_param(std::vector<normalized_param> const& a, std::vector<normalized_param> const& b,
                std::string_view name)
{
    auto const* pa = first_named(a, name);
    auto const* pb = first_named(b, name);
    if (!pa || !pb)
        return !pa && !pb;
    return pa->has_value == pb->has_value && pa->value == pb->value;
}

/// The names both lists have agree in their first occurrences (§19.1.4: other parameters
/// compare only when present in both). Linear: both lists are sorted by name.
bool common_params_agree(std::vector<normalized_param> const& a,
                         std::vector<normalized_param> const& b)
{
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].name < b[j].name) {
            ++i;
        } else if (b[j].name < a[i].name) {
            ++j;
        } else {
            if (a[i].value != b[j].value)
                return false;
            auto const& name = a[i].name;
            while (i < a.size() && a[i].name == name)
                ++i;
            while (j < b.size() && b[j].name == name)
                ++j;
        }
    }
    return true;
}

/// §19.1.4: header components compare as multisets of (case-insensitive name, value).
bool headers_match(param_list a, param_list b)
{
    auto na = normalize(a, false);
    auto nb = normalize(b, false);
    if (na.size() != nb.size())
        return false;
    auto const by_pair = [](normalized_param const& x, normalized_param const& y) {
        return std::tie(x.name, x.value) < std::tie(y.name, y.value);
    };
    std::sort(na.begin(), na.end(), by_pair);
    std::sort(nb.begin(), nb.end(), by_pair);
    for (std::size_t i = 0; i < na.size(); ++i)
        if (na[i].name != nb[i].name || na[i].value != nb[i].value)
            return false;
    return true;
}

/// Hosts compare case-insensitively; IP literals compare as addresses (RFC 5954 §4:
/// "[::1]" and "[0:0::1]" are the same host).
bool same_host(std::string_view a, std::string_view b)
{
    if (a.size() > 2 && b.size() > 2 && a.front() == '[' && b.front() == '[') {
        in6_addr x{}, y{};
        std::string const sa(a.substr(1, a.size() - 2)), sb(b.substr(1, b.size() - 2));
        if (inet_pton(AF_INET6, sa.c_str(), &x) == 1 && inet_pton(AF_INET6, sb.c_str(), &y) == 1)
            return std::memcmp(&x, &y, sizeof x) == 0;
    }
    return lower(std::string(a)) == lower(std::string(b));
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
    auto const pa = normalize(a.parameters(), true);
    auto const pb = normalize(b.parameters(), true);
    if (a.scheme == uri_scheme::tel) {
        // RFC 3966 §4: the numbers without visual separators, and the same parameters.
        return tel_digits(a.user) == tel_digits(b.user) && pa.size() == pb.size() &&
               common_params_agree(pa, pb) && [&] {
                   for (auto const& p : pa)
                       if (!first_named(pb, p.name))
                           return false;
                   return true;
               }();
    }
    // §19.1.4: userinfo is case-sensitive (after unescaping), host case-insensitive.
    if (a.has_user != b.has_user || percent_decode(a.user) != percent_decode(b.user) ||
        percent_decode(a.password) != percent_decode(b.password))
        return false;
    if (!same_host(a.host, b.host))
        return false;
    if (a.has_port != b.has_port || a.port != b.port)
        return false;
    // Parameters that must agree when either URI has them.
    constexpr std::array<std::string_view, 5> strict{"user", "ttl", "method", "maddr", "transport"};
    for (auto name : strict)
        if (!same_param(pa, pb, name))
            return false;
    // Any other parameter present in both must agree; a repeated name is judged by its first
    // occurrence, as param_list::find() reads it.
    return common_params_agree(pa, pb) && headers_match(a.header_fields(), b.header_fields());
}

} // namespace rvoip::sip
