// Registration through a dialog layer against a registrar written with the layer's own server
// side (digest_server): digest, refresh before expiry with the credentials reused, stale nonces,
// 423 Min-Expires, the expires granted per Contact, removal, credentials per account, and the
// authentication errors that end a registration instead of a retry storm. INVITE challenges
// (401 and 407) go through the same client.
#include "dialog_test_support.hpp"

#include <rvoip/sip/message.hpp>

#include <optional>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using namespace std::chrono_literals;
using rvoip::test::agent;
using rvoip::test::seen;

namespace {

/// A registrar at 10.0.0.3: MD5 digest with qop=auth for users "alice" (password "secret") and
/// "bob" ("hunter2"), Min-Expires `min_expires`, granting what is asked (capped by `max_expires`)
/// as the Contact's expires parameter. Every REGISTER it got is kept as text.
struct registrar
{
    registrar(boost::asio::io_context& io, tx::manual_clock& clock, tx::memory_network& net,
              std::chrono::seconds nonce_lifetime = 3600s)
        : auth({.realm = "example.com", .algorithm = dlg::digest_algorithm::md5, .qop_auth = true,
                .nonce_lifetime = nonce_lifetime},
               [&clock] { return clock.now(); }),
          layer(io, [this](dlg::event const& e) { on_event(e); }, agent::with_clock({}, clock))
    {
        BOOST_TEST_REQUIRE(layer.listen(net, "10.0.0.3", 5060).has_value());
    }

    void on_event(dlg::event const& e)
    {
        auto const* r = std::get_if<dlg::request_received>(&e);
        if (!r)
            return;
        requests.emplace_back(r->request.bytes());
        auto const lookup = [](std::string_view user) -> std::optional<std::string> {
            if (user == "alice")
                return std::string("secret");
            if (user == "bob")
                return std::string("hunter2");
            return std::nullopt;
        };
        auto const verdict = auth.verify(r->request, lookup);
        if (verdict != dlg::digest_server::verdict::ok) {
            dlg::message_parts challenge;
            challenge.headers.push_back({"WWW-Authenticate", auth.challenge(verdict == dlg::digest_server::verdict::stale)});
            BOOST_TEST(!layer.respond(r->id, 401, challenge));
            return;
        }
        auto const asked = r->request.expires();
        std::uint32_t const want = asked ? *asked : 3600;
        if (want != 0 && want < min_expires) {
            dlg::message_parts brief;
            brief.headers.push_back({"Min-Expires", std::to_string(min_expires)});
            BOOST_TEST(!layer.respond(r->id, 423, brief));
            return;
        }
        dlg::message_parts ok;
        auto contacts = r->request.contacts();
        if (contacts && !contacts->empty() && want != 0)
            ok.headers.push_back({"Contact", "<" + std::string(contacts->front().address.uri.text) +
                                                 ">;expires=" + std::to_string(std::min(want, max_expires))});
        ok.headers.push_back({"Expires", "7200"}); // the Contact's expires wins (§10.2.4)
        BOOST_TEST(!layer.respond(r->id, 200, ok));
    }

    /// The requests that carried an Authorization header, and their nc values.
    std::vector<std::string> nonce_counts() const
    {
        std::vector<std::string> out;
        for (auto const& r : requests)
            if (auto at = r.find("nc="); at != std::string::npos)
                out.push_back(r.substr(at + 3, 8));
        return out;
    }

    dlg::digest_server auth;
    dlg::layer layer;
    std::uint32_t min_expires = 60;
    std::uint32_t max_expires = 600;
    std::vector<std::string> requests;
};

dlg::registration_options alice_at_example(std::chrono::seconds expires = 600s)
{
    dlg::registration_options o;
    o.registrar = "sip:10.0.0.3";
    o.aor = "sip:alice@example.com";
    o.expires = expires;
    return o;
}

dlg::layer_options with_credentials(std::vector<dlg::credential> c)
{
    dlg::layer_options o;
    o.credentials = std::move(c);
    return o;
}

struct rig
{
    explicit rig(std::vector<dlg::credential> c = {{.realm = "example.com", .username = "alice", .password = "secret"}},
                 std::chrono::seconds nonce_lifetime = 3600s)
        : reg(io, clock, net, nonce_lifetime), phone(io, clock, net, "10.0.0.1", with_credentials(std::move(c)))
    {
    }
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    registrar reg;
    agent phone;
};

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_registration)

BOOST_AUTO_TEST_CASE(registers_with_digest_and_refreshes_with_the_next_nonce_count)
{
    rig r;
    auto id = r.phone.layer.start_registration(alice_at_example());
    BOOST_TEST_REQUIRE(id.has_value());
    r.clock.settle();
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].reg == dlg::registration_changed::state::registered));
    BOOST_TEST(regs[0].expires == 600u); // the Contact's expires, not the Expires header's 7200
    BOOST_TEST(regs[0].id == *id);
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 2u); // challenged once
    BOOST_TEST(r.reg.requests[0].find("Authorization") == std::string::npos);
    BOOST_TEST(r.reg.requests[1].find("Authorization: Digest username=\"alice\"") != std::string::npos);
    BOOST_TEST(r.reg.requests[1].find("Expires: 600") != std::string::npos);

    // Not refreshed before its time (a minute before the 600 s run out), then refreshed with
    // the nonce the registrar still takes: no second challenge.
    r.clock.advance(539s);
    BOOST_TEST(r.reg.requests.size() == 2u);
    r.clock.advance(1s);
    r.clock.settle();
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 3u);
    BOOST_TEST((r.reg.nonce_counts() == std::vector<std::string>{"00000001", "00000002"}));
    regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 2u);
    BOOST_TEST((regs[1].reg == dlg::registration_changed::state::registered));
    BOOST_TEST(r.phone.layer.counters().registrations_refreshed == 1u);
    // One Call-ID for the binding, CSeq going up (§10.2.4).
    auto const call_id = [](std::string const& m) { auto a = m.find("Call-ID: "); return m.substr(a, m.find("\r\n", a) - a); };
    BOOST_TEST(call_id(r.reg.requests[0]) == call_id(r.reg.requests[2]));
    BOOST_TEST(r.reg.requests[2].find("CSeq: 3 REGISTER") != std::string::npos);

    // And again, a refresh each 540 s.
    r.clock.advance(540s);
    r.clock.settle();
    BOOST_TEST(r.reg.requests.size() == 4u);
    BOOST_TEST(r.phone.layer.counters().registrations_refreshed == 2u);
}

BOOST_AUTO_TEST_CASE(a_registrar_given_as_a_bare_uri_keeps_its_parameters)
{
    // "sip:10.0.0.3;transport=udp;x=1" as the application writes it: the parameters are the
    // URI's (not, as in an addr-spec header value, the header's), so they reach the Request-URI
    // and choose the transport (";transport=tls" takes TLS).
    rig r;
    auto o = alice_at_example();
    o.registrar = "sip:10.0.0.3;transport=udp;x=1";
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(o).has_value());
    r.clock.settle();
    BOOST_TEST_REQUIRE(!r.reg.requests.empty());
    BOOST_TEST(r.reg.requests[0].rfind("REGISTER sip:10.0.0.3;transport=udp;x=1 SIP/2.0\r\n", 0) == 0u);
    o.registrar = "sip:10.0.0.3;transport=sctp"; // a transport we do not have: refused at once
    BOOST_TEST(!r.phone.layer.start_registration(o).has_value());
}

BOOST_AUTO_TEST_CASE(a_stale_nonce_on_refresh_is_answered_without_a_failure)
{
    rig r({{.realm = "example.com", .username = "alice", .password = "secret"}}, 300s);
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(alice_at_example()).has_value());
    r.clock.settle();
    r.clock.advance(540s);
    r.clock.settle();
    // The refresh with the old nonce, 401 stale=true, answered with the new nonce.
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 4u);
    BOOST_TEST((r.reg.nonce_counts() == std::vector<std::string>{"00000001", "00000002", "00000001"}));
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 2u);
    BOOST_TEST((regs[1].reg == dlg::registration_changed::state::registered));
}

BOOST_AUTO_TEST_CASE(interval_too_brief_is_asked_again_with_min_expires)
{
    rig r;
    r.reg.min_expires = 300;
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(alice_at_example(30s)).has_value());
    r.clock.settle();
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].reg == dlg::registration_changed::state::registered));
    BOOST_TEST(regs[0].expires == 300u);
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 3u); // challenged, 423, accepted
    BOOST_TEST(r.reg.requests[1].find("Expires: 30\r\n") != std::string::npos);
    BOOST_TEST(r.reg.requests[2].find("Expires: 300\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refresh_registration_sends_the_refresh_now_and_one_at_a_time)
{
    rig r;
    auto id = r.phone.layer.start_registration(alice_at_example());
    BOOST_TEST_REQUIRE(id.has_value());
    // Asked while the first REGISTER is out: that one is the refresh (RFC 3261 §10.2).
    BOOST_TEST(!r.phone.layer.refresh_registration(*id));
    r.clock.settle();
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 2u); // challenged, accepted
    BOOST_TEST(!r.phone.layer.refresh_registration(*id));
    r.clock.settle();
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 3u); // at once, the credentials reused
    BOOST_TEST(r.reg.requests[2].find("Expires: 600\r\n") != std::string::npos);
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 2u);
    BOOST_TEST((regs[1].reg == dlg::registration_changed::state::registered));
    BOOST_TEST((r.phone.layer.refresh_registration(*id + 100) == dlg::errc::no_such_request));
}

BOOST_AUTO_TEST_CASE(unregister_removes_the_binding_with_expires_zero)
{
    rig r;
    auto id = r.phone.layer.start_registration(alice_at_example());
    BOOST_TEST_REQUIRE(id.has_value());
    r.clock.settle();
    BOOST_TEST(!r.phone.layer.stop_registration(*id));
    r.clock.settle();
    BOOST_TEST_REQUIRE(r.reg.requests.size() == 3u); // the removal's credentials reused
    BOOST_TEST(r.reg.requests[2].find("Expires: 0\r\n") != std::string::npos);
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 2u);
    BOOST_TEST((regs[1].reg == dlg::registration_changed::state::unregistered));
    BOOST_TEST(regs[1].status == 200);
    // Forgotten: no refresh later, and a second stop is an error.
    r.clock.advance(3600s);
    BOOST_TEST(r.reg.requests.size() == 3u);
    BOOST_TEST((r.phone.layer.stop_registration(*id) == dlg::errc::no_such_request));
}

BOOST_AUTO_TEST_CASE(a_wrong_password_fails_with_an_authentication_error_after_one_try)
{
    rig r({{.realm = "example.com", .username = "alice", .password = "guess"}});
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(alice_at_example()).has_value());
    r.clock.settle();
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].reg == dlg::registration_changed::state::failed));
    BOOST_TEST(regs[0].status == 401);
    BOOST_TEST((regs[0].error == dlg::errc::auth_rejected));
    BOOST_TEST(r.reg.requests.size() == 2u);
    // Failed for good: no retries later either (a 401 is not a failure that passes).
    r.clock.advance(3600s);
    BOOST_TEST(r.reg.requests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_realm_without_credentials_is_a_clear_error)
{
    rig r({{.realm = "elsewhere.org", .username = "alice", .password = "secret"}});
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(alice_at_example()).has_value());
    r.clock.settle();
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].error == dlg::errc::auth_no_credentials));
    BOOST_TEST(r.reg.requests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(each_account_answers_with_its_own_credentials)
{
    rig r(std::vector<dlg::credential>{}); // the layer itself has none
    auto a = alice_at_example();
    a.contact = "sip:alice@10.0.0.1:5060";
    a.credentials = {{.realm = "example.com", .username = "alice", .password = "secret"}};
    auto b = alice_at_example();
    b.aor = "sip:bob@example.com";
    b.contact = "sip:bob@10.0.0.1:5060";
    b.credentials = {{.realm = "example.com", .username = "bob", .password = "hunter2"}};
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(a).has_value());
    BOOST_TEST_REQUIRE(r.phone.layer.start_registration(b).has_value());
    r.clock.settle();
    auto regs = r.phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 2u);
    for (auto const& e : regs)
        BOOST_TEST((e.reg == dlg::registration_changed::state::registered));
    std::size_t alice = 0;
    std::size_t bob = 0;
    for (auto const& m : r.reg.requests) {
        alice += m.find("username=\"alice\"") != std::string::npos;
        bob += m.find("username=\"bob\"") != std::string::npos;
    }
    BOOST_TEST(alice == 1u);
    BOOST_TEST(bob == 1u);
    // Each refreshed with its own reused credentials.
    r.clock.advance(540s);
    r.clock.settle();
    BOOST_TEST(r.reg.requests.size() == 6u);
    BOOST_TEST(r.phone.layer.counters().registrations_refreshed == 2u);
}

BOOST_AUTO_TEST_CASE(an_unanswered_register_fails_and_is_tried_again)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent phone{io, clock, net, "10.0.0.1"};
    rvoip::test::endpoint silent{net, "10.0.0.3"};
    BOOST_TEST_REQUIRE(phone.layer.start_registration(alice_at_example()).has_value());
    clock.advance(33s); // Timer F
    auto regs = phone.of("registration");
    BOOST_TEST_REQUIRE(regs.size() == 1u);
    BOOST_TEST((regs[0].reg == dlg::registration_changed::state::failed));
    BOOST_TEST(regs[0].status == 0);
    BOOST_TEST((regs[0].error == dlg::errc::timed_out || regs[0].error == tx::errc::timed_out));
    auto const sent = silent.starting("REGISTER").size();
    clock.advance(30s);
    BOOST_TEST(silent.starting("REGISTER").size() > sent);
}

BOOST_AUTO_TEST_CASE(an_invite_challenged_by_a_proxy_is_sent_again_with_credentials)
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1",
                with_credentials({{.realm = "example.com", .username = "alice", .password = "secret"}})};
    agent nobody{io, clock, net, "10.0.0.5"}; // no credentials at all
    agent bob{io, clock, net, "10.0.0.2"};
    dlg::digest_server proxy_auth({.realm = "example.com", .algorithm = dlg::digest_algorithm::sha256,
                                   .qop_auth = true, .nonce_lifetime = 300s},
                                  [&clock] { return clock.now(); });
    // Bob plays the proxy by hand: a 407 first, then the call is let through.
    std::vector<std::uint64_t> ids;
    std::vector<std::string> raw;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "INVITE") {
            ids.push_back(e.id);
            raw.push_back(e.raw);
        }
    };
    dlg::request_options call;
    call.to = "sip:bob@10.0.0.2";
    call.from = "sip:alice@example.com";
    BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
    clock.settle();
    BOOST_TEST_REQUIRE(ids.size() == 1u);
    dlg::message_parts challenge;
    challenge.headers.push_back({"Proxy-Authenticate", proxy_auth.challenge()});
    BOOST_TEST(!bob.layer.respond(ids[0], 407, challenge));
    clock.settle();
    // Sent again, with Proxy-Authorization this time (and a new CSeq, §22.2).
    BOOST_TEST_REQUIRE(ids.size() == 2u);
    BOOST_TEST(raw[0].find("Proxy-Authorization") == std::string::npos);
    BOOST_TEST(raw[1].find("Proxy-Authorization: Digest username=\"alice\"") != std::string::npos);
    BOOST_TEST(raw[1].find("algorithm=SHA-256") != std::string::npos);
    BOOST_TEST(raw[1].find("CSeq: 2 INVITE") != std::string::npos);
    BOOST_TEST(!bob.layer.respond(ids[1], 200));
    clock.settle();
    BOOST_TEST(alice.of("answered").size() == 1u);
    BOOST_TEST(alice.layer.counters().auth_retries == 1u);

    // Who has no credentials gets invite_failed with the reason, after one INVITE.
    BOOST_TEST_REQUIRE(nobody.layer.invite(call).has_value());
    clock.settle();
    BOOST_TEST_REQUIRE(ids.size() == 3u);
    BOOST_TEST(!bob.layer.respond(ids[2], 407, challenge));
    clock.settle();
    auto failed = nobody.of("failed");
    BOOST_TEST_REQUIRE(failed.size() == 1u);
    BOOST_TEST(failed[0].status == 407);
    BOOST_TEST((failed[0].error == dlg::errc::auth_no_credentials));
    BOOST_TEST(ids.size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
