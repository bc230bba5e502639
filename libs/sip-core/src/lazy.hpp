#pragma once
// Helpers for the lazily parsed typed headers of message: reading a cached lazy_value or
// lazy_list as a result, and filling one on first access. Private: include only from the
// message sources.

#include "message_impl.hpp"

#include <rvoip/sip/token_list.hpp>

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

/// fill_value() with a parser that writes into the cached value itself,
/// `parse_into(text, T&) -> errc` (errc{} on success; see parse_into.hpp).
template<class T, class ParseInto>
void fill_value_into(message const& msg, header_id id, lazy_value<T>& v, ParseInto parse_into)
{
    if (v.state != lazy::unparsed)
        return;
    auto const f = msg.find(id);
    if (!f) {
        v.state = lazy::absent;
        return;
    }
    if (auto const e = parse_into(f->value, *std::construct_at(&v.value)); e != errc{}) {
        v.state = lazy::malformed;
        v.error = e;
        return;
    }
    v.state = lazy::present;
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

/// Calls `fn(value)` with the value of each field with this id, in order, until the list being
/// filled turns out malformed.
template<class T, std::size_t N, class Fn>
void for_each_field(message const& msg, header_id id, lazy_list<T, N> const& l, Fn&& fn)
{
    auto left = msg.count(id);
    for (std::size_t i = msg.first_index(id), n = msg.header_count(); left > 0 && i < n; ++i) {
        auto const f = msg.header(i);
        if (f.id != id)
            continue;
        --left;
        if (l.state == lazy::malformed)
            return;
        fn(f.value);
    }
}

/// Matches a whole field value as token *( COMMA token ) (LWS allowed around it), handing each
/// token to `take(out, token)` as the grammar matches it. False when the value is not exactly
/// that; tokens may have been handed over by then. (token_list.cpp)
bool take_token_list(std::string_view value, void (*take)(void*, std::string_view),
                     void* out) noexcept;

/// Selects the token-list fill_list() below: parse_token() on every value of the list.
struct token_list_parser
{
};

/// fill_list(msg, id, l, parse_token) with one grammar pass per field: a field that is a clean
/// token list has its tokens stored as they are matched; any other field (an empty element, a
/// bad token) is split and checked value by value as fill_list() does, so the values and the
/// error are the same.
template<std::size_t N>
void fill_list(message const& msg, header_id id, lazy_list<std::string_view, N>& l,
               token_list_parser)
{
    if (l.state != lazy::unparsed)
        return;
    l.state = lazy::absent;
    auto const each_value = [&](std::string_view v) {
        if (l.state == lazy::malformed)
            return;
        auto parsed = parse_token(v);
        if (!parsed) {
            l.state = lazy::malformed;
            l.error = static_cast<errc>(parsed.error().value());
            l.values.clear();
            return;
        }
        l.state = lazy::present;
        l.values.push_back(*parsed);
    };
    for_each_field(msg, id, l, [&](std::string_view value) {
        auto const before = l.values.size();
        auto const push = [](void* out, std::string_view t) {
            static_cast<small_vector<std::string_view, N>*>(out)->push_back(t);
        };
        if (take_token_list(value, push, &l.values)) {
            l.state = lazy::present;
            return;
        }
        l.values.resize(before);
        for_each_list_value(value, each_value); // every token-list header is a list header
    });
}

/// Parses one list value into the list's new element with `parse_into(text, T&) -> errc`; the
/// first failure makes the list malformed (and empty) and ends it.
template<class T, std::size_t N, class ParseInto>
void append_parsed(lazy_list<T, N>& l, std::string_view v, ParseInto const& parse_into)
{
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
}

/// fill_list() with a parser that writes each value into the list's new element,
/// `parse_into(text, T&) -> errc` (errc{} on success; see parse_into.hpp).
template<class T, std::size_t N, class ParseInto>
void fill_list_into(message const& msg, header_id id, lazy_list<T, N>& l, ParseInto parse_into)
{
    if (l.state != lazy::unparsed)
        return;
    l.state = lazy::absent;
    msg.for_each_value(id, [&](std::string_view v) { append_parsed(l, v, parse_into); });
}

/// fill_list_into() that first offers each whole field to `whole(text, T&) -> bool`, a parser of
/// one value that succeeds only where the list split would find that one value and
/// `parse_into` would give the same: such a field skips the split.
template<class T, std::size_t N, class Whole, class ParseInto>
void fill_list_into(message const& msg, header_id id, lazy_list<T, N>& l, Whole whole,
                    ParseInto parse_into)
{
    if (l.state != lazy::unparsed)
        return;
    l.state = lazy::absent;
    auto const each_value = [&](std::string_view v) { append_parsed(l, v, parse_into); };
    for_each_field(msg, id, l, [&](std::string_view value) {
        if (whole(value, l.values.emplace_back())) {
            l.state = lazy::present;
            return;
        }
        l.values.pop_back();
        for_each_list_value(value, each_value);
    });
}

} // namespace rvoip::sip::detail
