// The start-line and Call-ID grammars (RFC 3261 §7.1, §7.2, §25.1).
#include "start_line.hpp"

#include "x3_support.hpp"

#include <cstring>

namespace rvoip::sip::detail {
namespace {

// SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; "SIP" is case-insensitive (RFC 3261 §7.1).
auto const version_grammar = ci("SIP") >> lit('/') >> +digit >> lit('.') >> +digit;

// Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB):
// anything but control characters.
bool valid_reason(std::string_view r) noexcept
{
    for (char c : r) {
        auto const u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F)
            return false;
    }
    return true;
}

bool has_blank(std::string_view s) noexcept
{
    auto const* const end = s.data() + s.size();
    return find_byte(s.data(), end, ' ') != end || find_byte(s.data(), end, '\t') != end;
}

/// SIP-Version: "SIP/2.0" as nearly every peer writes it, else the grammar.
bool valid_version(std::string_view v) noexcept
{
    return v == "SIP/2.0" || parse_all(v, version_grammar);
}

start_line fail(start_line s, errc e, std::size_t column) noexcept
{
    s.error = e;
    s.error_column = column;
    return s;
}

start_line parse_status_line(std::string_view line) noexcept
{
    start_line s;
    auto const sp1 = line.find(' ');
    s.version = line.substr(0, sp1);
    if (!valid_version(s.version))
        return fail(s, errc::bad_version, 0);
    if (sp1 == std::string_view::npos)
        return fail(s, errc::bad_status_code, line.size());
    auto rest = line.substr(sp1 + 1);
    std::string_view code;
    if (!parse_all(rest.substr(0, 3), x3::raw[digit >> digit >> digit][set_view(code)]) ||
        (rest.size() > 3 && rest[3] != ' '))
        return fail(s, errc::bad_status_code, sp1 + 1);
    s.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    if (s.status < 100 || s.status > 699)
        return fail(s, errc::bad_status_code, sp1 + 1);
    // RFC 4475 "noreason": an empty Reason-Phrase, with or without its SP, is accepted.
    s.reason = rest.size() > 4 ? rest.substr(4) : std::string_view{};
    if (!valid_reason(s.reason))
        return fail(s, errc::bad_reason_phrase, sp1 + 5);
    if (s.version.substr(4) != "2.0")
        return fail(s, errc::unsupported_version, 0);
    return s;
}

start_line parse_request_line(std::string_view line) noexcept
{
    start_line s;
    s.request = true;
    auto const sp1 = line.find(' ');
    auto const sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp1 == sp2)
        return fail(s, errc::bad_start_line, sp1 == std::string_view::npos ? line.size() : sp1);
    s.method = line.substr(0, sp1);
    if (!parse_all(s.method, token))
        return fail(s, errc::bad_method, 0);
    s.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    // Exactly one SP on each side of the Request-URI (RFC 4475 "lwsruri", "lwsstart").
    if (s.uri.empty() || has_blank(s.uri))
        return fail(s, errc::bad_request_uri, sp1 + 1);
    s.version = line.substr(sp2 + 1);
    if (!valid_version(s.version))
        return fail(s, errc::bad_version, sp2 + 1);
    if (s.version.substr(4) != "2.0")
        return fail(s, errc::unsupported_version, sp2 + 1);
    return s;
}

} // namespace

start_line parse_start_line(std::string_view line) noexcept
{
    if (line.size() >= 4 && iequals(line.substr(0, 4), "SIP/"))
        return parse_status_line(line);
    return parse_request_line(line);
}

namespace {
// word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" /
//        "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}")
struct word_table
{
    bool value[256] = {};
    constexpr word_table()
    {
        for (int c = 0; c < 256; ++c)
            value[c] = is_token_char(static_cast<char>(c));
        for (char c : std::string_view("()<>:\\\"/[]?{}"))
            value[static_cast<unsigned char>(c)] = true;
    }
};
constexpr word_table word_chars{};
auto const word = fast_run<alnum_dash_dot>([](char c) { return word_chars.value[static_cast<unsigned char>(c)]; });
auto const call_id_grammar = word >> -(lit('@') >> word);
} // namespace

bool valid_call_id(std::string_view value) noexcept
{
    return parse_all(value, call_id_grammar);
}

} // namespace rvoip::sip::detail
