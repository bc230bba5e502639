#pragma once
// Building blocks for the Spirit X3 grammars of sip-core. Private: include only from .cpp files.
//
// The grammars work on `char const*` ranges and capture text with raw[] into string_views, so
// parsing never copies. Character classes are our own predicate parsers rather than X3's
// encoding-based ones, which assert (or are undefined) on bytes above 0x7F, and bytes above
// 0x7F are exactly what a hostile peer sends.

#include "scan.hpp"
#include "text.hpp"

#include <boost/spirit/home/x3.hpp>

#include <string_view>

namespace rvoip::sip::detail {

namespace x3 = boost::spirit::x3;
using iterator = char const*;

/// Matches one character for which Pred holds.
template<class Pred>
struct char_if_parser : x3::parser<char_if_parser<Pred>>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    Pred pred;
    constexpr explicit char_if_parser(Pred p) : pred(p) {}

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        if (first != last && pred(*first)) {
            ++first;
            return true;
        }
        return false;
    }
};

template<class Pred>
constexpr auto char_if(Pred p)
{
    return char_if_parser<Pred>(p);
}

/// A run of characters for which Pred holds: what +char_if(p) (AtLeastOne) and *char_if(p)
/// match, as one loop. X3's plus and kleene call the subject once per character through their
/// generic container machinery; the runs (tokens, hosts, parameter values) are most of the bytes
/// a grammar sees, so they get the tightest loop.
template<class Pred, bool AtLeastOne>
struct char_run_parser : x3::parser<char_run_parser<Pred, AtLeastOne>>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    Pred pred;
    constexpr explicit char_run_parser(Pred p) : pred(p) {}

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        It i = first;
        while (i != last && pred(*i))
            ++i;
        if (AtLeastOne && i == first)
            return false;
        first = i;
        return true;
    }
};

/// A run of at least one character for which Pred holds, found by run_end(): sixteen bytes per
/// step while they are in the Fast subset of the class (see scan.hpp). The same match as
/// +char_if(p), for the classes whose runs are long (tokens, words, values).
template<class Fast, class Pred>
struct fast_run_parser : x3::parser<fast_run_parser<Fast, Pred>>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    Pred pred;
    constexpr explicit fast_run_parser(Pred p) : pred(p) {}

    template<class Ctx, class RCtx, class Attr>
    bool parse(char const*& first, char const* const& last, Ctx const&, RCtx&, Attr&) const
    {
        auto const i = run_end(first, last, Fast{}, pred);
        if (i == first)
            return false;
        first = i;
        return true;
    }
};

template<class Fast, class Pred>
constexpr auto fast_run(Pred p)
{
    return fast_run_parser<Fast, Pred>(p);
}

/// +char_if(p) and *char_if(p) build the run parser (found by argument-dependent lookup and
/// preferred to X3's generic operators as the more specialised overloads).
template<class Pred>
constexpr auto operator+(char_if_parser<Pred> const& p)
{
    return char_run_parser<Pred, true>(p.pred);
}

template<class Pred>
constexpr auto operator*(char_if_parser<Pred> const& p)
{
    return char_run_parser<Pred, false>(p.pred);
}

/// Matches a literal ASCII string case-insensitively ("sip", "SIP/2.0").
struct ci_lit_parser : x3::parser<ci_lit_parser>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    std::string_view text;
    constexpr explicit ci_lit_parser(std::string_view t) : text(t) {}

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        if (static_cast<std::size_t>(last - first) < text.size())
            return false;
        if (!iequals(std::string_view(&*first, text.size()), text))
            return false;
        first += static_cast<std::ptrdiff_t>(text.size());
        return true;
    }
};

constexpr ci_lit_parser ci(std::string_view t)
{
    return ci_lit_parser(t);
}

/// Matches a literal exactly (no skipper, no attribute).
inline auto lit(char c)
{
    return x3::lit(c);
}

// Character classes of RFC 3261 §25.1.
inline constexpr auto digit = char_if([](char c) { return is_digit(c); });
inline constexpr auto hexdig = char_if([](char c) { return is_hex(c); });
inline constexpr auto alpha = char_if([](char c) { return is_alpha(c); });
inline constexpr auto alnum = char_if([](char c) { return is_alnum(c); });
inline constexpr auto token_char = char_if([](char c) { return is_token_byte(c); });
inline constexpr auto wsp = char_if([](char c) { return is_wsp(c); });

/// LWS = [*WSP CRLF] 1*WSP (a line fold); SWS = [LWS]. Our own input has folds left in place,
/// so the grammars accept them wherever RFC 3261 allows LWS (a bare LF line end included, as
/// the framer accepts one). It matches what (*wsp >> -'\r' >> '\n' >> +wsp) | +wsp would, as
/// one primitive: the grammars try SWS around every separator, nearly always where there is
/// no whitespace at all, and this says so after one compare.
template<bool Optional> struct lws_parser : x3::parser<lws_parser<Optional>>
{
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template<class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const
    {
        It i = first;
        while (i != last && is_wsp(*i))
            ++i;
        // A fold: *WSP [CR] LF 1*WSP.
        It j = i;
        if (j != last && *j == '\r')
            ++j;
        if (j != last && *j == '\n') {
            ++j;
            if (j != last && is_wsp(*j)) {
                while (j != last && is_wsp(*j))
                    ++j;
                first = j;
                return true;
            }
        }
        // No fold: 1*WSP, or nothing for SWS.
        if (i == first)
            return Optional;
        first = i;
        return true;
    }
};
inline constexpr lws_parser<false> lws{};
inline constexpr lws_parser<true> sws{};
inline constexpr auto token = fast_run<alnum_dash_dot>([](char c) { return is_token_byte(c); });

/// quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE, where qdtext is any byte but
/// DQUOTE, backslash and control characters (UTF-8 allowed), and quoted-pair escapes any byte
/// but CR and LF.
inline constexpr auto qdtext = char_if([](char c) {
    auto const u = static_cast<unsigned char>(c);
    return c != '"' && c != '\\' && (u >= 0x20 || c == '\t') && u != 0x7F;
});
inline constexpr auto quoted_pair_char = char_if([](char c) { return c != '\r' && c != '\n'; });
inline auto const quoted_string =
    x3::lit('"') >> *(qdtext | lws | (x3::lit('\\') >> quoted_pair_char)) >> x3::lit('"');

/// A semantic action that stores the matched range of a raw[] directive as a string_view.
inline auto set_view(std::string_view& dst)
{
    return [&dst](auto& ctx) {
        auto const& r = x3::_attr(ctx);
        dst = std::string_view(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    };
}

/// The range matched by the raw[] directive a semantic action is attached to.
template<class Ctx> std::string_view matched(Ctx& ctx)
{
    auto const& r = x3::_attr(ctx);
    return std::string_view(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
}

/// A semantic action for raw[] that calls `fn(state, view)` with the matched range and the
/// per-call state that parse_all_with() put in the context under Tag. Grammars built from it
/// are namespace-scope constants: nothing is composed (copied) per call.
template<class Tag, class Fn>
constexpr auto on_view(Fn fn)
{
    return [fn](auto& ctx) { fn(x3::get<Tag>(ctx), matched(ctx)); };
}

/// A semantic action that calls `fn(state)` (for directives without an attribute).
template<class Tag, class Fn>
constexpr auto on_match(Fn fn)
{
    return [fn](auto& ctx) { fn(x3::get<Tag>(ctx)); };
}

/// Runs `p` from `first` with `state` in the context under Tag (see on_view()); true when it
/// matches, `first` then past the match.
template<class Tag, class State, class Parser>
bool parse_with(iterator& first, iterator last, Parser const& p, State& state)
{
    auto const ctx = x3::make_context<Tag>(state);
    return p.parse(first, last, ctx, x3::unused, x3::unused);
}

/// parse_with() over the whole of `text`; true only when `p` matches every byte.
template<class Tag, class State, class Parser>
bool parse_all_with(std::string_view text, Parser const& p, State& state)
{
    iterator first = text.data();
    return parse_with<Tag>(first, text.data() + text.size(), p, state) &&
           first == text.data() + text.size();
}

/// Runs `p` over the whole of `text`; true only when it matches every byte.
template<class Parser>
bool parse_all(std::string_view text, Parser const& p)
{
    iterator first = text.data();
    iterator const last = text.data() + text.size();
    return x3::parse(first, last, p) && first == last;
}

} // namespace rvoip::sip::detail
