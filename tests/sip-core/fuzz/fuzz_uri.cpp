// libFuzzer target: any bytes as a URI, and URI equivalence against itself; and the scans of
// the usual URI, Via and name-addr shapes against the X3 grammars on the same bytes (they must
// accept the same and capture the same pieces: see tests/sip-core/fast_path_test.cpp).
#include "parse_into.hpp"

#include <rvoip/sip/uri.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace sip = rvoip::sip;

bool same(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && (a.empty() || a.data() == b.data());
}

bool same(sip::uri const& a, sip::uri const& b)
{
    return a.scheme == b.scheme && same(a.scheme_text, b.scheme_text) && same(a.user, b.user) &&
           same(a.password, b.password) && same(a.host, b.host) && a.port == b.port &&
           a.has_port == b.has_port && a.has_user == b.has_user && same(a.params, b.params) &&
           same(a.headers, b.headers) && same(a.opaque, b.opaque);
}

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
    if (e != detail::parse_via_grammar_into(text, v2))
        std::abort();
    if (e == sip::errc{} &&
        !(same(v1.protocol_name, v2.protocol_name) && same(v1.protocol_version, v2.protocol_version) &&
          same(v1.transport, v2.transport) && same(v1.host, v2.host) && v1.port == v2.port &&
          v1.has_port == v2.has_port && same(v1.params, v2.params) && same(v1.branch, v2.branch) &&
          same(v1.received, v2.received) && same(v1.maddr, v2.maddr) && v1.ttl == v2.ttl &&
          v1.has_rport == v2.has_rport && v1.rport == v2.rport))
        std::abort();
    sip::name_addr n1, n2;
    auto const f = detail::parse_name_addr_into(text, n1);
    if (f != detail::parse_name_addr_grammar_into(text, n2))
        std::abort();
    if (f == sip::errc{} &&
        !(same(n1.display, n2.display) && same(n1.uri, n2.uri) && same(n1.params, n2.params) &&
          same(n1.tag, n2.tag) && n1.angle_brackets == n2.angle_brackets))
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
