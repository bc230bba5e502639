// The media-type and media-range grammars (RFC 3261 §25.1).
#include <rvoip/sip/content_type.hpp>

#include "header_grammar.hpp"
#include "parse_into.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const m_parameter = token >> equal >> (quoted_string | token);

/// Shared by both parsers: `param` is the parameter grammar after each SEMI.
template<class Param>
bool parse_type(std::string_view text, media_type& out, Param const& param) noexcept
{
    out.text = text;
    auto const grammar = sws >> x3::raw[token][set_view(out.type)] >> slash >>
                         x3::raw[token][set_view(out.subtype)] >>
                         x3::raw[*(semi >> param)][set_view(out.params)] >> sws;
    return parse_all(text, grammar);
}

} // namespace

bool media_type::is(std::string_view type_name, std::string_view subtype_name) const noexcept
{
    return iequals(type, type_name) && iequals(subtype, subtype_name);
}

bool media_type::matches(std::string_view type_name, std::string_view subtype_name) const noexcept
{
    if (type == "*")
        return true;
    return iequals(type, type_name) && (subtype == "*" || iequals(subtype, subtype_name));
}

std::optional<std::uint16_t> media_type::q() const noexcept
{
    auto const v = parameters().value("q");
    auto const q = parse_qvalue(v);
    if (q < 0)
        return std::nullopt;
    return static_cast<std::uint16_t>(q);
}

namespace detail {

errc parse_media_type_into(std::string_view text, media_type& m) noexcept
{
    // "*" is a token character, but a wildcard is no media type (RFC 3261 §20.15).
    if (!parse_type(text, m, m_parameter) || m.type == "*" || m.subtype == "*")
        return errc::bad_header_value;
    return errc{};
}

} // namespace detail

result<media_type> parse_media_type(std::string_view text) noexcept
{
    result<media_type> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_media_type_into(text, *r); e != errc{})
        r = e;
    return r;
}

result<media_type> parse_media_range(std::string_view text) noexcept
{
    media_type m;
    // accept-param allows generic-param, which covers m-parameter and flags alike.
    if (!parse_type(text, m, generic_param))
        return errc::bad_header_value;
    // media-range: "*/*" or type/"*" or type/subtype; a wildcard type needs a wildcard subtype.
    if (m.type == "*" && m.subtype != "*")
        return errc::bad_header_value;
    return m;
}

} // namespace rvoip::sip
