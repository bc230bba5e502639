// The URI grammars: sip/sips (RFC 3261 §25.1 with RFC 5118 IPv6 references), tel (RFC 3966)
// and opaque absoluteURIs of other schemes.
#include <rvoip/sip/uri.hpp>

#include "host.hpp"
#include "host_grammar.hpp"
#include "parse_into.hpp"
#include "x3_support.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace rvoip::sip {
namespace {

using namespace detail;

/// A 256-entry membership table: alphanumerics plus the characters of `extra`, built at
/// compile time so each grammar step is one load (the URI grammars run per character).
struct char_class
{
    bool value[256] = {};
    constexpr char_class(std::string_view extra, bool with_alnum = true)
    {
        for (int c = 0; c < 256; ++c)
            value[c] = with_alnum && is_alnum(static_cast<char>(c));
        for (char c : extra)
            value[static_cast<unsigned char>(c)] = true;
    }
    constexpr bool operator()(char c) const noexcept { return value[static_cast<unsigned char>(c)]; }
};

// user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
constexpr char_class user_class("-_.!~*'()&=+$,;?/");
// password = *( unreserved / escaped / & = + $ , )
constexpr char_class password_class("-_.!~*'()&=+$,");
// paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $
constexpr char_class param_class("-_.!~*'()[]/:&+$");
// hnv-unreserved = [ ] / ? : + $
constexpr char_class header_class("-_.!~*'()[]/?:+$");
constexpr char_class ipv6_class("abcdefABCDEF:.");
constexpr char_class scheme_class("+-.");
// RFC 3966 phonedigit-hex plus the visual separators, and "*" "#" of local numbers.
constexpr char_class phone_class("abcdefABCDEF*#-.()");

auto const escaped = lit('%') >> hexdig >> hexdig;
// The parsers hold empty lambdas that read the constexpr tables, not copies of the tables:
// X3 composes parsers by value.
auto const user_chars = +(char_if([](char c) { return user_class(c); }) | escaped);
auto const password_chars = *(char_if([](char c) { return password_class(c); }) | escaped);
auto const paramchar = char_if([](char c) { return param_class(c); }) | escaped;
auto const uri_param = +paramchar >> -(lit('=') >> +paramchar);
auto const hnvchar = char_if([](char c) { return header_class(c); }) | escaped;
auto const uri_header = +hnvchar >> lit('=') >> *hnvchar;
auto const ipv6_chars = +char_if([](char c) { return ipv6_class(c); });
auto const scheme = alpha >> *char_if([](char c) { return scheme_class(c); });
auto const phone_chars = +char_if([](char c) { return phone_class(c); });

/// What the sip/sips and tel grammars collect.
struct uri_state
{
    std::string_view userinfo, host, port, params, headers, number;
};
struct uri_tag;

template<class Fn>
constexpr auto on_view_(Fn fn)
{
    return on_view<uri_tag>(fn);
}

auto const uri_params = x3::raw[*(lit(';') >> uri_param)]
                               [on_view_([](uri_state& s, std::string_view t) { s.params = t; })];
auto const hostport_and_rest =
    x3::raw[(lit('[') >> ipv6_chars >> lit(']')) | hostname]
           [on_view_([](uri_state& s, std::string_view t) { s.host = t; })] >>
    -(lit(':') >>
      x3::raw[+digit][on_view_([](uri_state& s, std::string_view t) { s.port = t; })]) >>
    uri_params >>
    -(lit('?') >> x3::raw[uri_header % lit('&')]
                         [on_view_([](uri_state& s, std::string_view t) { s.headers = t; })]);
auto const userinfo_and_hostport =
    -x3::raw[user_chars >> -(lit(':') >> password_chars) >> lit('@')]
            [on_view_([](uri_state& s, std::string_view t) { s.userinfo = t; })] >>
    hostport_and_rest;
auto const telephone_subscriber =
    x3::raw[-lit('+') >> phone_chars]
           [on_view_([](uri_state& s, std::string_view t) { s.number = t; })] >>
    uri_params;

/// The usual shape of a sip/sips URI after "sip:", [user[":"password]"@"]host[":"port]
/// *(";"pname["="pvalue]), scanned in one pass with the grammar's own character tables and
/// host primitive. True only where the grammar above matches the same text and captures the
/// same pieces; anything else (escapes, an IPv6 reference, headers, whatever the grammar may
/// reject) returns false and goes to the grammar. (tests/sip-core/fast_path_test.cpp and the
/// URI fuzz target hold the two to agreeing.)
bool scan_usual_sip(std::string_view rest, bool has_at, uri_state& s, bool padded) noexcept
{
    iterator p = rest.data();
    iterator const end = p + rest.size();
    iterator const readable = padded ? end + 16 : end;
    auto run = [&](auto const& cls) {
        iterator const from = p;
        p = run_end(p, end, readable, alnum_dash_dot{}, cls);
        return static_cast<std::size_t>(p - from);
    };
    if (has_at) {
        // userinfo = user [":" password] "@": the grammar tries it first when there is an '@'.
        iterator const from = p;
        if (run(user_class) == 0)
            return false;
        if (p != end && *p == ':') {
            ++p;
            run(password_class);
        }
        if (p == end || *p != '@')
            return false;
        ++p;
        s.userinfo = std::string_view(from, static_cast<std::size_t>(p - from));
    }
    iterator const host = p;
    if (!hostname_parser::parse_bounded(p, end, readable))
        return false;
    s.host = std::string_view(host, static_cast<std::size_t>(p - host));
    if (p != end && *p == ':') {
        ++p;
        iterator const digits = p;
        while (p != end && is_digit(*p))
            ++p;
        if (p == digits)
            return false;
        s.port = std::string_view(digits, static_cast<std::size_t>(p - digits));
    }
    iterator const params = p;
    while (p != end && *p == ';') {
        ++p;
        if (run(param_class) == 0)
            return false;
        if (p != end && *p == '=') {
            ++p;
            if (run(param_class) == 0)
                return false;
        }
    }
    s.params = std::string_view(params, static_cast<std::size_t>(p - params));
    return p == end;
}

bool parse_sip(std::string_view text, std::size_t colon, uri& u, bool usual_first, bool padded) noexcept
{
    uri_state s;
    auto const rest = text.substr(colon + 1);
    // Without an '@' there is no userinfo: skip its alternative (which would scan the host as a
    // user first, then backtrack), the common case for Via-like and Record-Route URIs.
    bool const has_at = find_byte(rest.data(), rest.data() + rest.size(), '@') != rest.data() + rest.size();
    if (!usual_first || !scan_usual_sip(rest, has_at, s, padded)) {
        s = uri_state{};
        bool const ok = has_at ? parse_all_with<uri_tag>(rest, userinfo_and_hostport, s)
                               : parse_all_with<uri_tag>(rest, hostport_and_rest, s);
        if (!ok)
            return false;
    }
    if (!s.userinfo.empty()) {
        auto userinfo = s.userinfo;
        userinfo.remove_suffix(1); // '@'
        u.has_user = true;
        auto const c = static_cast<std::size_t>(
            find_byte(userinfo.data(), userinfo.data() + userinfo.size(), ':') - userinfo.data());
        u.user = userinfo.substr(0, c);
        if (c != userinfo.size())
            u.password = userinfo.substr(c + 1);
    }
    auto const host = s.host;
    // A hostname was checked as the grammar matched it; an IPv6 reference is checked here.
    if (host.front() == '[' && !valid_ipv6(host.substr(1, host.size() - 2)))
        return false;
    u.host = host;
    if (!s.port.empty()) {
        if (!parse_port(s.port, u.port))
            return false;
        u.has_port = true;
    }
    u.params = s.params;
    u.headers = s.headers;
    return true;
}

bool parse_tel(std::string_view text, std::size_t colon, uri& u) noexcept
{
    uri_state s;
    if (!parse_all_with<uri_tag>(text.substr(colon + 1), telephone_subscriber, s))
        return false;
    auto const number = s.number;
    auto const params = s.params;
    // RFC 3966 §3: global-number-digits = "+" *phonedigit DIGIT *phonedigit (decimal digits and
    // visual separators only); local-number-digits may use hex digits, "*" and "#" but then
    // the number needs a phone-context (§5.1.5).
    bool const global = number.front() == '+';
    bool has_digit = false;
    for (char c : number.substr(global ? 1 : 0)) {
        bool const visual = c == '-' || c == '.' || c == '(' || c == ')';
        if (global && !visual && !is_digit(c))
            return false;
        has_digit = has_digit || (global ? is_digit(c) : !visual);
    }
    if (!has_digit)
        return false;
    if (!global && !param_list(params, ';').contains("phone-context"))
        return false;
    u.user = number;
    u.params = params;
    return true;
}

} // namespace

namespace detail {

namespace {

bool parse_uri_with(std::string_view text, uri& u, bool usual_first, bool padded) noexcept
{
    u.text = text;
    // scheme ":" — no scheme character is a ':', so the scheme grammar stops at the first one.
    // "sip:" as nearly every URI starts needs no grammar: it is what the grammar would match.
    std::size_t colon = 0;
    if (usual_first && text.size() > 4 && text.compare(0, 4, "sip:") == 0) {
        colon = 3;
    } else {
        iterator first = text.data();
        if (!x3::parse(first, text.data() + text.size(), scheme) ||
            first == text.data() + text.size() || *first != ':')
            return false;
        colon = static_cast<std::size_t>(first - text.data());
    }
    u.scheme_text = text.substr(0, colon);
    bool ok = false;
    if (iequals(u.scheme_text, "sip")) {
        u.scheme = uri_scheme::sip;
        ok = parse_sip(text, colon, u, usual_first, padded);
    } else if (iequals(u.scheme_text, "sips")) {
        u.scheme = uri_scheme::sips;
        ok = parse_sip(text, colon, u, usual_first, padded);
    } else if (iequals(u.scheme_text, "tel")) {
        u.scheme = uri_scheme::tel;
        ok = parse_tel(text, colon, u);
    } else {
        // absoluteURI: anything printable without whitespace, quotes or angle brackets.
        u.scheme = uri_scheme::other;
        u.opaque = text.substr(colon + 1);
        ok = !u.opaque.empty();
        for (char c : u.opaque) {
            auto const b = static_cast<unsigned char>(c);
            if (b <= 0x20 || b >= 0x7F || c == '<' || c == '>' || c == '"')
                ok = false;
        }
    }
    return ok;
}

} // namespace

bool parse_uri_into(std::string_view text, uri& u) noexcept
{
    return parse_uri_with(text, u, true, false);
}

bool parse_uri_padded_into(std::string_view text, uri& u) noexcept
{
    return parse_uri_with(text, u, true, true);
}

bool parse_uri_grammar_into(std::string_view text, uri& u) noexcept
{
    return parse_uri_with(text, u, false, false);
}

} // namespace detail

result<uri> parse_uri(std::string_view text) noexcept
{
    result<uri> r; // the value is written in place (see parse_into.hpp)
    if (!detail::parse_uri_into(text, *r))
        r = errc::bad_uri;
    return r;
}

} // namespace rvoip::sip
