// Formats of m-lines: rtpmap or RFC 3551 static payload types.
#include "sdp_formats.hpp"

#include <charconv>

namespace rvoip::session::detail {

namespace {

struct static_format
{
    int pt;
    std::string_view name;
    std::uint32_t clock;
};

// RFC 3551 Table 4, the audio entries with a fixed clock rate.
constexpr static_format static_formats[] = {
    {0, "PCMU", 8000}, {3, "GSM", 8000},  {4, "G723", 8000}, {5, "DVI4", 8000}, {6, "DVI4", 16000},
    {7, "LPC", 8000},  {8, "PCMA", 8000}, {9, "G722", 8000}, {12, "QCELP", 8000}, {13, "CN", 8000},
    {15, "G728", 8000}, {18, "G729", 8000},
};

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

known_codec const* find_codec(std::string_view name) noexcept
{
    for (auto const& c : known_codecs)
        if (iequals(c.name, name))
            return &c;
    return nullptr;
}

sip::sdp::session_description skeleton(local_media const& local)
{
    sip::sdp::session_description d;
    bool const v6 = local.address.find(':') != std::string::npos;
    d.origin.addrtype = v6 ? "IP6" : "IP4";
    d.origin.unicast_address = local.address;
    d.connection = sip::sdp::connection{"IN", v6 ? "IP6" : "IP4", local.address};
    return d;
}

std::optional<format_info> format_of(sip::sdp::media_description const& m, std::string_view fmt)
{
    int pt = -1;
    auto const [end, ec] = std::from_chars(fmt.data(), fmt.data() + fmt.size(), pt);
    if (ec != std::errc{} || end != fmt.data() + fmt.size() || pt < 0 || pt > 127)
        return std::nullopt;
    // The rtpmap readers return owned strings; find the attribute itself so the name can be a
    // view into the description.
    for (auto const* a : m.attributes.find_all("rtpmap")) {
        auto const r = sip::sdp::parse_rtpmap(a->value);
        if (!r || r->payload_type != pt)
            continue;
        auto const value = std::string_view{a->value};
        auto const at = value.find(r->encoding_name);
        if (at == std::string_view::npos)
            continue;
        return format_info{pt, value.substr(at, r->encoding_name.size()), r->clock_rate};
    }
    for (auto const& s : static_formats)
        if (s.pt == pt)
            return format_info{pt, s.name, s.clock};
    return std::nullopt;
}

std::optional<format_info> find_format(sip::sdp::media_description const& m, std::string_view name,
                                       std::uint32_t clock)
{
    for (auto const& fmt : m.formats) {
        auto const f = format_of(m, fmt);
        if (f && iequals(f->name, name) && f->clock == clock)
            return f;
    }
    return std::nullopt;
}

} // namespace rvoip::session::detail
