// The media-type and media-range grammars (RFC 3261 §25.1).
#include <rvoip/sip/content_type.hpp>

#include "header_grammar.hpp"
#include "parse_into.hpp"

namespace rvoip::sip {
namespace {

using namespace detail;

auto const m_parameter = token >> equal >> (quoted_string | token);

/// The usual shape, type "/" subtype *( ";" token "=" ( token / plain quoted-string ) ) with no
/// whitespace: what both parameter grammars below match, with the same pieces. False for
/// anything else, which goes to the grammar. (tests/sip-core/fast_path_test.cpp)
bool scan_usual_type(std::string_view text, media_type& out) noexcept
{
    char const* p = text.data();
    char const* const end = p + text.size();
    auto const token_byte = [](char c) { return is_token_byte(c); };
    auto token_run = [&] {
        auto const from = p;
        p = run_end(p, end, alnum_dash_dot{}, token_byte);
        return std::string_view(from, static_cast<std::size_t>(p - from));
    };
    out.type = token_run();
    if (out.type.empty() || p == end || *p++ != '/')
        return false;
    out.subtype = token_run();
    if (out.subtype.empty())
        return false;
    auto const params = p;
    while (p != end && *p == ';') {
        ++p;
        if (token_run().empty() || p == end || *p++ != '=')
            return false;
        if (p != end && *p == '"') {
            p = run_end(p + 1, end, plain_quoted_text{}, qdtext.pred);
            if (p == end || *p++ != '"')
                return false;
        } else if (token_run().empty()) {
            return false;
        }
    }
    out.params = std::string_view(params, static_cast<std::size_t>(p - params));
    return p == end;
}

/// Shared by both parsers: `param` is the parameter grammar after each SEMI.
template<class Param>
bool parse_type(std::string_view text, media_type& out, Param const& param,
                bool usual_first = true) noexcept
{
    out.text = text;
    if (usual_first && scan_usual_type(text, out))
        return true;
    out.type = out.subtype = out.params = {};
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

errc parse_media_type_grammar_into(std::string_view text, media_type& m) noexcept
{
    if (!parse_type(text, m, m_parameter, false) || m.type == "*" || m.subtype == "*")
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
