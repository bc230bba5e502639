// The Via grammar (RFC 3261 §25.1 via-parm, RFC 3581 rport, RFC 5118 IPv6 sent-by).
#include <rvoip/sip/via.hpp>

#include "host.hpp"
#include "host_grammar.hpp"
#include "parse_into.hpp"
#include "x3_support.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const slash = sws >> lit('/') >> sws;
auto const ipv6_ref = lit('[') >>
                      +char_if([](char c) { return is_hex(c) || c == ':' || c == '.'; }) >>
                      lit(']');
// token / host (":" for IPv6 received values written without brackets, RFC 5118 §4.5)
struct value_table
{
    bool value[256] = {};
    constexpr value_table()
    {
        for (int c = 0; c < 256; ++c)
            value[c] = is_token_char(static_cast<char>(c)) || c == ':';
    }
};
constexpr value_table value_chars{};
auto const gen_value = quoted_string | ipv6_ref |
                       +char_if([](char c) { return value_chars.value[static_cast<unsigned char>(c)]; });


/// Records one via-param into `v`: the ones the transport and transaction layers read are
/// picked out while the grammar runs, so the parameters are scanned once.
bool take_param(via& v, std::string_view name, std::string_view value, bool has_value) noexcept
{
    // Dispatch on the length first: most parameters are none of these.
    switch (name.size()) {
    // The first occurrence of a parameter is the one read, as param_list::find() reads it.
    case 6:
        if (iequals(name, "branch") && v.branch.empty())
            v.branch = value;
        return true;
    case 8:
        if (iequals(name, "received")) {
            // received = IPv4address / IPv6address, with or without brackets (RFC 5118 §4.5).
            if (!is_ipv4(value) && !valid_ipv6(value) && !(value.size() > 2 && value.front() == '[' && valid_host(value)))
                return false;
            if (v.received.empty())
                v.received = value;
        }
        return true;
    case 5:
        if (iequals(name, "maddr")) {
            if (!valid_host(value)) // maddr = host
                return false;
            if (v.maddr.empty())
                v.maddr = value;
        } else if (iequals(name, "rport") && !v.has_rport) {
            v.has_rport = true;
            if (has_value) {
                std::uint16_t rp = 0;
                if (!parse_port(value, rp))
                    return false;
                v.rport = rp;
            }
        }
        return true;
    case 3:
        if (iequals(name, "ttl")) {
            std::uint64_t ttl = 0;
            if (!parse_uint(value, 255, ttl))
                return false;
            v.ttl = static_cast<std::uint8_t>(ttl);
        }
        return true;
    default:
        return true;
    }
}

/// What parse_via() collects while its grammar runs.
struct via_state
{
    explicit via_state(via& out) noexcept : v(out) {}
    via& v;
    std::string_view port, params, pname, pvalue;
    bool pvalued = false;
    bool bad_value = false;
};
struct via_tag;

template<class Fn>
constexpr auto on_view_(Fn fn)
{
    return on_view<via_tag>(fn);
}

auto const protocol =
    sws >>
    x3::raw[token][on_view_([](via_state& s, std::string_view t) { s.v.protocol_name = t; })] >>
    slash >>
    x3::raw[token][on_view_([](via_state& s, std::string_view t) { s.v.protocol_version = t; })] >>
    slash >> x3::raw[token][on_view_([](via_state& s, std::string_view t) { s.v.transport = t; })];
auto const
    sent_by = x3::raw[ipv6_ref | hostname]
                     [on_view_([](via_state& s, std::string_view t) { s.v.host = t; })] >>
              -(sws >> lit(':') >> sws >>
                x3::raw[+digit][on_view_([](via_state& s, std::string_view t) { s.port = t; })]);
auto const via_param =
    x3::omit[x3::raw[token][on_view_([](via_state& s, std::string_view t) { s.pname = t; })] >>
             -(sws >> lit('=') >> sws >>
               x3::raw[gen_value][on_view_([](via_state& s, std::string_view t) {
                   s.pvalue = t;
                   s.pvalued = true;
               })])][on_match<via_tag>([](via_state& s) {
        s.bad_value = s.bad_value || !take_param(s.v, s.pname, s.pvalue, s.pvalued);
        s.pvalue = {};
        s.pvalued = false;
    })];
auto const rest = x3::raw[*(sws >> lit(';') >> sws >> via_param)]
                         [on_view_([](via_state& s, std::string_view t) { s.params = t; })] >>
                  sws;
auto const after_protocol = lws >> sent_by >> rest;

/// What follows a match of either the grammar or the usual shape's scan: the sent-by checks the
/// match left over.
errc finish_via(via_state& s) noexcept
{
    // sent-by = host [ COLON port ]: a hostname was checked as it was matched.
    if (s.v.host.front() == '[' && !valid_host(s.v.host))
        return errc::bad_header_value;
    if (!s.port.empty()) {
        if (!parse_port(s.port, s.v.port))
            return errc::bad_header_value;
        s.v.has_port = true;
    }
    s.v.params = s.params;
    return errc{};
}

/// The usual shape of a Via value, protocol "/" version "/" transport 1*WSP host [":" port]
/// *(";" pname ["=" pvalue]) with no other whitespace, scanned in one pass with the grammar's
/// own character tables and host primitive. True only where the grammar below matches the same
/// text and captures the same pieces (each parameter handed to take_param() in order); anything
/// else (LWS around separators, a fold, quoted or IPv6 values, whatever the grammar may reject)
/// returns false and goes to the grammar. (tests/sip-core/fast_path_test.cpp and the URI fuzz
/// target hold the two to agreeing.)
bool scan_usual_via(std::string_view text, via_state& s, bool padded) noexcept
{
    iterator p = text.data();
    iterator const end = p + text.size();
    auto run = [&](auto const& in_class) {
        iterator const from = p;
        while (p != end && in_class(*p))
            ++p;
        return std::string_view(from, static_cast<std::size_t>(p - from));
    };
    auto const token_byte = [](char c) { return is_token_byte(c); };
    iterator const readable = padded ? end + 16 : end;
    auto token_run = [&] {
        iterator const from = p;
        p = run_end(p, end, readable, alnum_dash_dot{}, token_byte);
        return std::string_view(from, static_cast<std::size_t>(p - from));
    };
    s.v.protocol_name = run(token_byte);
    if (s.v.protocol_name.empty() || p == end || *p++ != '/')
        return false;
    s.v.protocol_version = run(token_byte);
    if (s.v.protocol_version.empty() || p == end || *p++ != '/')
        return false;
    s.v.transport = run(token_byte);
    if (s.v.transport.empty() || run([](char c) { return is_wsp(c); }).empty())
        return false;
    iterator const host = p;
    if (!hostname_parser::parse_bounded(p, end, readable))
        return false;
    s.v.host = std::string_view(host, static_cast<std::size_t>(p - host));
    if (p != end && *p == ':') {
        ++p;
        s.port = run([](char c) { return is_digit(c); });
        if (s.port.empty())
            return false;
    }
    iterator const params = p;
    while (p != end && *p == ';') {
        ++p;
        auto const name = token_run();
        if (name.empty())
            return false;
        std::string_view value;
        bool const valued = p != end && *p == '=';
        if (valued) {
            ++p;
            iterator const from = p;
            p = run_end(p, end, readable, alnum_dash_dot{},
                        [](char c) { return value_chars.value[static_cast<unsigned char>(c)]; });
            value = std::string_view(from, static_cast<std::size_t>(p - from));
            if (value.empty())
                return false;
        }
        s.bad_value = s.bad_value || !take_param(s.v, name, value, valued);
    }
    s.params = std::string_view(params, static_cast<std::size_t>(p - params));
    return p == end;
}

/// parse_via_into() by the grammar, after the usual shape's scan when `usual_first`.
errc parse_via_with(std::string_view text, via& out, bool usual_first, bool padded) noexcept
{
    via_state s(out);
    s.v.text = text;
    if (usual_first) {
        if (scan_usual_via(text, s, padded)) {
            if (s.bad_value)
                return errc::bad_header_value;
            return finish_via(s);
        }
        // Start the grammar afresh: the scan may have recorded parameters.
        out = via{};
        out.text = text;
        s.port = s.params = {};
        s.bad_value = false;
    }
    iterator first = text.data();
    iterator const last = text.data() + text.size();
    if (!parse_with<via_tag>(first, last, protocol, s))
        return errc::bad_header_value;
    // sent-protocol LWS sent-by: a Via whose next non-blank byte is ';' or the end has no host.
    auto const after = trim_lws(std::string_view(first, static_cast<std::size_t>(last - first)));
    if (after.empty() || after.front() == ';' || after.front() == ',')
        return errc::missing_sent_by;
    if (!parse_with<via_tag>(first, last, after_protocol, s) || first != last || s.bad_value)
        return errc::bad_header_value;
    return finish_via(s);
}

} // namespace

namespace detail {

errc parse_via_into(std::string_view text, via& out) noexcept
{
    return parse_via_with(text, out, true, false);
}

errc parse_via_padded_into(std::string_view text, via& out) noexcept
{
    return parse_via_with(text, out, true, true);
}

bool parse_usual_via_padded_into(std::string_view text, via& out) noexcept
{
    via_state s(out);
    s.v.text = text;
    return scan_usual_via(text, s, true) && !s.bad_value && finish_via(s) == errc{};
}

errc parse_via_grammar_into(std::string_view text, via& out) noexcept
{
    return parse_via_with(text, out, false, false);
}

} // namespace detail

result<via> parse_via(std::string_view text) noexcept
{
    result<via> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_via_into(text, *r); e != errc{})
        r = e;
    return r;
}

} // namespace rvoip::sip
