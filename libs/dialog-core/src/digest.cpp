// Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): hashes through OpenSSL's EVP, the
// client's answers to challenges, and a stateless server side.
#include <rvoip/dialog/digest.hpp>

#include <rvoip/sip/auth.hpp>
#include <rvoip/sip/uri.hpp>

#include "random.hpp"
#include "text.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace rvoip::dialog {

namespace {

using detail::iequal;

EVP_MD const* md_of(digest_algorithm a) noexcept
{
    switch (a) {
    case digest_algorithm::md5:
    case digest_algorithm::md5_sess: return EVP_md5();
    case digest_algorithm::sha256:
    case digest_algorithm::sha256_sess: return EVP_sha256();
    case digest_algorithm::sha512_256:
    case digest_algorithm::sha512_256_sess: return EVP_sha512_256();
    }
    return EVP_md5();
}

bool is_sess(digest_algorithm a) noexcept
{
    return a == digest_algorithm::md5_sess || a == digest_algorithm::sha256_sess ||
           a == digest_algorithm::sha512_256_sess;
}

using detail::to_hex;

/// A quoted-string of `value` (RFC 3261 §25.1): '"' and '\' escaped.
void append_quoted(std::string& out, std::string_view value)
{
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

std::string join(std::initializer_list<std::string_view> parts)
{
    std::size_t n = 0;
    for (auto p : parts)
        n += p.size() + 1;
    std::string out;
    out.reserve(n);
    bool first = true;
    for (auto p : parts) {
        if (!first)
            out += ':';
        first = false;
        out += p;
    }
    return out;
}

/// A quoted-string's content with its quoted-pairs resolved (the parser keeps them as written).
std::string unescape(std::string_view v)
{
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size())
            ++i;
        out += v[i];
    }
    return out;
}

} // namespace

std::optional<digest_algorithm> parse_digest_algorithm(std::string_view name) noexcept
{
    static constexpr std::pair<std::string_view, digest_algorithm> names[] = {
        {"MD5", digest_algorithm::md5},
        {"MD5-sess", digest_algorithm::md5_sess},
        {"SHA-256", digest_algorithm::sha256},
        {"SHA-256-sess", digest_algorithm::sha256_sess},
        {"SHA-512-256", digest_algorithm::sha512_256},
        {"SHA-512-256-sess", digest_algorithm::sha512_256_sess},
    };
    if (name.empty())
        return digest_algorithm::md5;
    for (auto const& [text, a] : names)
        if (iequal(text, name))
            return a;
    return std::nullopt;
}

std::string_view to_string(digest_algorithm a) noexcept
{
    switch (a) {
    case digest_algorithm::md5: return "MD5";
    case digest_algorithm::md5_sess: return "MD5-sess";
    case digest_algorithm::sha256: return "SHA-256";
    case digest_algorithm::sha256_sess: return "SHA-256-sess";
    case digest_algorithm::sha512_256: return "SHA-512-256";
    case digest_algorithm::sha512_256_sess: return "SHA-512-256-sess";
    }
    return "MD5";
}

int strength(digest_algorithm a) noexcept
{
    switch (a) {
    case digest_algorithm::md5: return 1;
    case digest_algorithm::md5_sess: return 2;
    case digest_algorithm::sha256: return 3;
    case digest_algorithm::sha256_sess: return 4;
    case digest_algorithm::sha512_256: return 5;
    case digest_algorithm::sha512_256_sess: return 6;
    }
    return 0;
}

std::string digest_hash(digest_algorithm a, std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int n = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &n, md_of(a), nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    return to_hex(out.data(), n);
}

std::string digest_response(digest_inputs const& in)
{
    auto ha1 = digest_hash(in.algorithm, join({in.username, in.realm, in.password}));
    if (is_sess(in.algorithm))
        ha1 = digest_hash(in.algorithm, join({ha1, in.nonce, in.cnonce}));
    std::string const ha2 = iequal(in.qop, "auth-int")
                                ? digest_hash(in.algorithm, join({in.method, in.uri, digest_hash(in.algorithm, in.body)}))
                                : digest_hash(in.algorithm, join({in.method, in.uri}));
    if (in.qop.empty())
        return digest_hash(in.algorithm, join({ha1, in.nonce, ha2}));
    return digest_hash(in.algorithm, join({ha1, in.nonce, in.nc, in.cnonce, in.qop, ha2}));
}

// --- client --------------------------------------------------------------------------------

digest_client::digest_client(std::vector<credential> credentials,
                             std::function<void(unsigned char*, std::size_t)> random_bytes)
    : credentials_(std::move(credentials)),
      random_bytes_(random_bytes ? std::move(random_bytes) : detail::openssl_random)
{
}

void digest_client::set_credentials(std::vector<credential> credentials)
{
    credentials_ = std::move(credentials);
    answered_.clear();
}

credential const* digest_client::find(std::string_view realm) const noexcept
{
    credential const* any = nullptr;
    for (auto const& c : credentials_) {
        if (c.realm == realm)
            return &c;
        if (c.realm.empty() && !any)
            any = &c;
    }
    return any;
}

std::string digest_client::new_cnonce()
{
    std::array<unsigned char, 12> raw{};
    random_bytes_(raw.data(), raw.size());
    return to_hex(raw.data(), raw.size());
}

boost::system::result<std::vector<authorization>> digest_client::answer(sip::message const& challenged,
                                                                        std::string_view method,
                                                                        std::string_view uri,
                                                                        std::string_view body,
                                                                        auth_attempt& attempt)
{
    bool const proxy = challenged.status_code() == 407;
    auto const challenge_id = proxy ? sip::header_id::proxy_authenticate : sip::header_id::www_authenticate;
    auto const answer_id = proxy ? sip::header_id::proxy_authorization : sip::header_id::authorization;
    if (++attempt.rounds > 4)
        return errc::auth_rejected;

    // The strongest usable challenge of each realm (RFC 8760 §2.4), in the order realms appear.
    struct pick
    {
        sip::challenge c;
        digest_algorithm algorithm;
    };
    std::vector<pick> picks;
    challenged.for_each_value(challenge_id, [&](std::string_view value) {
        auto c = sip::parse_challenge(value);
        if (!c)
            return;
        if (!iequal(c->scheme, "Digest"))
            return;
        auto const a = parse_digest_algorithm(c->algorithm);
        if (!a)
            return;
        if (!c->qop.empty() && !c->offers_qop("auth") && !c->offers_qop("auth-int"))
            return;
        auto same = std::find_if(picks.begin(), picks.end(), [&](pick const& p) { return p.c.realm == c->realm; });
        if (same == picks.end())
            picks.push_back({*c, *a});
        else if (strength(*a) > strength(same->algorithm))
            *same = {*c, *a};
    });
    if (picks.empty())
        return errc::auth_unsupported;

    std::vector<authorization> out;
    out.reserve(picks.size());
    for (auto const& p : picks) {
        std::string const realm = unescape(p.c.realm);
        auto const* cred = find(realm);
        if (!cred)
            return errc::auth_no_credentials;
        answered_challenge const which{answer_id, realm};
        auto const answered = std::find(attempt.answered.begin(), attempt.answered.end(), which);
        if (answered != attempt.answered.end()) {
            if (!p.c.stale)
                return errc::auth_rejected;
        } else {
            attempt.answered.push_back(which);
        }
        std::string const nonce = unescape(p.c.nonce);
        auto r = std::find_if(answered_.begin(), answered_.end(),
                              [&](remembered const& x) { return x.realm == realm && x.header == answer_id; });
        if (r == answered_.end()) {
            if (answered_.size() >= 16) // a server inventing realms for a catch-all credential
                answered_.erase(answered_.begin());
            answered_.push_back({});
            r = answered_.end() - 1;
            r->realm = realm;
        }
        if (r->nonce != nonce)
            r->count = 0; // nc counts the uses of one nonce
        r->header = answer_id;
        r->nonce = nonce;
        r->opaque = unescape(p.c.opaque);
        r->algorithm = p.algorithm;
        r->qop = p.c.qop.empty() ? "" : p.c.offers_qop("auth") ? "auth" : "auth-int";
        out.push_back(make(*r, *cred, method, uri, body));
    }
    return out;
}

std::vector<authorization> digest_client::reanswer(std::span<answered_challenge const> taken,
                                                  std::string_view method, std::string_view uri,
                                                  std::string_view body)
{
    std::vector<authorization> out;
    for (auto const& t : taken) {
        auto r = std::find_if(answered_.begin(), answered_.end(),
                              [&](remembered const& x) { return x.realm == t.realm && x.header == t.header; });
        auto const* cred = find(t.realm);
        if (r != answered_.end() && cred)
            out.push_back(make(*r, *cred, method, uri, body));
    }
    return out;
}

authorization digest_client::make(remembered& r, credential const& cred, std::string_view method,
                                  std::string_view uri, std::string_view body)
{
    std::string cnonce;
    char nc[9] = {};
    if (!r.qop.empty() || is_sess(r.algorithm))
        cnonce = new_cnonce();
    if (!r.qop.empty())
        std::snprintf(nc, sizeof nc, "%08x", ++r.count);
    digest_inputs in;
    in.algorithm = r.algorithm;
    in.username = cred.username;
    in.realm = r.realm;
    in.password = cred.password;
    in.nonce = r.nonce;
    in.cnonce = cnonce;
    in.nc = r.qop.empty() ? std::string_view{} : std::string_view(nc, 8);
    in.qop = r.qop;
    in.method = method;
    in.uri = uri;
    in.body = body;

    std::string v = "Digest username=";
    append_quoted(v, cred.username);
    v += ", realm=";
    append_quoted(v, r.realm);
    v += ", nonce=";
    append_quoted(v, r.nonce);
    v += ", uri=";
    append_quoted(v, uri);
    v += ", response=";
    append_quoted(v, digest_response(in));
    v += ", algorithm=";
    v += to_string(r.algorithm);
    if (!cnonce.empty()) {
        v += ", cnonce=";
        append_quoted(v, cnonce);
    }
    if (!r.qop.empty()) {
        v += ", qop=";
        v += r.qop;
        v += ", nc=";
        v += std::string_view(nc, 8);
    }
    if (!r.opaque.empty()) {
        v += ", opaque=";
        append_quoted(v, r.opaque);
    }
    return {r.header, std::move(v)};
}

// --- server --------------------------------------------------------------------------------

digest_server::digest_server(options o, std::function<std::chrono::steady_clock::time_point()> now,
                             std::function<void(unsigned char*, std::size_t)> random_bytes)
    : options_(std::move(o)), now_(std::move(now))
{
    if (!random_bytes)
        random_bytes = detail::openssl_random;
    std::array<unsigned char, 32> raw{};
    random_bytes(raw.data(), raw.size());
    secret_ = to_hex(raw.data(), raw.size());
    base_ = now_();
}

std::uint64_t digest_server::seconds_now() const
{
    auto const d = now_() - base_;
    return static_cast<std::uint64_t>(std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(d).count())) + 1;
}

std::string digest_server::make_nonce(std::uint64_t seconds) const
{
    char stamp[17];
    std::snprintf(stamp, sizeof stamp, "%016llx", static_cast<unsigned long long>(seconds));
    auto const mac = digest_hash(digest_algorithm::sha256, join({secret_, stamp, options_.realm}));
    return std::string(stamp) + mac.substr(0, 32);
}

std::string digest_server::challenge(bool stale) const
{
    std::string v = "Digest realm=";
    append_quoted(v, options_.realm);
    v += ", nonce=\"";
    v += make_nonce(seconds_now());
    v += "\", algorithm=";
    v += to_string(options_.algorithm);
    if (options_.qop_auth)
        v += ", qop=\"auth\"";
    if (stale)
        v += ", stale=true";
    return v;
}

digest_server::verdict digest_server::verify(sip::message const& request, password_lookup const& lookup,
                                             bool proxy) const
{
    auto const id = proxy ? sip::header_id::proxy_authorization : sip::header_id::authorization;
    std::optional<verdict> result;
    request.for_each_value(id, [&](std::string_view value) {
        if (result)
            return;
        auto c = sip::parse_credentials(value);
        if (!c || !iequal(c->scheme, "Digest") || unescape(c->realm) != options_.realm)
            return;
        auto const a = parse_digest_algorithm(c->algorithm);
        if (!a || *a != options_.algorithm) {
            result = verdict::wrong;
            return;
        }
        // The nonce: 16 hex digits of its time, then our keyed hash of them.
        std::string const nonce = unescape(c->nonce);
        std::uint64_t stamp = 0;
        if (nonce.size() != 48 ||
            std::from_chars(nonce.data(), nonce.data() + 16, stamp, 16).ptr != nonce.data() + 16) {
            result = verdict::wrong;
            return;
        }
        auto const expected_nonce = make_nonce(stamp);
        if (CRYPTO_memcmp(expected_nonce.data(), nonce.data(), nonce.size()) != 0) {
            result = verdict::wrong;
            return;
        }
        if (options_.qop_auth && c->qop.empty()) {
            result = verdict::wrong; // we offered qop: RFC 7616 §3.4 makes it mandatory then
            return;
        }
        if (!c->qop.empty() && !iequal(c->qop, "auth") && !iequal(c->qop, "auth-int")) {
            result = verdict::wrong;
            return;
        }
        std::string const username = unescape(c->username);
        auto const password = lookup(username);
        if (!password) {
            result = verdict::wrong;
            return;
        }
        digest_inputs in;
        in.algorithm = *a;
        in.username = username;
        in.realm = options_.realm;
        in.password = *password;
        in.nonce = nonce;
        std::string const cnonce = unescape(c->cnonce);
        in.cnonce = cnonce;
        in.nc = c->nc;
        in.qop = c->qop;
        in.method = request.method_text();
        std::string const uri = unescape(c->uri);
        // RFC 3261 §22.4, RFC 7616 §3.4.6: the credentials are for this request's URI (else an
        // answer captured for one request could be replayed with another).
        if (uri != request.request_uri().text) {
            auto const given_uri = sip::parse_uri(uri);
            if (!given_uri || !sip::equivalent(*given_uri, request.request_uri())) {
                result = verdict::wrong;
                return;
            }
        }
        in.uri = uri;
        in.body = request.body();
        auto const expected = digest_response(in);
        std::string const given = unescape(c->response);
        if (given.size() != expected.size() ||
            CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) {
            result = verdict::wrong;
            return;
        }
        auto const age = seconds_now() - std::min(stamp, seconds_now());
        result = age > static_cast<std::uint64_t>(options_.nonce_lifetime.count()) ? verdict::stale : verdict::ok;
    });
    return result.value_or(verdict::missing);
}

} // namespace rvoip::dialog
