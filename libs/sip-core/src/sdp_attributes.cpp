// The typed SDP attributes: rtpmap and fmtp (RFC 8866 §6.6, §6.15), ptime (§6.4), rtcp
// (RFC 3605) and crypto (RFC 4568 §9.2): their grammars and their renderings.
#include <rvoip/sip/sdp.hpp>

#include "sdp_grammar.hpp"

#include <array>
#include <limits>

namespace rvoip::sip::sdp {
namespace {

using namespace detail;


std::string_view trim_wsp(std::string_view s) noexcept
{
    while (!s.empty() && is_wsp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back()))
        s.remove_suffix(1);
    return s;
}

// crypto-suite and key-method = 1*(ALPHA / DIGIT / "_")
auto const suite_chars = +char_if([](char c) { return is_alnum(c) || c == '_'; });
// base64 = ALPHA / DIGIT / "+" / "/" / "="
constexpr bool is_base64(char c) noexcept
{
    return is_alnum(c) || c == '+' || c == '/' || c == '=';
}

// lifetime = ["2^"] 1*(DIGIT)
bool read_lifetime(std::string_view text, std::uint64_t& out) noexcept
{
    if (text.substr(0, 2) == "2^") {
        std::uint32_t power = 0;
        if (!sdp_number(text.substr(2), 63, power))
            return false;
        out = std::uint64_t{1} << power;
        return true;
    }
    return sdp_number(text, u64_max, out);
}

// mki = mki-value ":" mki-length; mki-value = 1*DIGIT; mki-length = 1*3DIGIT (1..128)
bool read_mki(std::string_view text, crypto_key& k) noexcept
{
    auto const colon = text.find(':');
    std::uint64_t value = 0;
    std::uint16_t length = 0;
    if (colon == std::string_view::npos || !sdp_number(text.substr(0, colon), u64_max, value) ||
        text.size() - colon - 1 > 3 || !sdp_number(text.substr(colon + 1), 128, length) ||
        length == 0)
        return false;
    k.mki = value;
    k.mki_length = length;
    return true;
}

// key-param = key-method ":" key-info; inline key-info = key-salt ["|" lifetime] ["|" mki]
bool read_key(std::string_view text, crypto_key& k)
{
    auto const colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return false;
    auto const method = text.substr(0, colon);
    auto info = text.substr(colon + 1);
    for (char c : method)
        if (!is_alnum(c) && c != '_')
            return false;
    k.method = str(method);
    if (!iequals(method, "inline")) {
        if (info.empty())
            return false;
        k.key_salt = str(info); // key-method-ext: key-info kept whole
        return true;
    }
    auto const bar = info.find('|');
    auto const key_salt = info.substr(0, bar);
    if (key_salt.empty())
        return false;
    for (char c : key_salt)
        if (!is_base64(c))
            return false;
    k.key_salt = str(key_salt);
    if (bar == std::string_view::npos)
        return true;
    // The rest is lifetime, mki, or lifetime "|" mki; the MKI is told apart by its ':'.
    auto const rest = info.substr(bar + 1);
    auto const bar2 = rest.find('|');
    auto const first = rest.substr(0, bar2);
    std::uint64_t lifetime = 0;
    if (bar2 == std::string_view::npos && first.find(':') != std::string_view::npos)
        return read_mki(first, k);
    if (!read_lifetime(first, lifetime))
        return false;
    k.lifetime = lifetime;
    return bar2 == std::string_view::npos || read_mki(rest.substr(bar2 + 1), k);
}

} // namespace

std::string_view to_string(direction d) noexcept
{
    switch (d) {
    case direction::sendrecv:
        return "sendrecv";
    case direction::sendonly:
        return "sendonly";
    case direction::recvonly:
        return "recvonly";
    case direction::inactive:
        return "inactive";
    }
    return "sendrecv";
}

// rtpmap-value = payload-type SP encoding-name "/" clock-rate ["/" encoding-params]
result<rtpmap> parse_rtpmap(std::string_view value)
{
    std::string_view pt, name, clock, channels;
    auto const g = x3::raw[sdp_digits][set_view(pt)] >> sdp_sp >>
                   x3::raw[sdp_token][set_view(name)] >> lit('/') >>
                   x3::raw[sdp_digits][set_view(clock)] >>
                   -(lit('/') >> x3::raw[sdp_digits][set_view(channels)]) >> sdp_trailing;
    rtpmap r;
    if (!parse_all(value, g) || !sdp_number(pt, 127, r.payload_type) ||
        !sdp_number(clock, u32_max, r.clock_rate))
        return errc::bad_sdp;
    if (!channels.empty()) {
        std::uint32_t n = 0;
        if (!sdp_number(channels, u32_max, n))
            return errc::bad_sdp;
        r.channels = n;
    }
    r.encoding_name = str(name);
    return r;
}

// fmtp-value = fmt SP format-specific-params (the parameters may be empty: "a=fmtp:101")
result<fmtp> parse_fmtp(std::string_view value)
{
    std::string_view format, rest;
    auto const g = x3::raw[sdp_token][set_view(format)] >>
                   -(sdp_sp >> x3::raw[*char_if(sdp_is_text_char)][set_view(rest)]);
    if (!parse_all(value, g))
        return errc::bad_sdp;
    return fmtp{str(format), str(rest)};
}

std::optional<int> fmtp::payload_type() const noexcept
{
    int pt = 0;
    if (!sdp_number(format, 127, pt))
        return std::nullopt;
    return pt;
}

std::vector<param> fmtp::params() const
{
    std::vector<param> out;
    std::string_view rest = parameters;
    while (!rest.empty()) {
        auto const semi = rest.find(';');
        auto const item = trim_wsp(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        if (item.empty())
            continue;
        auto const eq = item.find('=');
        if (eq == std::string_view::npos)
            out.push_back({item, {}, false});
        else
            out.push_back({trim_wsp(item.substr(0, eq)), trim_wsp(item.substr(eq + 1)), true});
    }
    return out;
}

std::optional<std::string_view> fmtp::find_param(std::string_view name) const
{
    for (auto const& p : params())
        if (iequals(p.name, name))
            return p.value;
    return std::nullopt;
}

// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address]
result<rtcp> parse_rtcp(std::string_view value)
{
    std::string_view port, nettype, addrtype, address;
    auto const g = x3::raw[sdp_digits][set_view(port)] >>
                   -(sdp_sp >> x3::raw[sdp_token][set_view(nettype)] >> sdp_sp >>
                     x3::raw[sdp_token][set_view(addrtype)] >> sdp_sp >>
                     x3::raw[sdp_non_ws][set_view(address)]) >>
                   sdp_trailing;
    rtcp r;
    if (!parse_all(value, g) || !sdp_number(port, u16_max, r.port))
        return errc::bad_sdp;
    r.nettype = str(nettype);
    r.addrtype = str(addrtype);
    r.address = str(address);
    return r;
}

// crypto = tag 1*WSP crypto-suite 1*WSP key-params *(1*WSP session-param)
result<crypto> parse_crypto(std::string_view value)
{
    std::string_view tag, suite, keys;
    std::vector<std::string> session_params;
    auto const add_param = [&session_params](auto& ctx) {
        auto const& r = x3::_attr(ctx);
        session_params.emplace_back(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    };
    auto const g = x3::raw[sdp_digits][set_view(tag)] >> sdp_sp >>
                   x3::raw[suite_chars][set_view(suite)] >> sdp_sp >>
                   x3::raw[sdp_non_ws][set_view(keys)] >>
                   *(sdp_sp >> x3::raw[sdp_non_ws][add_param]) >> sdp_trailing;
    crypto c;
    if (!parse_all(value, g) || tag.size() > 9 || !sdp_number(tag, u32_max, c.tag))
        return errc::bad_sdp;
    c.suite = str(suite);
    c.session_params = std::move(session_params);
    while (true) {
        auto const semi = keys.find(';');
        crypto_key k;
        if (!read_key(keys.substr(0, semi), k))
            return errc::bad_sdp;
        c.keys.push_back(std::move(k));
        if (semi == std::string_view::npos)
            break;
        keys.remove_prefix(semi + 1);
    }
    return c;
}

// ptime-value = 1*DIGIT; peers also send "20.0", so a fraction is read and dropped.
result<std::uint32_t> parse_ptime(std::string_view value) noexcept
{
    std::string_view whole;
    auto const g =
        x3::raw[sdp_digits][set_view(whole)] >> -(lit('.') >> sdp_digits) >> sdp_trailing;
    std::uint32_t ms = 0;
    if (!parse_all(value, g) || !sdp_number(whole, u32_max, ms))
        return errc::bad_sdp;
    return ms;
}

std::optional<std::vector<std::uint8_t>> crypto_key::key_salt_bytes() const
{
    auto const sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (is_digit(c))
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    std::string_view text = key_salt;
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (key_salt.size() - text.size() > 2 || text.size() % 4 == 1)
        return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int const v = sextet(c);
        if (v < 0)
            return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<std::uint8_t>((bits >> count) & 0xFF));
        }
    }
    return out;
}

std::string to_string(rtpmap const& r)
{
    auto s =
        std::to_string(r.payload_type) + ' ' + r.encoding_name + '/' + std::to_string(r.clock_rate);
    if (r.channels)
        s += '/' + std::to_string(*r.channels);
    return s;
}

std::string to_string(fmtp const& f)
{
    return f.parameters.empty() ? f.format : f.format + ' ' + f.parameters;
}

std::string to_string(rtcp const& r)
{
    auto s = std::to_string(r.port);
    if (!r.address.empty())
        s += ' ' + r.nettype + ' ' + r.addrtype + ' ' + r.address;
    return s;
}

std::string to_string(crypto const& c)
{
    auto s = std::to_string(c.tag) + ' ' + c.suite + ' ';
    for (std::size_t i = 0; i < c.keys.size(); ++i) {
        auto const& k = c.keys[i];
        s += (i == 0 ? "" : ";") + k.method + ':' + k.key_salt;
        if (k.lifetime) {
            auto const lt = *k.lifetime;
            int power = 0;
            while (power < 63 && (std::uint64_t{1} << power) < lt)
                ++power;
            s += (lt != 0 && (std::uint64_t{1} << power) == lt) ? "|2^" + std::to_string(power)
                                                                : '|' + std::to_string(lt);
        }
        if (k.mki && k.mki_length)
            s += '|' + std::to_string(*k.mki) + ':' + std::to_string(*k.mki_length);
    }
    for (auto const& p : c.session_params)
        s += ' ' + p;
    return s;
}

} // namespace rvoip::sip::sdp
