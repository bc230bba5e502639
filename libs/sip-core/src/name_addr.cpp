// The name-addr / addr-spec grammar with header parameters (RFC 3261 §25.1), and Contact.
#include <rvoip/sip/name_addr.hpp>

#include "parse_into.hpp"
#include "x3_support.hpp"

#include <cstring>

namespace rvoip::sip {
namespace {

using namespace detail;

// gen-value = token / host / quoted-string; host adds IPv6 references.
auto const gen_value =
    quoted_string | (lit('[') >> +char_if([](char c) { return is_hex(c) || c == ':' || c == '.'; }) >> lit(']')) |
    token;

// An addr-spec outside brackets ends at ';', ',', '?' or whitespace (RFC 3261 §20.10).
auto const bare_uri_chars = +char_if([](char c) {
    auto const u = static_cast<unsigned char>(c);
    return c != '<' && c != '>' && c != ';' && c != ',' && c != '?' && c != '"' && u > 0x20 &&
           u != 0x7F;
});
auto const token_display = token >> *(lws >> token);

} // namespace

std::string name_addr::display_decoded() const
{
    if (!display.empty() && display.front() == '"')
        return unquote(display);
    return std::string(display);
}

namespace {

/// The offset of the '<' that opens a name-addr's URI (skipping a quoted display name), or
/// npos for the addr-spec form. Found by a scan: the grammars then run on the short pieces.
std::size_t find_laquot(std::string_view text) noexcept
{
    std::size_t from = 0;
    std::size_t first = 0;
    while (first < text.size() &&
           (is_wsp(text[first]) || text[first] == '\r' || text[first] == '\n'))
        ++first;
    if (first < text.size() && text[first] == '"') {
        // Skip the quoted-string: quoted-pairs may escape a '"'.
        std::size_t i = first + 1;
        while (i < text.size() && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
        if (i >= text.size())
            return std::string_view::npos;
        from = i + 1;
    }
    // A token display name holds no ';' or '"': one of those first means the addr-spec form,
    // whose quoted parameter values may hold a '<' of their own. (A loop: find_first_of() calls
    // memchr once per byte.)
    for (auto at = from; at < text.size(); ++at) {
        char const c = text[at];
        if (c == '<')
            return at;
        if (c == ';' || c == '"')
            break;
    }
    return std::string_view::npos;
}

/// What the name-addr grammar collects; the tag is picked out while the parameters are parsed
/// (one scan).
struct name_addr_state
{
    std::string_view display, uri_text, params, pname, pvalue, tag;
    bool bad_tag = false;
};
struct name_addr_tag;

template<class Fn>
constexpr auto on_view_(Fn fn)
{
    return on_view<name_addr_tag>(fn);
}

void take_param(name_addr_state& s) noexcept
{
    if (s.pname.size() == 3 && iequals(s.pname, "tag")) {
        // tag-param = "tag" EQUAL token
        // The grammar matched pvalue as gen-value: a token unless it is a quoted-string or an
        // IPv6 reference, whose first bytes ('"', '[') are no token characters.
        if (s.pvalue.empty() || !is_token_byte(s.pvalue.front()))
            s.bad_tag = true;
        else if (s.tag.empty())
            s.tag = s.pvalue;
    }
    s.pvalue = {};
}

auto const param = x3::omit
    [x3::raw[token][on_view_([](name_addr_state& s, std::string_view t) { s.pname = t; })] >>
     -(sws >> lit('=') >> sws >>
       x3::raw[gen_value][on_view_([](name_addr_state& s, std::string_view t) { s.pvalue = t; })])]
    [on_match<name_addr_tag>(take_param)];
auto const params_part =
    x3::raw[*(sws >> lit(';') >> sws >> param)]
           [on_view_([](name_addr_state& s, std::string_view t) { s.params = t; })] >>
    sws;
auto const display_part =
    sws >> -(x3::raw[quoted_string | token_display]
                    [on_view_([](name_addr_state& s, std::string_view t) { s.display = t; })] >>
             sws);
auto const addr_spec_and_params =
    sws >> x3::raw[bare_uri_chars]
                  [on_view_([](name_addr_state& s, std::string_view t) { s.uri_text = t; })] >>
    params_part;

// The scans of the usual shapes below take only what the grammars above match, capturing the
// same pieces; anything else returns false and goes to the grammar. (tests/sip-core/
// fast_path_test.cpp and the URI fuzz target hold the two to agreeing.)

/// The usual display part: nothing, or a quoted-string of plain qdtext, with only SP and HTAB
/// around it.
bool scan_usual_display(std::string_view text, name_addr_state& s) noexcept
{
    std::size_t i = 0;
    while (i < text.size() && is_wsp(text[i]))
        ++i;
    if (i == text.size())
        return true;
    if (text[i] != '"')
        return false;
    std::size_t j = i + 1;
    while (j < text.size() && qdtext.pred(text[j])) // no quote, backslash, CR or LF
        ++j;
    if (j == text.size() || text[j] != '"')
        return false;
    s.display = text.substr(i, j + 1 - i);
    for (++j; j < text.size(); ++j)
        if (!is_wsp(text[j]))
            return false;
    return true;
}

/// The usual parameters: *( ";" token [ "=" ( token / quoted-string of plain qdtext ) ] ) with
/// no whitespace, each handed to take_param() as the grammar's action would.
bool scan_usual_params(std::string_view text, name_addr_state& s, char const* readable) noexcept
{
    std::size_t i = 0;
    auto token_run = [&] {
        auto const from = i;
        i = static_cast<std::size_t>(run_end(text.data() + i, text.data() + text.size(), readable,
                                             alnum_dash_dot{}, [](char c) { return is_token_byte(c); }) -
                                     text.data());
        return text.substr(from, i - from);
    };
    while (i < text.size() && text[i] == ';') {
        ++i;
        s.pname = token_run();
        if (s.pname.empty())
            return false;
        if (i < text.size() && text[i] == '=') {
            ++i;
            if (i < text.size() && text[i] == '"') {
                // +sip.instance="<urn:uuid:...>" (RFC 5626)
                auto const from = i++;
                // no quote, backslash, CR or LF
                i = static_cast<std::size_t>(run_end(text.data() + i, text.data() + text.size(),
                                                     readable, plain_quoted_text{}, qdtext.pred) -
                                             text.data());
                if (i == text.size() || text[i] != '"')
                    return false;
                s.pvalue = text.substr(from, ++i - from);
            } else {
                s.pvalue = token_run();
                if (s.pvalue.empty())
                    return false;
            }
        }
        take_param(s);
    }
    s.params = text.substr(0, i);
    return i == text.size();
}

/// The usual addr-spec form: the URI straight away, then the usual parameters.
bool scan_usual_addr_spec(std::string_view text, name_addr_state& s, char const* readable) noexcept
{
    std::size_t i = 0;
    while (i < text.size() && bare_uri_chars.pred(text[i]))
        ++i;
    if (i == 0)
        return false;
    s.uri_text = text.substr(0, i);
    return scan_usual_params(text.substr(i), s, readable);
}

/// The grammar afresh after a scan gave up: forget what the scan picked out.
void forget_params(name_addr_state& s) noexcept
{
    s.params = s.pname = s.pvalue = s.tag = {};
    s.bad_tag = false;
}

/// `usual_only`: the scans of the usual shapes without the grammars after them (an error where
/// a scan gives up).
errc parse_name_addr_with(std::string_view text, name_addr& out, bool usual_first, bool padded,
                          bool usual_only = false) noexcept
{
    if (text.empty())
        return errc::bad_header_value;
    out.text = text;
    name_addr_state s;
    auto const readable = text.data() + text.size() + (padded ? 16 : 0);
    auto const lt = find_laquot(text);
    if (lt != std::string_view::npos) {
        // name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
        auto const gt = static_cast<std::size_t>(
            find_byte(text.data() + lt + 1, text.data() + text.size(), '>') - text.data());
        if (gt == text.size())
            return errc::bad_header_value;
        auto const display = text.substr(0, lt);
        if (!(usual_first && scan_usual_display(display, s))) {
            if (usual_only)
                return errc::bad_header_value;
            s.display = {};
            if (!parse_all_with<name_addr_tag>(display, display_part, s))
                return errc::bad_header_value;
        }
        s.uri_text = text.substr(lt + 1, gt - lt - 1);
        auto const params = text.substr(gt + 1);
        if (!(usual_first && scan_usual_params(params, s, readable))) {
            if (usual_only)
                return errc::bad_header_value;
            forget_params(s);
            if (!parse_all_with<name_addr_tag>(params, params_part, s))
                return errc::bad_header_value;
        }
        out.angle_brackets = true;
    } else if (!(usual_first && scan_usual_addr_spec(text, s, readable))) {
        if (usual_only)
            return errc::bad_header_value;
        forget_params(s);
        s.uri_text = {};
        if (!parse_all_with<name_addr_tag>(text, addr_spec_and_params, s))
            return errc::bad_header_value;
    }
    if (s.bad_tag)
        return errc::bad_header_value;
    // The URI is followed by at least '>' or the rest of the value: padded as the value is.
    if (!(!usual_first ? parse_uri_grammar_into(s.uri_text, out.uri)
          : padded     ? parse_uri_padded_into(s.uri_text, out.uri)
                       : parse_uri_into(s.uri_text, out.uri)))
        return errc::bad_uri;
    out.display = s.display;
    out.params = s.params;
    out.tag = s.tag;
    return errc{};
}

} // namespace

namespace detail {

errc parse_name_addr_into(std::string_view text, name_addr& out) noexcept
{
    return parse_name_addr_with(text, out, true, false);
}

errc parse_name_addr_padded_into(std::string_view text, name_addr& out) noexcept
{
    return parse_name_addr_with(text, out, true, true);
}

errc parse_name_addr_grammar_into(std::string_view text, name_addr& out) noexcept
{
    return parse_name_addr_with(text, out, false, false);
}

namespace {

/// contact-param's "*" (RFC 3261 §20.10), else the address by `parse_address`.
errc parse_contact_with(std::string_view text, contact& c,
                        errc (*parse_address)(std::string_view, name_addr&) noexcept) noexcept
{
    if (trim_lws(text) == "*") {
        c.star = true;
        c.address.text = text;
        return errc{};
    }
    return parse_address(text, c.address);
}

} // namespace

errc parse_contact_into(std::string_view text, contact& c) noexcept
{
    return parse_contact_with(text, c, parse_name_addr_into);
}

bool parse_usual_name_addr_padded_into(std::string_view text, name_addr& out) noexcept
{
    // The split trims LWS around a value: a field with any is left to it.
    auto const is_lws = [](char c) { return is_wsp(c) || c == '\r' || c == '\n'; };
    return !text.empty() && !is_lws(text.front()) && !is_lws(text.back()) &&
           parse_name_addr_with(text, out, true, true, true) == errc{};
}

bool parse_usual_contact_padded_into(std::string_view text, contact& c) noexcept
{
    return parse_usual_name_addr_padded_into(text, c.address);
}

errc parse_contact_padded_into(std::string_view text, contact& c) noexcept
{
    return parse_contact_with(text, c, parse_name_addr_padded_into);
}

} // namespace detail

result<name_addr> parse_name_addr(std::string_view text) noexcept
{
    result<name_addr> r; // the value is written in place (see parse_into.hpp)
    if (auto const e = detail::parse_name_addr_into(text, *r); e != errc{})
        r = e;
    return r;
}

std::optional<std::uint16_t> contact::q() const noexcept
{
    auto const v = address.parameters().value("q");
    auto const q = detail::parse_qvalue(v);
    if (q < 0)
        return std::nullopt;
    return static_cast<std::uint16_t>(q);
}

std::optional<std::uint32_t> contact::expires() const noexcept
{
    std::uint64_t v = 0;
    if (!detail::parse_uint(address.parameters().value("expires"), 0xFFFFFFFFu, v))
        return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

result<contact> parse_contact(std::string_view text) noexcept
{
    result<contact> r;
    if (auto const e = detail::parse_contact_into(text, *r); e != errc{})
        r = e;
    return r;
}

} // namespace rvoip::sip
