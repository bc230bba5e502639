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

bool delta_seconds(std::string_view v) noexcept
{
    std::uint64_t n = 0;
    return parse_uint(v, 0xFFFFFFFFu, n);
}

/// Control characters are not allowed in any header value (RFC 3261 §25.1 TEXT-UTF8char),
/// except HTAB, folds, and any byte as a quoted-pair.
bool no_controls(std::string_view v) noexcept
{
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto const u = static_cast<unsigned char>(v[i]);
        if (v[i] == '\\') {
            ++i;
            continue;
        }
        if ((u < 0x20 && v[i] != '\t' && v[i] != '\r' && v[i] != '\n') || u == 0x7F)
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
    switch (id) {
    case header_id::date:
        return valid_sip_date(value) ? errc{} : errc::bad_header_value;
    case header_id::contact:
        return each_value(value, parse_contact);
    case header_id::route:
    case header_id::record_route:
    case header_id::path:
    case header_id::service_route:
        return each_value(value, parse_name_addr);
    case header_id::reply_to:
    case header_id::refer_to:
    case header_id::referred_by:
        return parse_name_addr(value) ? errc{} : errc::bad_header_value;
    case header_id::max_forwards: {
        std::uint64_t n = 0;
        return parse_uint(value, 255, n) ? errc{} : errc::bad_header_value;
    }
    case header_id::expires:
    case header_id::min_expires:
    case header_id::rseq:
        return delta_seconds(value) ? errc{} : errc::bad_header_value;
    default:
        return errc{};
    }
}

} // namespace rvoip::sip::detail
