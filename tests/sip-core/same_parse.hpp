#pragma once
// Comparing what two parsers captured: the same views (text at the same place), for the tests
// and fuzz targets that hold the scans of usual shapes to the X3 grammars.

#include <rvoip/sip/auth.hpp>
#include <rvoip/sip/content_type.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/uri.hpp>
#include <rvoip/sip/via.hpp>

#include <string_view>
#include <type_traits>

namespace rvoip::test {

namespace sip = rvoip::sip;

/// Same text at the same place (empty views may point anywhere).
inline bool same(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && (a.empty() || a.data() == b.data());
}

inline bool same(sip::uri const& a, sip::uri const& b)
{
    return a.scheme == b.scheme && same(a.scheme_text, b.scheme_text) && same(a.user, b.user) &&
           same(a.password, b.password) && same(a.host, b.host) && a.port == b.port &&
           a.has_port == b.has_port && a.has_user == b.has_user && same(a.params, b.params) &&
           same(a.headers, b.headers) && same(a.opaque, b.opaque) && same(a.text, b.text);
}

inline bool same(sip::via const& a, sip::via const& b)
{
    return same(a.protocol_name, b.protocol_name) && same(a.protocol_version, b.protocol_version) &&
           same(a.transport, b.transport) && same(a.host, b.host) && a.port == b.port &&
           a.has_port == b.has_port && same(a.params, b.params) && same(a.branch, b.branch) &&
           same(a.received, b.received) && same(a.maddr, b.maddr) && a.ttl == b.ttl &&
           a.has_rport == b.has_rport && a.rport == b.rport && same(a.text, b.text);
}

inline bool same(sip::name_addr const& a, sip::name_addr const& b)
{
    return same(a.display, b.display) && same(a.uri, b.uri) && same(a.params, b.params) &&
           same(a.tag, b.tag) && a.angle_brackets == b.angle_brackets && same(a.text, b.text);
}

inline bool same(sip::credentials const& a, sip::credentials const& b)
{
    return same(a.scheme, b.scheme) && same(a.params, b.params) && same(a.token68, b.token68) &&
           same(a.username, b.username) && same(a.realm, b.realm) && same(a.nonce, b.nonce) &&
           same(a.uri, b.uri) && same(a.response, b.response) && same(a.algorithm, b.algorithm) &&
           same(a.cnonce, b.cnonce) && same(a.opaque, b.opaque) && same(a.qop, b.qop) &&
           same(a.nc, b.nc) && same(a.text, b.text);
}

inline bool same(sip::challenge const& a, sip::challenge const& b)
{
    return same(a.scheme, b.scheme) && same(a.params, b.params) && same(a.token68, b.token68) &&
           same(a.realm, b.realm) && same(a.nonce, b.nonce) && same(a.opaque, b.opaque) &&
           same(a.algorithm, b.algorithm) && same(a.qop, b.qop) && same(a.domain, b.domain) &&
           a.stale == b.stale && same(a.text, b.text);
}

/// `a`, parsed from `a_text`, equals `b`, parsed from `b_text` (the same bytes elsewhere):
/// each view at the same offset with the same length.
template<class T>
bool same_shape(T const& a, T const& b, std::string_view a_text, std::string_view b_text)
{
    // Rebase a's views onto b's text and compare as same() does.
    T rebased = a;
    auto const shift = [&](std::string_view& v) {
        if (!v.empty())
            v = std::string_view(b_text.data() + (v.data() - a_text.data()), v.size());
    };
    if constexpr (std::is_same_v<T, sip::uri>) {
        for (auto* v : {&rebased.scheme_text, &rebased.user, &rebased.password, &rebased.host,
                        &rebased.params, &rebased.headers, &rebased.opaque, &rebased.text})
            shift(*v);
    } else if constexpr (std::is_same_v<T, sip::via>) {
        for (auto* v : {&rebased.protocol_name, &rebased.protocol_version, &rebased.transport,
                        &rebased.host, &rebased.params, &rebased.branch, &rebased.received,
                        &rebased.maddr, &rebased.text})
            shift(*v);
    } else if constexpr (std::is_same_v<T, sip::credentials>) {
        for (auto* v : {&rebased.scheme, &rebased.params, &rebased.token68, &rebased.username,
                        &rebased.realm, &rebased.nonce, &rebased.uri, &rebased.response,
                        &rebased.algorithm, &rebased.cnonce, &rebased.opaque, &rebased.qop,
                        &rebased.nc, &rebased.text})
            shift(*v);
    } else if constexpr (std::is_same_v<T, sip::challenge>) {
        for (auto* v : {&rebased.scheme, &rebased.params, &rebased.token68, &rebased.realm,
                        &rebased.nonce, &rebased.opaque, &rebased.algorithm, &rebased.qop,
                        &rebased.domain, &rebased.text})
            shift(*v);
    } else {
        for (auto* v : {&rebased.display, &rebased.params, &rebased.tag, &rebased.text,
                        &rebased.uri.scheme_text, &rebased.uri.user, &rebased.uri.password,
                        &rebased.uri.host, &rebased.uri.params, &rebased.uri.headers,
                        &rebased.uri.opaque, &rebased.uri.text})
            shift(*v);
    }
    return same(rebased, b);
}

inline bool same(sip::media_type const& a, sip::media_type const& b)
{
    return same(a.type, b.type) && same(a.subtype, b.subtype) && same(a.params, b.params) &&
           same(a.text, b.text);
}

} // namespace rvoip::test
