// Digest authentication: RFC 7616's worked examples, and a client answering a server's
// challenges (algorithm choice, stale nonces, wrong passwords, loops).
#include <rvoip/dialog/digest.hpp>

#include <rvoip/sip/message_builder.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>

namespace dlg = rvoip::dialog;
namespace sip = rvoip::sip;
using namespace std::chrono_literals;

namespace {

sip::message challenge_response(int status, std::vector<std::string> const& challenges)
{
    auto b = sip::message_builder::response(status);
    b.via("UDP", "10.0.0.1", 5060, "z9hG4bKc1");
    b.header(sip::header_id::from, "<sip:alice@example.com>;tag=1");
    b.header(sip::header_id::to, "<sip:alice@example.com>;tag=2");
    b.call_id("auth@test");
    b.cseq(1, "REGISTER");
    for (auto const& c : challenges)
        b.header(status == 407 ? sip::header_id::proxy_authenticate : sip::header_id::www_authenticate, c);
    b.body({}, {});
    // Parsed as the transaction layer parses what arrives (a malformed challenge still comes up).
    sip::parse_options o;
    o.check = sip::validation::mandatory;
    auto m = sip::parse_message(b.render(), o);
    BOOST_TEST_REQUIRE(m.has_value());
    return std::move(*m);
}

sip::message request_with(std::vector<dlg::authorization> const& auth, std::string_view method = "REGISTER",
                          std::string_view request_uri = "sip:example.com")
{
    auto b = sip::message_builder::request(method, request_uri);
    b.via("UDP", "10.0.0.1", 5060, "z9hG4bKr1");
    b.max_forwards(70);
    b.header(sip::header_id::from, "<sip:alice@example.com>;tag=1");
    b.header(sip::header_id::to, "<sip:alice@example.com>");
    b.call_id("auth@test");
    b.cseq(2, method);
    for (auto const& a : auth)
        b.header(a.header, a.value);
    b.body({}, {});
    return std::move(*b.build());
}

void fixed_random(unsigned char* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<unsigned char>(i * 7 + 1);
}

struct fake_time
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point(std::chrono::hours(1));
    std::function<std::chrono::steady_clock::time_point()> source()
    {
        return [this] { return now; };
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(digest)

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
BOOST_AUTO_TEST_CASE(rfc7616_examples)
{
    dlg::digest_inputs in;
    in.username = "Mufasa";
    in.realm = "http-auth@example.org";
    in.password = "Circle of Life";
    in.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    in.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    in.nc = "00000001";
    in.qop = "auth";
    in.method = "GET";
    in.uri = "/dir/index.html";
    in.algorithm = dlg::digest_algorithm::md5;
    BOOST_TEST(dlg::digest_response(in) == "8ca523f5e9506fed4657c9700eebdbec");
    in.algorithm = dlg::digest_algorithm::sha256;
    BOOST_TEST(dlg::digest_response(in) == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

// RFC 2617 §3.5 (the RFC 2069 form without qop is the same hash chain with nonce only).
BOOST_AUTO_TEST_CASE(rfc2617_example)
{
    dlg::digest_inputs in;
    in.username = "Mufasa";
    in.realm = "testrealm@host.com";
    in.password = "Circle Of Life";
    in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    in.cnonce = "0a4f113b";
    in.nc = "00000001";
    in.qop = "auth";
    in.method = "GET";
    in.uri = "/dir/index.html";
    BOOST_TEST(dlg::digest_response(in) == "6629fae49393a05397450978507c4ef1");
}

BOOST_AUTO_TEST_CASE(algorithm_names)
{
    BOOST_TEST((dlg::parse_digest_algorithm("") == dlg::digest_algorithm::md5));
    BOOST_TEST((dlg::parse_digest_algorithm("sha-256") == dlg::digest_algorithm::sha256));
    BOOST_TEST((dlg::parse_digest_algorithm("SHA-512-256-sess") == dlg::digest_algorithm::sha512_256_sess));
    BOOST_TEST(!dlg::parse_digest_algorithm("SHA-1").has_value());
    BOOST_TEST(dlg::digest_hash(dlg::digest_algorithm::sha512_256, "abc") ==
               "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
}

BOOST_AUTO_TEST_CASE(client_answers_a_server_challenge)
{
    for (auto algorithm : {dlg::digest_algorithm::md5, dlg::digest_algorithm::sha256,
                           dlg::digest_algorithm::sha512_256, dlg::digest_algorithm::md5_sess}) {
        fake_time t;
        dlg::digest_server server({"example.com", algorithm, true, 300s}, t.source(), fixed_random);
        auto const lookup = [](std::string_view user) -> std::optional<std::string> {
            if (user == "alice")
                return std::string("secret");
            return std::nullopt;
        };
        BOOST_TEST((server.verify(request_with({}), lookup) == dlg::digest_server::verdict::missing));
        auto const challenged = challenge_response(401, {server.challenge()});
        dlg::digest_client client({{"example.com", "alice", "secret"}}, fixed_random);
        dlg::auth_attempt attempt;
        auto answer = client.answer(challenged, "REGISTER", "sip:example.com", "", attempt);
        BOOST_TEST_REQUIRE(answer.has_value());
        BOOST_TEST_REQUIRE(answer->size() == 1u);
        BOOST_TEST(((*answer)[0].header == sip::header_id::authorization));
        BOOST_TEST((server.verify(request_with(*answer), lookup) == dlg::digest_server::verdict::ok));
        // The same credentials for another method do not pass.
        BOOST_TEST((server.verify(request_with(*answer, "INVITE"), lookup) == dlg::digest_server::verdict::wrong));
        // A nonce past its lifetime: right credentials, stale.
        t.now += 301s;
        BOOST_TEST((server.verify(request_with(*answer), lookup) == dlg::digest_server::verdict::stale));
    }
}

BOOST_AUTO_TEST_CASE(wrong_password_and_forged_nonce_are_wrong)
{
    fake_time t;
    dlg::digest_server server({"example.com", dlg::digest_algorithm::sha256, true, 300s}, t.source(), fixed_random);
    auto const lookup = [](std::string_view) -> std::optional<std::string> { return std::string("secret"); };
    dlg::digest_client client({{"example.com", "alice", "guess"}}, fixed_random);
    dlg::auth_attempt attempt;
    auto answer = client.answer(challenge_response(401, {server.challenge()}), "REGISTER", "sip:example.com", "", attempt);
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_TEST((server.verify(request_with(*answer), lookup) == dlg::digest_server::verdict::wrong));
    // A nonce another server made (another secret) is refused even with the right password.
    dlg::digest_server other({"example.com", dlg::digest_algorithm::sha256, true, 300s}, t.source());
    dlg::digest_client right({{"example.com", "alice", "secret"}});
    dlg::auth_attempt a2;
    auto forged = right.answer(challenge_response(401, {other.challenge()}), "REGISTER", "sip:example.com", "", a2);
    BOOST_TEST_REQUIRE(forged.has_value());
    BOOST_TEST((server.verify(request_with(*forged), lookup) == dlg::digest_server::verdict::wrong));
}

BOOST_AUTO_TEST_CASE(strongest_algorithm_is_picked_and_rechallenge_is_rejection)
{
    dlg::digest_client client({{"", "alice", "secret"}}, fixed_random);
    dlg::auth_attempt attempt;
    auto const challenged = challenge_response(
        407, {R"(Digest realm="p.example.com", nonce="n1", algorithm=MD5, qop="auth")",
              R"(Digest realm="p.example.com", nonce="n2", algorithm=SHA-256, qop="auth")",
              R"(Digest realm="p.example.com", nonce="n3", algorithm=SHA-1)"});
    auto answer = client.answer(challenged, "INVITE", "sip:bob@example.com", "", attempt);
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_TEST_REQUIRE(answer->size() == 1u);
    BOOST_TEST(((*answer)[0].header == sip::header_id::proxy_authorization));
    BOOST_TEST((*answer)[0].value.find("algorithm=SHA-256") != std::string::npos);
    BOOST_TEST((*answer)[0].value.find("nonce=\"n2\"") != std::string::npos);
    // Challenged again for the same realm, not stale: the password is wrong.
    auto again = client.answer(challenged, "INVITE", "sip:bob@example.com", "", attempt);
    BOOST_TEST((again.error() == dlg::errc::auth_rejected));
    // ...but with stale=true it is a new nonce, answered.
    auto const stale = challenge_response(
        407, {R"(Digest realm="p.example.com", nonce="n4", algorithm=SHA-256, qop="auth", stale=true)"});
    auto fresh = client.answer(stale, "INVITE", "sip:bob@example.com", "", attempt);
    BOOST_TEST(fresh.has_value());
}

BOOST_AUTO_TEST_CASE(reused_credentials_count_up_and_the_server_takes_them)
{
    fake_time t;
    dlg::digest_server server({"example.com", dlg::digest_algorithm::md5, true, 300s}, t.source(), fixed_random);
    auto const lookup = [](std::string_view) -> std::optional<std::string> { return std::string("secret"); };
    dlg::digest_client client({{"example.com", "alice", "secret"}}, fixed_random);
    dlg::auth_attempt attempt;
    auto first = client.answer(challenge_response(401, {server.challenge()}), "REGISTER", "sip:example.com", "",
                               attempt);
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST((*first)[0].value.find("nc=00000001") != std::string::npos);
    std::vector<dlg::answered_challenge> const taken{{rvoip::sip::header_id::authorization, "example.com"}};
    auto again = client.reanswer(taken, "REGISTER", "sip:example.com", "");
    BOOST_TEST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again[0].value.find("nc=00000002") != std::string::npos);
    BOOST_TEST((server.verify(request_with(again), lookup) == dlg::digest_server::verdict::ok));
    // A realm never answered, or one without credentials, gives nothing; nor does a proxy's
    // challenge of the same realm that was never answered (a 407 is not the registrar's 401).
    std::vector<dlg::answered_challenge> const other{{rvoip::sip::header_id::authorization, "other.org"}};
    BOOST_TEST(client.reanswer(other, "REGISTER", "sip:example.com", "").empty());
    std::vector<dlg::answered_challenge> const proxy{{rvoip::sip::header_id::proxy_authorization, "example.com"}};
    BOOST_TEST(client.reanswer(proxy, "REGISTER", "sip:example.com", "").empty());
}

BOOST_AUTO_TEST_CASE(credentials_are_for_the_request_uri_they_were_computed_for)
{
    fake_time t;
    dlg::digest_server server({"example.com", dlg::digest_algorithm::sha256, true, 300s}, t.source(), fixed_random);
    auto const lookup = [](std::string_view) -> std::optional<std::string> { return std::string("secret"); };
    dlg::digest_client client({{"example.com", "alice", "secret"}}, fixed_random);
    dlg::auth_attempt attempt;
    auto answer = client.answer(challenge_response(401, {server.challenge()}), "INVITE", "sip:bob@example.com", "",
                                attempt);
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_TEST((server.verify(request_with(*answer, "INVITE", "sip:bob@example.com"), lookup) ==
                dlg::digest_server::verdict::ok));
    // The same URI written otherwise (host case) is the same URI (RFC 3261 §19.1.4).
    BOOST_TEST((server.verify(request_with(*answer, "INVITE", "sip:bob@EXAMPLE.com"), lookup) ==
                dlg::digest_server::verdict::ok));
    // Replayed with another request: refused, though the hash is right for the uri it names.
    BOOST_TEST((server.verify(request_with(*answer, "INVITE", "sip:carol@example.com"), lookup) ==
                dlg::digest_server::verdict::wrong));
}

BOOST_AUTO_TEST_CASE(unsupported_and_missing_credentials)
{
    dlg::digest_client none({{"other.com", "alice", "secret"}});
    dlg::auth_attempt a;
    auto const only_sha1 = challenge_response(401, {R"(Digest realm="example.com", nonce="n", algorithm=SHA-1)"});
    BOOST_TEST((none.answer(only_sha1, "REGISTER", "sip:example.com", "", a).error() == dlg::errc::auth_unsupported));
    dlg::auth_attempt b;
    auto const md5 = challenge_response(401, {R"(Digest realm="example.com", nonce="n")"});
    BOOST_TEST((none.answer(md5, "REGISTER", "sip:example.com", "", b).error() == dlg::errc::auth_no_credentials));
    // A malformed challenge is not a crash.
    dlg::auth_attempt c;
    auto const junk = challenge_response(401, {R"(Digest realm="example.com, nonce=)"});
    BOOST_TEST(!none.answer(junk, "REGISTER", "sip:example.com", "", c).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
