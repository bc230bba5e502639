#pragma once
// Helpers for the lazily parsed typed headers of message: reading a cached lazy_value or
// lazy_list as a result, and filling one on first access. Private: include only from the
// message sources.

#include "message_impl.hpp"

#include <span>
#include <string_view>

namespace rvoip::sip::detail {

/// The cached value as a result: the value, errc::header_not_found, or the parse error.
template<class T>
result<T> lazy_result(lazy_value<T> const& v)
{
    switch (v.state) {
    case lazy::present: return v.value;
    case lazy::absent: return errc::header_not_found;
    default: return v.error;
    }
}

/// The cached list as a result: a span over the values, errc::header_not_found, or the first
/// parse error.
template<class T, std::size_t N>
result<std::span<T const>> lazy_result(lazy_list<T, N> const& l)
{
    switch (l.state) {
    case lazy::present: return std::span<T const>(l.values.data(), l.values.size());
    case lazy::absent: return errc::header_not_found;
    default: return l.error;
    }
}

/// Fills a lazy value from the first field with this id, parsing it with `parse`.
template<class T, class Parse>
void fill_value(message const& msg, header_id id, lazy_value<T>& v, Parse parse)
{
    if (v.state != lazy::unparsed)
        return;
    auto const f = msg.find(id);
    if (!f) {
        v.state = lazy::absent;
        return;
    }
    auto parsed = parse(f->value);
    if (!parsed) {
        v.state = lazy::malformed;
        v.error = static_cast<errc>(parsed.error().value());
        return;
    }
    v.set(*parsed);
}

/// Fills a lazy list from every value of a list header, parsing each with `parse`.
template<class T, std::size_t N, class Parse>
void fill_list(message const& msg, header_id id, lazy_list<T, N>& l, Parse parse)
{
    if (l.state != lazy::unparsed)
        return;
    l.state = lazy::absent;
    msg.for_each_value(id, [&](std::string_view v) {
        if (l.state == lazy::malformed)
            return;
        auto parsed = parse(v);
        if (!parsed) {
            l.state = lazy::malformed;
            l.error = static_cast<errc>(parsed.error().value());
            l.values.clear();
            return;
        }
        l.state = lazy::present;
        l.values.push_back(*parsed);
    });
}

/// fill_list() with a parser that writes each value into the list's new element,
/// `parse_into(text, T&) -> errc` (errc{} on success; see parse_into.hpp).
template<class T, std::size_t N, class ParseInto>
void fill_list_into(message const& msg, header_id id, lazy_list<T, N>& l, ParseInto parse_into)
{
    if (l.state != lazy::unparsed)
        return;
    l.state = lazy::absent;
    msg.for_each_value(id, [&](std::string_view v) {
        if (l.state == lazy::malformed)
            return;
        l.values.emplace_back();
        if (auto const e = parse_into(v, l.values.back()); e != errc{}) {
            l.state = lazy::malformed;
            l.error = e;
            l.values.clear();
            return;
        }
        l.state = lazy::present;
    });
}

} // namespace rvoip::sip::detail
