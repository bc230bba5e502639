// libFuzzer target: any bytes as a URI, and URI equivalence against itself; and the scans of
// the usual URI, Via, name-addr, auth-param, media-type and CSeq shapes against the X3 grammars on the
// same bytes (they must accept the same and capture the same pieces: see
// tests/sip-core/fast_path_test.cpp).
#include "parse_into.hpp"
#include "same_parse.hpp"

#include <rvoip/sip/uri.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace sip = rvoip::sip;

using rvoip::test::same;

void check_fast_paths(std::string_view text)
{
    namespace detail = sip::detail;
    sip::uri u1, u2;
    bool const a = detail::parse_uri_into(text, u1);
    if (a != detail::parse_uri_grammar_into(text, u2) || (a && !same(u1, u2)))
        std::abort();
    // The padded variants read past the text: give them host bytes there to resist.
    std::string const buffer = std::string(text) + "a.b-c9.d-e8.f-g7.h-i6.j-k5.l-m4.n";
    std::string_view const padded(buffer.data(), text.size());
    // Each parse into a fresh value, as the parsers require.
    sip::uri u3;
    sip::via v3, v4;
    sip::name_addr n3, n4;
    if (detail::parse_uri_padded_into(padded, u3) != a ||
        (detail::parse_via_padded_into(padded, v3) == sip::errc{}) !=
            (detail::parse_via_into(text, v4) == sip::errc{}) ||
        (detail::parse_name_addr_padded_into(padded, n3) == sip::errc{}) !=
            (detail::parse_name_addr_into(text, n4) == sip::errc{}))
        std::abort();
    sip::via v1, v2;
    auto const e = detail::parse_via_into(text, v1);
    if (e != detail::parse_via_grammar_into(text, v2) || (e == sip::errc{} && !same(v1, v2)))
        std::abort();
    sip::name_addr n1, n2;
    auto const f = detail::parse_name_addr_into(text, n1);
    if (f != detail::parse_name_addr_grammar_into(text, n2) || (f == sip::errc{} && !same(n1, n2)))
        std::abort();
    sip::credentials c1, c2;
    auto const g = detail::parse_credentials_into(text, c1);
    if (g != detail::parse_credentials_grammar_into(text, c2) || (g == sip::errc{} && !same(c1, c2)))
        std::abort();
    sip::challenge h1, h2;
    auto const h = detail::parse_challenge_into(text, h1);
    if (h != detail::parse_challenge_grammar_into(text, h2) || (h == sip::errc{} && !same(h1, h2)))
        std::abort();
    sip::cseq q1, q2;
    auto const q = detail::parse_cseq_into(text, q1);
    if (q != detail::parse_cseq_grammar_into(text, q2) ||
        (q == sip::errc{} && !(q1.number == q2.number && same(q1.method_text, q2.method_text))))
        std::abort();
    sip::media_type m1, m2;
    auto const k = detail::parse_media_type_into(text, m1);
    if (k != detail::parse_media_type_grammar_into(text, m2) || (k == sip::errc{} && !same(m1, m2)))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    check_fast_paths(text);
    auto u = sip::parse_uri(text);
    if (!u)
        return 0;
    (void)u->user_decoded();
    for (auto const& p : u->parameters())
        (void)p.value;
    for (auto const& h : u->header_fields())
        (void)h.value;
    if (!sip::equivalent(*u, *u))
        std::abort(); // equivalence is reflexive
    return 0;
}
