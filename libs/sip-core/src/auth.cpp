// The credentials and challenge grammars (RFC 3261 §25.1, RFC 7235 §2.1, RFC 7616).
#include <rvoip/sip/auth.hpp>

#include "header_grammar.hpp"
#include "parse_into.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

/// What the auth grammars collect. Each auth-param is handed to `take_param` as soon as the
/// grammar has matched it, so the parameters are scanned once (not matched, then split again).
struct auth_state
{
    void (*take_param)(void* out, std::string_view name, std::string_view value) = nullptr;
    void* out = nullptr;
    std::string_view scheme, params, token68, name, value;
};
struct auth_tag;

template<class Fn>
constexpr auto on_view_(Fn fn)
{
    return on_view<auth_tag>(fn);
}

auto const auth_param =
    x3::omit[x3::raw[token][on_view_([](auth_state& s, std::string_view t) { s.name = t; })] >>
             equal >> x3::raw[quoted_string | token]
                             [on_view_([](auth_state& s, std::string_view t) { s.value = t; })]]
            [on_match<auth_tag>([](auth_state& s) { s.take_param(s.out, s.name, s.value); })];
// #auth-param of RFC 7235 §7: empty elements are allowed, so a run of commas separates too.
auto const auth_params = auth_param >> *(+comma >> auth_param) >> *comma;
auto const token68 = +char_if([](char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}) >> *lit('=');
auto const auth_scheme =
    x3::raw[token][on_view_([](auth_state& s, std::string_view t) { s.scheme = t; })];
auto const with_params =
    sws >> auth_scheme >> lws >>
    x3::raw[auth_params][on_view_([](auth_state& s, std::string_view t) { s.params = t; })] >> sws;
auto const with_token68 =
    sws >> auth_scheme >>
    -(lws >>
      x3::raw[token68][on_view_([](auth_state& s, std::string_view t) { s.token68 = t; })]) >>
    sws;

/// The usual shape, scheme 1*WSP auth-param *( "," *WSP auth-param ) where each value is a token
/// or a quoted-string of plain qdtext and nothing else has whitespace: scanned in one pass,
/// each auth-param handed over as the grammar's action would. True only where `with_params`
/// matches the same text with the same pieces; anything else returns false (and may have handed
/// parameters over) and goes to the grammar. (tests/sip-core/fast_path_test.cpp holds the two
/// to agreeing.)
bool scan_usual_params(std::string_view text, auth_state& s, bool padded) noexcept
{
    std::size_t i = 0;
    auto const readable = text.data() + text.size() + (padded ? 16 : 0);
    auto run_with = [&](auto fast, auto const& in_class) {
        auto const from = i;
        i = static_cast<std::size_t>(
            run_end(text.data() + i, text.data() + text.size(), readable, fast, in_class) -
            text.data());
        return text.substr(from, i - from);
    };
    auto run = [&](auto const& in_class) {
        auto const from = i;
        while (i < text.size() && in_class(text[i]))
            ++i;
        return text.substr(from, i - from);
    };
    auto const token_byte = [](char c) { return is_token_byte(c); };
    auto const wsp = [](char c) { return is_wsp(c); };
    s.scheme = run_with(alnum_dash_dot{}, token_byte);
    if (s.scheme.empty() || run(wsp).empty())
        return false;
    auto const params = i;
    for (;;) {
        s.name = run_with(alnum_dash_dot{}, token_byte);
        if (s.name.empty() || i == text.size() || text[i] != '=')
            return false;
        ++i;
        if (i < text.size() && text[i] == '"') {
            auto const from = i++;
            run_with(plain_quoted_text{}, qdtext.pred); // no quote, backslash, CR or LF
            if (i == text.size() || text[i] != '"')
                return false;
            s.value = text.substr(from, ++i - from);
        } else {
            s.value = run_with(alnum_dash_dot{}, token_byte);
            if (s.value.empty())
                return false;
        }
        s.take_param(s.out, s.name, s.value);
        if (i == text.size())
            break;
        if (text[i] != ',')
            return false;
        ++i;
        run(wsp);
    }
    s.params = text.substr(params);
    return true;
}

/// Parses the parts every auth-scheme shares, the scheme and either an auth-param list or a
/// token68, handing each auth-param to `take(out, name, value)`. When the auth-param list turns
/// out not to match, `reset(out)` clears what it handed over before the token68 form is tried.
bool split_scheme(std::string_view text, auth_state& s, void* out,
                  void (*take)(void*, std::string_view, std::string_view),
                  void (*reset)(void*), bool usual_first, bool padded) noexcept
{
    s.take_param = take;
    s.out = out;
    if (usual_first) {
        if (scan_usual_params(text, s, padded))
            return true;
        reset(out);
        s = auth_state{};
        s.take_param = take;
        s.out = out;
    }
    if (parse_all_with<auth_tag>(text, with_params, s))
        return true;
    reset(out);
    s = auth_state{};
    s.take_param = [](void*, std::string_view, std::string_view) {};
    return parse_all_with<auth_tag>(text, with_token68, s);
}

/// Stores `value` in `dst` (quotes removed) unless an earlier one was stored.
void take(std::string_view& dst, std::string_view value) noexcept
{
    if (dst.empty())
        dst = strip_quotes(value);
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

void take_credentials_param(void* out, std::string_view name, std::string_view value) noexcept
{
    auto& c = *static_cast<credentials*>(out);
    if (iequals(name, "username"))
        take(c.username, value);
    else if (iequals(name, "realm"))
        take(c.realm, value);
    else if (iequals(name, "nonce"))
        take(c.nonce, value);
    else if (iequals(name, "uri"))
        take(c.uri, value);
    else if (iequals(name, "response"))
        take(c.response, value);
    else if (iequals(name, "algorithm"))
        take(c.algorithm, value);
    else if (iequals(name, "cnonce"))
        take(c.cnonce, value);
    else if (iequals(name, "opaque"))
        take(c.opaque, value);
    else if (iequals(name, "qop"))
        take(c.qop, value);
    else if (iequals(name, "nc"))
        take(c.nc, value);
}

/// A challenge being parsed, with whether stale was seen (the first one counts).
struct challenge_out
{
    challenge& c;
    bool stale_seen = false;
};

void take_challenge_param(void* out, std::string_view name, std::string_view value) noexcept
{
    auto& o = *static_cast<challenge_out*>(out);
    auto& c = o.c;
    if (iequals(name, "realm"))
        take(c.realm, value);
    else if (iequals(name, "nonce"))
        take(c.nonce, value);
    else if (iequals(name, "opaque"))
        take(c.opaque, value);
    else if (iequals(name, "algorithm"))
        take(c.algorithm, value);
    else if (iequals(name, "qop"))
        take(c.qop, value);
    else if (iequals(name, "domain"))
        take(c.domain, value);
    else if (iequals(name, "stale") && !o.stale_seen) {
        o.stale_seen = true;
        c.stale = iequals(strip_quotes(value), "true");
    }
}

} // namespace

namespace {

errc parse_credentials_with(std::string_view text, credentials& c, bool usual_first,
                            bool padded) noexcept
{
    auth_state s;
    auto const reset = [](void* out) { *static_cast<credentials*>(out) = credentials{}; };
    if (!split_scheme(text, s, &c, take_credentials_param, reset, usual_first, padded))
        return errc::bad_header_value;
    c.text = text;
    c.scheme = s.scheme;
    c.params = s.params;
    c.token68 = s.token68;
    // RFC 3261 §25.1: nonce-count = "nc" EQUAL nc-value; nc-value = 8LHEX.
    if (iequals(c.scheme, "Digest") && !c.nc.empty() && !is_nonce_count(c.nc))
        return errc::bad_header_value;
    return errc{};
}

errc parse_challenge_with(std::string_view text, challenge& c, bool usual_first,
                          bool padded) noexcept
{
    challenge_out o{c};
    auth_state s;
    auto const reset = [](void* out) {
        auto& state = *static_cast<challenge_out*>(out);
        state.c = challenge{};
        state.stale_seen = false;
    };
    if (!split_scheme(text, s, &o, take_challenge_param, reset, usual_first, padded))
        return errc::bad_header_value;
    c.text = text;
    c.scheme = s.scheme;
    c.params = s.params;
    c.token68 = s.token68;
    return errc{};
}

} // namespace

namespace detail {

errc parse_credentials_into(std::string_view text, credentials& c) noexcept
{
    return parse_credentials_with(text, c, true, false);
}

errc parse_credentials_padded_into(std::string_view text, credentials& c) noexcept
{
    return parse_credentials_with(text, c, true, true);
}

errc parse_credentials_grammar_into(std::string_view text, credentials& c) noexcept
{
    return parse_credentials_with(text, c, false, false);
}

errc parse_challenge_into(std::string_view text, challenge& c) noexcept
{
    return parse_challenge_with(text, c, true, false);
}

errc parse_challenge_padded_into(std::string_view text, challenge& c) noexcept
{
    return parse_challenge_with(text, c, true, true);
}

errc parse_challenge_grammar_into(std::string_view text, challenge& c) noexcept
{
    return parse_challenge_with(text, c, false, false);
}

} // namespace detail

result<credentials> parse_credentials(std::string_view text) noexcept
{
    result<credentials> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_credentials_into(text, *r); e != errc{})
        r = e;
    return r;
}

result<challenge> parse_challenge(std::string_view text) noexcept
{
    result<challenge> r;
    if (auto const e = detail::parse_challenge_into(text, *r); e != errc{})
        r = e;
    return r;
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
