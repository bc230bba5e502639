// The SDP grammar (RFC 8866 §9): splitting the body into <type>=<value> lines, the field order
// of a session and its media sections, and one X3 rule per structured field.
#include <rvoip/sip/sdp.hpp>

#include "sdp_grammar.hpp"

#include <limits>

namespace rvoip::sip {
namespace {

using namespace detail;


// origin-field = username SP sess-id SP sess-version SP nettype SP addrtype SP unicast-address
bool read_origin(std::string_view value, sdp::origin& o)
{
    std::string_view user, id, version, nettype, addrtype, address;
    auto const g =
        x3::raw[sdp_non_ws][set_view(user)] >> sdp_sp >> x3::raw[sdp_digits][set_view(id)] >>
        sdp_sp >> x3::raw[sdp_digits][set_view(version)] >> sdp_sp >>
        x3::raw[sdp_token][set_view(nettype)] >> sdp_sp >> x3::raw[sdp_token][set_view(addrtype)] >>
        sdp_sp >> x3::raw[sdp_non_ws][set_view(address)] >> sdp_trailing;
    if (!parse_all(value, g))
        return false;
    o = {str(user), str(id), str(version), str(nettype), str(addrtype), str(address)};
    return true;
}

// connection-field = nettype SP addrtype SP connection-address (kept with its /ttl/count)
bool read_connection(std::string_view value, sdp::connection& c)
{
    std::string_view nettype, addrtype, address;
    auto const g = x3::raw[sdp_token][set_view(nettype)] >> sdp_sp >>
                   x3::raw[sdp_token][set_view(addrtype)] >> sdp_sp >>
                   x3::raw[sdp_non_ws][set_view(address)] >> sdp_trailing;
    if (!parse_all(value, g))
        return false;
    c = {str(nettype), str(addrtype), str(address)};
    return true;
}

// bandwidth-field = bwtype ":" bandwidth
bool read_bandwidth(std::string_view value, sdp::bandwidth& b)
{
    std::string_view type, number;
    auto const g = x3::raw[sdp_token][set_view(type)] >> lit(':') >>
                   x3::raw[sdp_digits][set_view(number)] >> sdp_trailing;
    if (!parse_all(value, g) || !sdp_number(number, u64_max, b.value))
        return false;
    b.type = str(type);
    return true;
}

// time-fields: "t=" start-time SP stop-time
bool read_timing(std::string_view value, sdp::timing& t)
{
    std::string_view start, stop;
    auto const g = x3::raw[sdp_digits][set_view(start)] >> sdp_sp >>
                   x3::raw[sdp_digits][set_view(stop)] >> sdp_trailing;
    return parse_all(value, g) && sdp_number(start, u64_max, t.start) &&
           sdp_number(stop, u64_max, t.stop);
}

// media-field = media SP port ["/" integer] SP proto 1*(SP fmt); proto = token *("/" token)
bool read_media(std::string_view value, sdp::media_description& m)
{
    std::string_view media, port, count, proto;
    std::vector<std::string> formats;
    auto const add_format = [&formats](auto& ctx) {
        auto const& r = x3::_attr(ctx);
        formats.emplace_back(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    };
    auto const g = x3::raw[sdp_token][set_view(media)] >> sdp_sp >>
                   x3::raw[sdp_digits][set_view(port)] >>
                   -(lit('/') >> x3::raw[sdp_digits][set_view(count)]) >> sdp_sp >>
                   x3::raw[sdp_token >> *(lit('/') >> sdp_token)][set_view(proto)] >>
                   +(sdp_sp >> x3::raw[sdp_token][add_format]) >> sdp_trailing;
    if (!parse_all(value, g) || !sdp_number(port, u16_max, m.port))
        return false;
    if (!count.empty()) {
        std::uint16_t n = 0;
        if (!sdp_number(count, u16_max, n))
            return false;
        m.port_count = n;
    }
    m.media = str(media);
    m.proto = str(proto);
    m.formats = std::move(formats);
    return true;
}

// attribute = (attribute-name ":" attribute-value) / attribute-name. Values are kept as
// written; the attributes with typed readers are checked here so that those cannot fail later.
bool read_attribute(std::string_view value, sdp::attribute& a)
{
    auto const colon = value.find(':');
    auto name = value.substr(0, colon);
    if (colon == std::string_view::npos) {
        while (!name.empty() && is_wsp(name.back())) // "a=sendrecv " is seen in the field
            name.remove_suffix(1);
    } else {
        a.value = str(value.substr(colon + 1));
        a.has_value = true;
    }
    if (!sdp_is_token(name))
        return false;
    a.name = str(name);
    auto const is = [&name](std::string_view n) { return iequals(name, n); };
    if (is("rtpmap"))
        return sdp::parse_rtpmap(a.value).has_value();
    if (is("fmtp"))
        return sdp::parse_fmtp(a.value).has_value();
    if (is("rtcp"))
        return sdp::parse_rtcp(a.value).has_value();
    if (is("crypto"))
        return sdp::parse_crypto(a.value).has_value();
    if (is("ptime") || is("maxptime"))
        return sdp::parse_ptime(a.value).has_value();
    return true;
}

enum class stage
{
    want_v,
    want_o,
    want_s,
    session,
    media,
};

struct parser
{
    sdp::session_description d;
    stage at = stage::want_v;
    std::size_t attributes = 0;

    bool attribute(std::string_view value, sdp::attribute_list& list)
    {
        sdp::attribute a;
        if (++attributes > sdp::max_attributes || !read_attribute(value, a))
            return false;
        list.push_back(std::move(a));
        return true;
    }

    template<class T> static bool once(std::optional<T>& field, T v)
    {
        if (field)
            return false;
        field = std::move(v);
        return true;
    }

    bool start_media(std::string_view value)
    {
        if (d.media.size() >= sdp::max_media)
            return false;
        sdp::media_description m;
        if (!read_media(value, m))
            return false;
        d.media.push_back(std::move(m));
        at = stage::media;
        return true;
    }

    bool session_field(char type, std::string_view value)
    {
        switch (type) {
        case 'i':
            return once(d.information, str(value));
        case 'u':
            return once(d.uri, str(value));
        case 'e':
            d.emails.push_back(str(value));
            return true;
        case 'p':
            d.phones.push_back(str(value));
            return true;
        case 'c': {
            sdp::connection c;
            return read_connection(value, c) && once(d.connection, std::move(c));
        }
        case 'b': {
            sdp::bandwidth b;
            return read_bandwidth(value, b) && (d.bandwidths.push_back(std::move(b)), true);
        }
        case 't': {
            sdp::timing t;
            return read_timing(value, t) && (d.timings.push_back(std::move(t)), true);
        }
        case 'r':
            if (d.timings.empty()) // RFC 8866 §5.10: r= repeats the t= before it
                return false;
            d.timings.back().repeats.push_back(str(value));
            return true;
        case 'z':
            return once(d.zone_adjustments, str(value));
        case 'k':
            return once(d.key, str(value));
        case 'a':
            return attribute(value, d.attributes);
        case 'm':
            return start_media(value);
        default:
            return false;
        }
    }

    bool media_field(char type, std::string_view value)
    {
        auto& m = d.media.back();
        switch (type) {
        case 'i':
            return once(m.information, str(value));
        case 'c': {
            sdp::connection c;
            return read_connection(value, c) && (m.connections.push_back(std::move(c)), true);
        }
        case 'b': {
            sdp::bandwidth b;
            return read_bandwidth(value, b) && (m.bandwidths.push_back(std::move(b)), true);
        }
        case 'k':
            return once(m.key, str(value));
        case 'a':
            return attribute(value, m.attributes);
        case 'm':
            return start_media(value);
        default:
            return false;
        }
    }

    bool line(char type, std::string_view value)
    {
        switch (at) {
        case stage::want_v:
            at = stage::want_o;
            return type == 'v' && sdp_number(value, u32_max, d.version);
        case stage::want_o:
            at = stage::want_s;
            return type == 'o' && read_origin(value, d.origin);
        case stage::want_s:
            at = stage::session;
            d.session_name = str(value);
            return type == 's';
        case stage::session:
            return session_field(type, value);
        case stage::media:
            return media_field(type, value);
        }
        return false;
    }
};

} // namespace

result<sdp::session_description> parse_sdp(std::string_view text)
{
    parser p;
    p.d.timings.clear();
    std::size_t lines = 0;
    bool blank_seen = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto const nl = text.find('\n', pos);
        auto line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty()) {
            blank_seen = true; // trailing blank lines only (a body ending in CRLF CRLF)
            continue;
        }
        if (blank_seen || ++lines > sdp::max_lines)
            return errc::bad_sdp;
        // RFC 8866 §5: <type>=<value>, type one lower-case letter, no NUL/CR in the value.
        if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z' ||
            !sdp_is_text(line))
            return errc::bad_sdp;
        if (!p.line(line[0], line.substr(2)))
            return errc::bad_sdp;
    }
    if (p.at != stage::session && p.at != stage::media)
        return errc::bad_sdp; // v=, o= or s= is missing
    if (p.d.timings.empty())
        p.d.timings.push_back({}); // tolerated: a missing t= reads as "t=0 0"
    return std::move(p.d);
}

} // namespace rvoip::sip
