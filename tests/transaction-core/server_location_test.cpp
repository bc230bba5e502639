// RFC 3263 §4 target selection, over a DNS given as a table.
#include <rvoip/transaction/server_location.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

namespace {

struct table_dns : tx::dns_lookup
{
    std::map<std::string, std::vector<tx::naptr_record>> naptrs;
    std::map<std::string, std::vector<tx::srv_record>> srvs;
    std::map<std::string, std::vector<std::string>> hosts;
    std::vector<std::string> asked;

    boost::system::result<std::vector<tx::naptr_record>> naptr(std::string const& name) override
    {
        asked.push_back("NAPTR " + name);
        return naptrs[name];
    }
    boost::system::result<std::vector<tx::srv_record>> srv(std::string const& name) override
    {
        asked.push_back("SRV " + name);
        return srvs[name];
    }
    boost::system::result<std::vector<std::string>> addresses(std::string const& name) override
    {
        asked.push_back("A " + name);
        return hosts[name];
    }
};

std::vector<tx::target> locate(std::string const& text, table_dns& dns, std::uint32_t random = 0)
{
    auto u = sip::parse_uri(text);
    BOOST_TEST_REQUIRE(u.has_value());
    auto r = tx::locate(*u, dns, [random] { return random; });
    BOOST_TEST_REQUIRE(r.has_value());
    return *r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_location)

BOOST_AUTO_TEST_CASE(numeric_host_needs_no_dns_and_uses_udp_or_tls)
{
    table_dns dns;
    auto t = locate("sip:bob@192.0.2.4", dns);
    BOOST_TEST_REQUIRE(t.size() == 1u);
    BOOST_TEST((t[0] == tx::target{tx::transport_kind::udp, "192.0.2.4", 5060, {}}));
    auto s = locate("sips:bob@[2001:db8::1]", dns);
    BOOST_TEST((s[0] == tx::target{tx::transport_kind::tls, "2001:db8::1", 5061, {}}));
    BOOST_TEST(dns.asked.empty());
}

BOOST_AUTO_TEST_CASE(explicit_port_skips_naptr_and_srv)
{
    table_dns dns;
    dns.hosts["example.com"] = {"192.0.2.7"};
    auto t = locate("sip:bob@example.com:5080;transport=tcp", dns);
    BOOST_TEST_REQUIRE(t.size() == 1u);
    BOOST_TEST((t[0] == tx::target{tx::transport_kind::tcp, "192.0.2.7", 5080, "example.com"}));
    BOOST_TEST_REQUIRE(dns.asked.size() == 1u);
    BOOST_TEST(dns.asked[0] == "A example.com");
}

BOOST_AUTO_TEST_CASE(naptr_orders_transports_then_srv_orders_servers)
{
    table_dns dns;
    // RFC 3263 §4.1's example: TCP preferred over UDP by order.
    dns.naptrs["example.com"] = {{90, 50, "s", "SIP+D2U", "_sip._udp.example.com"},
                                 {50, 50, "s", "SIP+D2T", "_sip._tcp.example.com"},
                                 {60, 50, "s", "SIP+D2S", "_sip._sctp.example.com"}};
    dns.srvs["_sip._tcp.example.com"] = {{0, 0, 5060, "tcp.example.com"}};
    dns.srvs["_sip._udp.example.com"] = {{0, 0, 5060, "udp.example.com"}};
    dns.hosts["tcp.example.com"] = {"192.0.2.1"};
    dns.hosts["udp.example.com"] = {"192.0.2.2"};
    auto t = locate("sip:bob@example.com", dns);
    BOOST_TEST_REQUIRE(t.size() == 2u);
    BOOST_TEST((t[0] == tx::target{tx::transport_kind::tcp, "192.0.2.1", 5060, "example.com"}));
    BOOST_TEST((t[1] == tx::target{tx::transport_kind::udp, "192.0.2.2", 5060, "example.com"}));
}

BOOST_AUTO_TEST_CASE(srv_priority_first_then_weight)
{
    table_dns dns;
    dns.srvs["_sip._udp.example.com"] = {{20, 0, 5070, "backup.example.com"},
                                         {10, 1, 5060, "light.example.com"},
                                         {10, 99, 5060, "heavy.example.com"}};
    dns.hosts["backup.example.com"] = {"192.0.2.30"};
    dns.hosts["light.example.com"] = {"192.0.2.10"};
    dns.hosts["heavy.example.com"] = {"192.0.2.20"};
    // random 50 of a total weight 100: the running sum reaches it at "heavy" (RFC 2782).
    auto t = locate("sip:bob@example.com", dns, 50);
    BOOST_TEST_REQUIRE(t.size() == 3u);
    BOOST_TEST(t[0].address == "192.0.2.20");
    BOOST_TEST(t[1].address == "192.0.2.10");
    BOOST_TEST(t[2].address == "192.0.2.30"); // priority 20 only after every priority 10
    BOOST_TEST(t[2].port == 5070);
    // RFC 5922 §4: TLS proves the URI's domain, not the SRV target's name.
    BOOST_TEST(t[0].server_name == "example.com");
}

BOOST_AUTO_TEST_CASE(no_naptr_no_srv_falls_back_to_a_records)
{
    table_dns dns;
    dns.hosts["example.com"] = {"192.0.2.9", "2001:db8::9"};
    auto t = locate("sip:bob@example.com", dns);
    BOOST_TEST_REQUIRE(t.size() == 2u);
    BOOST_TEST((t[0] == tx::target{tx::transport_kind::udp, "192.0.2.9", 5060, "example.com"}));
    BOOST_TEST(t[1].address == "2001:db8::9");
}

BOOST_AUTO_TEST_CASE(nothing_resolves_is_an_error)
{
    table_dns dns;
    auto u = sip::parse_uri("sip:bob@nowhere.example");
    BOOST_TEST(!tx::locate(*u, dns, [] { return 0u; }).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
