// Strict validation: each header value with a known grammar is parsed once at the boundary.
#include "validate.hpp"

#include <rvoip/sip/message.hpp>

#include "x3_support.hpp"

namespace rvoip::sip::detail {
namespace {

template<class Parse>
errc each_value(std::string_view value, Parse parse) noexcept
{
    errc result{};
    bool any = false;
    for_each_list_value(value, [&](std::string_view v) {
        any = true;
        if (result != errc{})
            return;
        if (auto r = parse(v); !r)
            result = errc::bad_header_value;
    });
    return any ? result : errc::bad_header_value;
}

/// Control characters are not allowed in any header value (RFC 3261 §25.1 TEXT-UTF8char),
/// except HTAB, folds, and any byte as a quoted-pair.
bool no_controls(std::string_view v) noexcept
{
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto const u = static_cast<unsigned char>(v[i]);
        if (u >= 0x20 && u != 0x7F)
            continue; // the common case: one compare per byte
        if (v[i] == '\t' || v[i] == '\r' || v[i] == '\n')
            continue;
        // A control byte is allowed only as a quoted-pair.
        if (i == 0 || v[i - 1] != '\\')
            return false;
    }
    return true;
}

} // namespace

bool valid_sip_date(std::string_view value) noexcept
{
    auto const wkday = ci("Mon") | ci("Tue") | ci("Wed") | ci("Thu") | ci("Fri") | ci("Sat") | ci("Sun");
    auto const month = ci("Jan") | ci("Feb") | ci("Mar") | ci("Apr") | ci("May") | ci("Jun") |
                       ci("Jul") | ci("Aug") | ci("Sep") | ci("Oct") | ci("Nov") | ci("Dec");
    auto const d2 = digit >> digit;
    auto const grammar = wkday >> lit(',') >> lit(' ') >> d2 >> lit(' ') >> month >> lit(' ') >>
                         d2 >> d2 >> lit(' ') >> d2 >> lit(':') >> d2 >> lit(':') >> d2 >>
                         lit(' ') >> x3::lit("GMT");
    return parse_all(value, grammar);
}

errc validate_header(header_id id, std::string_view value) noexcept
{
    if (!no_controls(value))
        return errc::bad_header_value;
    if (id == header_id::date && !valid_sip_date(value))
        return errc::bad_header_value;
    if ((id == header_id::path || id == header_id::service_route || id == header_id::reply_to) &&
        each_value(value, parse_name_addr) != errc{})
        return errc::bad_header_value;
    return errc{};
}

} // namespace rvoip::sip::detail
