// The credentials and challenge grammars (RFC 3261 §25.1, RFC 7235 §2.1, RFC 7616).
#include <rvoip/sip/auth.hpp>

#include "header_grammar.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const auth_param = token >> equal >> (quoted_string | token);
// #auth-param of RFC 7235 §7: empty elements are allowed, so a run of commas separates too.
auto const auth_params = auth_param >> *(+comma >> auth_param) >> *comma;
auto const token68 = +char_if([](char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}) >> *lit('=');

/// The parts every auth-scheme shares: the scheme and either an auth-param list or a token68.
struct scheme_and_params
{
    std::string_view scheme;
    std::string_view params;
    std::string_view token68;
};

bool split_scheme(std::string_view text, scheme_and_params& out) noexcept
{
    auto const with_params = sws >> x3::raw[token][set_view(out.scheme)] >> lws >>
                             x3::raw[auth_params][set_view(out.params)] >> sws;
    if (parse_all(text, with_params))
        return true;
    out = {};
    auto const with_token68 = sws >> x3::raw[token][set_view(out.scheme)] >>
                              -(lws >> x3::raw[token68][set_view(out.token68)]) >> sws;
    if (parse_all(text, with_token68))
        return true;
    out = {};
    return false;
}

/// Stores the value of `p` in `dst` (quotes removed) unless an earlier one was stored.
void take(std::string_view& dst, param const& p) noexcept
{
    if (dst.empty())
        dst = strip_quotes(p.value);
}

bool is_nonce_count(std::string_view nc) noexcept
{
    if (nc.size() != 8)
        return false;
    for (char c : nc)
        if (!is_hex(c))
            return false;
    return true;
}

} // namespace

result<credentials> parse_credentials(std::string_view text) noexcept
{
    scheme_and_params parts;
    if (!split_scheme(text, parts))
        return errc::bad_header_value;
    credentials c;
    c.text = text;
    c.scheme = parts.scheme;
    c.params = parts.params;
    c.token68 = parts.token68;
    for (auto const& p : c.parameters()) {
        if (iequals(p.name, "username"))
            take(c.username, p);
        else if (iequals(p.name, "realm"))
            take(c.realm, p);
        else if (iequals(p.name, "nonce"))
            take(c.nonce, p);
        else if (iequals(p.name, "uri"))
            take(c.uri, p);
        else if (iequals(p.name, "response"))
            take(c.response, p);
        else if (iequals(p.name, "algorithm"))
            take(c.algorithm, p);
        else if (iequals(p.name, "cnonce"))
            take(c.cnonce, p);
        else if (iequals(p.name, "opaque"))
            take(c.opaque, p);
        else if (iequals(p.name, "qop"))
            take(c.qop, p);
        else if (iequals(p.name, "nc"))
            take(c.nc, p);
    }
    // RFC 3261 §25.1: nonce-count = "nc" EQUAL nc-value; nc-value = 8LHEX.
    if (iequals(c.scheme, "Digest") && !c.nc.empty() && !is_nonce_count(c.nc))
        return errc::bad_header_value;
    return c;
}

result<challenge> parse_challenge(std::string_view text) noexcept
{
    scheme_and_params parts;
    if (!split_scheme(text, parts))
        return errc::bad_header_value;
    challenge c;
    c.text = text;
    c.scheme = parts.scheme;
    c.params = parts.params;
    c.token68 = parts.token68;
    bool stale_seen = false;
    for (auto const& p : c.parameters()) {
        if (iequals(p.name, "realm"))
            take(c.realm, p);
        else if (iequals(p.name, "nonce"))
            take(c.nonce, p);
        else if (iequals(p.name, "opaque"))
            take(c.opaque, p);
        else if (iequals(p.name, "algorithm"))
            take(c.algorithm, p);
        else if (iequals(p.name, "qop"))
            take(c.qop, p);
        else if (iequals(p.name, "domain"))
            take(c.domain, p);
        else if (iequals(p.name, "stale") && !stale_seen) {
            stale_seen = true;
            c.stale = iequals(strip_quotes(p.value), "true");
        }
    }
    return c;
}

bool challenge::offers_qop(std::string_view qop_value) const noexcept
{
    // qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT, LWS tolerated.
    std::string_view rest = qop;
    while (!rest.empty()) {
        auto const end = rest.find(',');
        auto const item = trim_lws(rest.substr(0, end));
        if (iequals(item, qop_value))
            return true;
        if (end == std::string_view::npos)
            break;
        rest.remove_prefix(end + 1);
    }
    return false;
}

} // namespace rvoip::sip
