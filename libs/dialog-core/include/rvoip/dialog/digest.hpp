#pragma once
// HTTP digest authentication for SIP (RFC 3261 §22, RFC 7616, RFC 8760): the hashes, the client
// that answers 401/407 challenges, and the server side that challenges requests and verifies
// their credentials (so that a user agent can require them and tests need no server).

#include <rvoip/dialog/error.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::dialog {

/// The algorithms of RFC 8760 §2 (and RFC 7616 §3.2), in increasing strength within a family.
enum class digest_algorithm : std::uint8_t
{
    md5,
    md5_sess,
    sha256,
    sha256_sess,
    sha512_256,
    sha512_256_sess,
};

/// The algorithm named by an algorithm parameter (case-insensitive; empty means MD5, RFC 3261
/// §22.4); nullopt for one this stack does not implement.
std::optional<digest_algorithm> parse_digest_algorithm(std::string_view name) noexcept;
/// "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess".
std::string_view to_string(digest_algorithm a) noexcept;
/// RFC 8760 §2.4: a UAC picks the strongest of the challenges it supports. Higher is stronger.
int strength(digest_algorithm a) noexcept;

/// The lower-case hex hash of `data` with the algorithm's hash function.
std::string digest_hash(digest_algorithm a, std::string_view data);

/// Everything one request-digest is computed from (RFC 7616 §3.4.1-§3.4.3).
struct digest_inputs
{
    digest_algorithm algorithm = digest_algorithm::md5;
    std::string_view username;
    std::string_view realm;
    std::string_view password;
    std::string_view nonce;
    std::string_view cnonce;    ///< with qop or a -sess algorithm
    std::string_view nc;        ///< 8 hex digits, with qop
    std::string_view qop;       ///< "", "auth" or "auth-int"
    std::string_view method;
    std::string_view uri;       ///< the digest-uri (the Request-URI as written)
    std::string_view body;      ///< the message body, for auth-int
};

/// The request-digest (the response parameter), lower-case hex.
std::string digest_response(digest_inputs const& in);

/// A user name and password for one realm (an empty realm: any realm without its own entry).
struct credential
{
    std::string realm;
    std::string username;
    std::string password;
};

/// The header a client adds to answer a challenge: Authorization (to a 401's WWW-Authenticate)
/// or Proxy-Authorization (to a 407's Proxy-Authenticate), and its value.
struct authorization
{
    sip::header_id header = sip::header_id::authorization;
    std::string value;
};

/// A challenge answered: its realm, and whether it came from a registrar or UAS (401,
/// answered with Authorization) or a proxy (407, Proxy-Authorization). The two are different
/// challenges even with one realm.
struct answered_challenge
{
    sip::header_id header = sip::header_id::authorization;
    std::string realm;
    bool operator==(answered_challenge const&) const = default;
};

/// What a client remembers while it answers the challenges of one request: the challenges it
/// has answered (a second one for the same realm and header without stale=true is a
/// rejection, not a new try) and how many rounds it has been through. One per request being
/// authenticated.
struct auth_attempt
{
    std::vector<answered_challenge> answered;
    int rounds = 0;
};

/// The client side: answers 401 and 407 challenges from a set of credentials.
class digest_client
{
public:
    /// `random_bytes` fills a buffer from a CSPRNG (the default: OpenSSL's RAND_bytes); tests
    /// may give a seeded one for repeatable cnonces.
    explicit digest_client(std::vector<credential> credentials = {},
                           std::function<void(unsigned char*, std::size_t)> random_bytes = {});

    void set_credentials(std::vector<credential> credentials);
    std::vector<credential> const& credentials() const noexcept { return credentials_; }

    /// The headers that answer every challenge of `challenged` (a 401 or 407; one answer per
    /// realm, the strongest algorithm this stack supports per realm, RFC 8760 §2.4) for a
    /// request with `method`, Request-URI `uri` and `body`. qop=auth-int is used when it is the
    /// only qop offered, auth otherwise. Errors: errc::auth_unsupported when no challenge of a
    /// realm is usable, errc::auth_no_credentials for a realm without credentials,
    /// errc::auth_rejected when `attempt` shows the realm was answered already and the nonce is
    /// not stale (wrong credentials), or after 4 rounds (a loop of challenges).
    boost::system::result<std::vector<authorization>> answer(sip::message const& challenged, std::string_view method,
                                                             std::string_view uri, std::string_view body,
                                                             auth_attempt& attempt);

    /// Answers given again without a new challenge (RFC 3261 §22.3, RFC 7616 §3.4.5): for each
    /// of `taken` (the challenges a request answered before), the same nonce with the next
    /// nonce count and a new cnonce, for a request with `method`, `uri` and `body` (a
    /// registration's refresh). Those with no remembered challenge are left out; a server that
    /// no longer takes the nonce challenges again (stale=true), and answer() takes it from there.
    std::vector<authorization> reanswer(std::span<answered_challenge const> taken, std::string_view method,
                                        std::string_view uri, std::string_view body);

private:
    /// The challenge last answered for a realm by its header (bounded: 16).
    struct remembered
    {
        sip::header_id header = sip::header_id::authorization; ///< the header that answers it
        std::string realm;
        std::string nonce;
        std::string opaque;
        digest_algorithm algorithm = digest_algorithm::md5;
        std::string qop; ///< "", "auth" or "auth-int"
        std::uint32_t count = 0;
    };
    credential const* find(std::string_view realm) const noexcept;
    std::string new_cnonce();
    /// The answer to `r` with the next nonce count.
    authorization make(remembered& r, credential const& cred, std::string_view method, std::string_view uri,
                       std::string_view body);

    std::vector<credential> credentials_;
    std::function<void(unsigned char*, std::size_t)> random_bytes_;
    std::vector<remembered> answered_;
};

/// The server side: challenges requests and checks their credentials. Nonces carry their
/// creation time and a keyed hash of it (nothing is stored per nonce: memory stays bounded
/// whatever a peer sends); one older than `nonce_lifetime` is answered with stale=true.
class digest_server
{
public:
    struct options
    {
        std::string realm;
        digest_algorithm algorithm = digest_algorithm::md5;
        bool qop_auth = true; ///< offer qop="auth" (else the RFC 2069 form, no qop)
        std::chrono::seconds nonce_lifetime{300};
    };
    enum class verdict : std::uint8_t
    {
        ok,      ///< the credentials are right
        missing, ///< no credentials for our realm: challenge
        stale,   ///< right, but for an expired nonce: challenge with stale=true
        wrong,   ///< wrong user, password, nonce or digest: challenge (or 403)
    };
    /// Finds the password of a user in our realm; nullopt for an unknown user.
    using password_lookup = std::function<std::optional<std::string>(std::string_view username)>;

    /// `now` gives the time for nonces (the stack's clock); `random_bytes` as for digest_client.
    digest_server(options o, std::function<std::chrono::steady_clock::time_point()> now,
                  std::function<void(unsigned char*, std::size_t)> random_bytes = {});

    /// The WWW-Authenticate (or Proxy-Authenticate) value of a challenge: realm, a fresh nonce,
    /// algorithm and qop, with stale=true when `stale`.
    std::string challenge(bool stale = false) const;

    /// Checks the Authorization (or, for a proxy, Proxy-Authorization) credentials of `request`
    /// against our realm.
    verdict verify(sip::message const& request, password_lookup const& lookup, bool proxy = false) const;

private:
    std::string make_nonce(std::uint64_t seconds) const;
    std::uint64_t seconds_now() const;
    options options_;
    std::function<std::chrono::steady_clock::time_point()> now_;
    std::string secret_;
    std::chrono::steady_clock::time_point base_;
};

} // namespace rvoip::dialog
