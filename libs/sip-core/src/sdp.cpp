// The SDP model: attribute lists, the typed readers and setters of media sections, and the
// serializer (RFC 8866 §5 field order).
#include <rvoip/sip/sdp.hpp>

#include "text.hpp"

#include <algorithm>
#include <array>

namespace rvoip::sip::sdp {
namespace {

using detail::iequals;

constexpr std::array<std::pair<std::string_view, direction>, 4> direction_names{{
    {"sendrecv", direction::sendrecv},
    {"sendonly", direction::sendonly},
    {"recvonly", direction::recvonly},
    {"inactive", direction::inactive},
}};

std::optional<direction> direction_of(attribute_list const& attributes) noexcept
{
    for (auto const& a : attributes)
        for (auto const& [name, d] : direction_names)
            if (iequals(a.name, name))
                return d;
    return std::nullopt;
}

void set_direction_of(attribute_list& attributes, direction d)
{
    auto& items = attributes.items();
    auto const is_direction = [](attribute const& a) {
        return std::any_of(direction_names.begin(), direction_names.end(),
                           [&a](auto const& n) { return iequals(a.name, n.first); });
    };
    auto const first = std::find_if(items.begin(), items.end(), is_direction);
    attribute replacement{std::string(to_string(d)), {}, false};
    if (first == items.end()) {
        items.push_back(std::move(replacement));
        return;
    }
    *first = std::move(replacement);
    items.erase(std::remove_if(std::next(first), items.end(), is_direction), items.end());
}

// Replaces the first attribute `name` for which `same` holds, or appends.
template<class Same>
void replace_or_add(attribute_list& attributes, std::string_view name, std::string value, Same same)
{
    for (auto& a : attributes.items()) {
        if (iequals(a.name, name) && same(a)) {
            a.value = std::move(value);
            a.has_value = true;
            return;
        }
    }
    attributes.add(std::string(name), std::move(value));
}

std::optional<std::uint32_t> ptime_of(attribute_list const& attributes, std::string_view name)
{
    if (auto const* a = attributes.find(name))
        if (auto ms = parse_ptime(a->value))
            return *ms;
    return std::nullopt;
}

} // namespace

attribute const* attribute_list::find(std::string_view name) const noexcept
{
    for (auto const& a : items_)
        if (iequals(a.name, name))
            return &a;
    return nullptr;
}

std::vector<attribute const*> attribute_list::find_all(std::string_view name) const
{
    std::vector<attribute const*> out;
    for (auto const& a : items_)
        if (iequals(a.name, name))
            out.push_back(&a);
    return out;
}

void attribute_list::add(std::string name)
{
    items_.push_back({std::move(name), {}, false});
}

void attribute_list::add(std::string name, std::string value)
{
    items_.push_back({std::move(name), std::move(value), true});
}

void attribute_list::set(std::string name, std::string value)
{
    auto const same = [&name](attribute const& a) { return iequals(a.name, name); };
    auto const first = std::find_if(items_.begin(), items_.end(), same);
    if (first == items_.end()) {
        add(std::move(name), std::move(value));
        return;
    }
    *first = {std::move(name), std::move(value), true};
    items_.erase(std::remove_if(std::next(first), items_.end(), same), items_.end());
}

void attribute_list::set_flag(std::string name)
{
    set(name, {});
    for (auto& a : items_)
        if (iequals(a.name, name))
            a.has_value = false;
}

std::size_t attribute_list::remove(std::string_view name)
{
    auto const before = items_.size();
    items_.erase(std::remove_if(items_.begin(), items_.end(),
                                [name](attribute const& a) { return iequals(a.name, name); }),
                 items_.end());
    return before - items_.size();
}

std::optional<rtpmap> media_description::rtpmap_for(int pt) const
{
    for (auto const* a : attributes.find_all("rtpmap"))
        if (auto r = parse_rtpmap(a->value); r && r->payload_type == pt)
            return *r;
    return std::nullopt;
}

std::vector<rtpmap> media_description::rtpmaps() const
{
    std::vector<rtpmap> out;
    for (auto const* a : attributes.find_all("rtpmap"))
        if (auto r = parse_rtpmap(a->value))
            out.push_back(std::move(*r));
    return out;
}

std::optional<fmtp> media_description::fmtp_for(int pt) const
{
    for (auto const* a : attributes.find_all("fmtp"))
        if (auto f = parse_fmtp(a->value); f && f->payload_type() == pt)
            return *f;
    return std::nullopt;
}

std::optional<std::uint32_t> media_description::ptime() const
{
    return ptime_of(attributes, "ptime");
}

std::optional<std::uint32_t> media_description::maxptime() const
{
    return ptime_of(attributes, "maxptime");
}

std::optional<direction> media_description::explicit_direction() const noexcept
{
    return direction_of(attributes);
}

direction media_description::effective_direction(session_description const& s) const noexcept
{
    return explicit_direction().value_or(s.explicit_direction().value_or(direction::sendrecv));
}

std::optional<rtcp> media_description::rtcp_attribute() const
{
    if (auto const* a = attributes.find("rtcp"))
        if (auto r = parse_rtcp(a->value))
            return *r;
    return std::nullopt;
}

bool media_description::rtcp_mux() const noexcept
{
    return attributes.contains("rtcp-mux");
}

std::vector<crypto> media_description::cryptos() const
{
    std::vector<crypto> out;
    for (auto const* a : attributes.find_all("crypto"))
        if (auto c = parse_crypto(a->value))
            out.push_back(std::move(*c));
    return out;
}

connection const*
media_description::effective_connection(session_description const& s) const noexcept
{
    if (!connections.empty())
        return &connections.front();
    return s.connection ? &*s.connection : nullptr;
}

void media_description::set_rtpmap(sdp::rtpmap const& r)
{
    replace_or_add(attributes, "rtpmap", to_string(r), [&r](attribute const& a) {
        auto const old = parse_rtpmap(a.value);
        return old && old->payload_type == r.payload_type;
    });
    auto const pt = std::to_string(r.payload_type);
    if (std::find(formats.begin(), formats.end(), pt) == formats.end())
        formats.push_back(pt);
}

void media_description::set_fmtp(sdp::fmtp const& f)
{
    replace_or_add(attributes, "fmtp", to_string(f), [&f](attribute const& a) {
        auto const old = parse_fmtp(a.value);
        return old && old->format == f.format;
    });
}

void media_description::set_direction(sdp::direction d)
{
    set_direction_of(attributes, d);
}

void media_description::set_ptime(std::uint32_t ms)
{
    attributes.set("ptime", std::to_string(ms));
}

void media_description::set_maxptime(std::uint32_t ms)
{
    attributes.set("maxptime", std::to_string(ms));
}

void media_description::set_rtcp(sdp::rtcp const& r)
{
    attributes.set("rtcp", to_string(r));
}

void media_description::set_rtcp_mux(bool on)
{
    if (on)
        attributes.set_flag("rtcp-mux");
    else
        attributes.remove("rtcp-mux");
}

void media_description::add_crypto(sdp::crypto const& c)
{
    attributes.add("crypto", to_string(c));
}

std::optional<direction> session_description::explicit_direction() const noexcept
{
    return direction_of(attributes);
}

void session_description::set_direction(sdp::direction d)
{
    set_direction_of(attributes, d);
}

namespace {

void line(std::string& out, char type, std::string_view value)
{
    out += type;
    out += '=';
    out += value;
    out += "\r\n";
}

void connection_line(std::string& out, connection const& c)
{
    line(out, 'c', c.nettype + ' ' + c.addrtype + ' ' + c.address);
}

void bandwidth_lines(std::string& out, std::vector<bandwidth> const& bs)
{
    for (auto const& b : bs)
        line(out, 'b', b.type + ':' + std::to_string(b.value));
}

void attribute_lines(std::string& out, attribute_list const& as)
{
    for (auto const& a : as)
        line(out, 'a', a.has_value ? a.name + ':' + a.value : a.name);
}

void media_lines(std::string& out, media_description const& m)
{
    auto first = m.media + ' ' + std::to_string(m.port);
    if (m.port_count)
        first += '/' + std::to_string(*m.port_count);
    first += ' ' + m.proto;
    for (auto const& f : m.formats)
        first += ' ' + f;
    line(out, 'm', first);
    if (m.information)
        line(out, 'i', *m.information);
    for (auto const& c : m.connections)
        connection_line(out, c);
    bandwidth_lines(out, m.bandwidths);
    if (m.key)
        line(out, 'k', *m.key);
    attribute_lines(out, m.attributes);
}

} // namespace

std::string to_string(session_description const& d)
{
    std::string out;
    out.reserve(512);
    line(out, 'v', std::to_string(d.version));
    auto const& o = d.origin;
    line(out, 'o',
         o.username + ' ' + o.session_id + ' ' + o.session_version + ' ' + o.nettype + ' ' +
             o.addrtype + ' ' + o.unicast_address);
    line(out, 's', d.session_name);
    if (d.information)
        line(out, 'i', *d.information);
    if (d.uri)
        line(out, 'u', *d.uri);
    for (auto const& e : d.emails)
        line(out, 'e', e);
    for (auto const& p : d.phones)
        line(out, 'p', p);
    if (d.connection)
        connection_line(out, *d.connection);
    bandwidth_lines(out, d.bandwidths);
    for (auto const& t : d.timings) {
        line(out, 't', std::to_string(t.start) + ' ' + std::to_string(t.stop));
        for (auto const& r : t.repeats)
            line(out, 'r', r);
    }
    if (d.zone_adjustments)
        line(out, 'z', *d.zone_adjustments);
    if (d.key)
        line(out, 'k', *d.key);
    attribute_lines(out, d.attributes);
    for (auto const& m : d.media)
        media_lines(out, m);
    return out;
}

result<void> validate(session_description const& d)
{
    auto const back = parse_sdp(to_string(d));
    if (!back || *back != d)
        return errc::bad_argument;
    return {};
}

} // namespace rvoip::sip::sdp
