// The Via grammar (RFC 3261 §25.1 via-parm, RFC 3581 rport, RFC 5118 IPv6 sent-by).
#include <rvoip/sip/via.hpp>

#include "host.hpp"
#include "x3_support.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const slash = sws >> lit('/') >> sws;
auto const ipv6_ref =
    lit('[') >> +char_if([](char c) { return is_hex(c) || c == ':' || c == '.'; }) >> lit(']');
auto const host_chars = +char_if([](char c) { return is_alnum(c) || c == '-' || c == '.'; });
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

} // namespace

result<via> parse_via(std::string_view text) noexcept
{
    via v;
    v.text = text;
    std::string_view port, params, pname, pvalue;
    bool pvalued = false;
    bool bad_value = false;
    auto const protocol = sws >> x3::raw[token][set_view(v.protocol_name)] >> slash >>
                          x3::raw[token][set_view(v.protocol_version)] >> slash >>
                          x3::raw[token][set_view(v.transport)];
    auto const sent_by = x3::raw[ipv6_ref | host_chars][set_view(v.host)] >>
                         -(sws >> lit(':') >> sws >> x3::raw[+digit][set_view(port)]);
    auto const on_value = [&](auto& ctx) {
        set_view(pvalue)(ctx);
        pvalued = true;
    };
    auto const on_param = [&](auto&) {
        bad_value = bad_value || !take_param(v, pname, pvalue, pvalued);
        pvalue = {};
        pvalued = false;
    };
    auto const via_param = x3::omit[x3::raw[token][set_view(pname)] >>
                                    -(sws >> lit('=') >> sws >> x3::raw[gen_value][on_value])][on_param];
    auto const rest = x3::raw[*(sws >> lit(';') >> sws >> via_param)][set_view(params)] >> sws;

    iterator first = text.data();
    iterator const last = text.data() + text.size();
    if (!x3::parse(first, last, protocol))
        return errc::bad_header_value;
    // sent-protocol LWS sent-by: a Via whose next non-blank byte is ';' or the end has no host.
    auto const after = trim_lws(std::string_view(first, static_cast<std::size_t>(last - first)));
    if (after.empty() || after.front() == ';' || after.front() == ',')
        return errc::missing_sent_by;
    if (!x3::parse(first, last, lws >> sent_by >> rest) || first != last || bad_value)
        return errc::bad_header_value;
    if (!valid_host(v.host)) // sent-by = host [ COLON port ]
        return errc::bad_header_value;
    if (!port.empty()) {
        if (!parse_port(port, v.port))
            return errc::bad_header_value;
        v.has_port = true;
    }
    v.params = params;
    return v;
}

} // namespace rvoip::sip
