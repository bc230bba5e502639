// RFC 3261 §17.1.3 and §17.2.3 matching.
#include <rvoip/transaction/transaction_key.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

namespace {

sip::message request(std::string const& method, std::string const& cseq_method,
                     std::string const& via)
{
    std::string const text = method + " sip:bob@example.com SIP/2.0\r\n"
                             "Via: " + via + "\r\n"
                             "From: <sip:alice@example.com>;tag=1928301774\r\n"
                             "To: <sip:bob@example.com>\r\n"
                             "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
                             "CSeq: 314159 " + cseq_method + "\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n\r\n";
    auto m = sip::parse_message(text);
    BOOST_TEST_REQUIRE(m.has_value());
    return std::move(*m);
}

std::string const via = "SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776asdhds";

} // namespace

BOOST_AUTO_TEST_SUITE(transaction_key)

BOOST_AUTO_TEST_CASE(ack_of_a_non_2xx_matches_the_invite_server_transaction)
{
    auto invite = tx::server_key(request("INVITE", "INVITE", via));
    auto ack = tx::server_key(request("ACK", "ACK", via));
    BOOST_TEST_REQUIRE((invite && ack));
    BOOST_TEST((*invite == *ack));
    BOOST_TEST(!invite->rfc2543());
}

BOOST_AUTO_TEST_CASE(cancel_has_its_own_transaction_but_finds_the_invite)
{
    auto invite = tx::server_key(request("INVITE", "INVITE", via));
    auto cancel = request("CANCEL", "CANCEL", via);
    auto cancel_key = tx::server_key(cancel);
    auto target = tx::cancelled_invite_key(cancel);
    BOOST_TEST_REQUIRE((invite && cancel_key && target));
    BOOST_TEST(!(*invite == *cancel_key));
    BOOST_TEST((*invite == *target));
}

BOOST_AUTO_TEST_CASE(same_branch_from_another_sent_by_is_another_transaction)
{
    auto a = tx::server_key(request("OPTIONS", "OPTIONS", via));
    auto b = tx::server_key(request("OPTIONS", "OPTIONS",
                                    "SIP/2.0/UDP other.example.com:5060;branch=z9hG4bK776asdhds"));
    BOOST_TEST_REQUIRE((a && b));
    BOOST_TEST(!(*a == *b));
}

BOOST_AUTO_TEST_CASE(sent_by_host_compares_case_insensitively)
{
    auto a = tx::server_key(request("OPTIONS", "OPTIONS", via));
    auto b = tx::server_key(request("OPTIONS", "OPTIONS",
                                    "SIP/2.0/UDP PC33.Example.COM:5060;branch=z9hG4bK776asdhds"));
    BOOST_TEST_REQUIRE((a && b));
    BOOST_TEST((*a == *b));
}

BOOST_AUTO_TEST_CASE(rfc2543_requests_match_by_dialog_and_cseq)
{
    std::string const old_via = "SIP/2.0/UDP pc33.example.com:5060";
    auto invite = tx::server_key(request("INVITE", "INVITE", old_via));
    auto again = tx::server_key(request("INVITE", "INVITE", old_via));
    auto ack = tx::server_key(request("ACK", "ACK", old_via));
    BOOST_TEST_REQUIRE((invite && again && ack));
    BOOST_TEST(invite->rfc2543());
    BOOST_TEST((*invite == *again));
    BOOST_TEST((*invite == *ack));
}

BOOST_AUTO_TEST_CASE(response_matches_client_transaction_by_branch_and_cseq_method)
{
    auto parse = [](std::string const& cseq_method) {
        auto m = sip::parse_message("SIP/2.0 200 OK\r\n"
                                    "Via: " + via + "\r\n"
                                    "From: <sip:alice@example.com>;tag=1928301774\r\n"
                                    "To: <sip:bob@example.com>;tag=a6c85cf\r\n"
                                    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
                                    "CSeq: 314159 " + cseq_method + "\r\n"
                                    "Content-Length: 0\r\n\r\n");
        BOOST_TEST_REQUIRE(m.has_value());
        return tx::client_key(*m);
    };
    auto invite = parse("INVITE");
    auto cancel = parse("CANCEL");
    BOOST_TEST_REQUIRE((invite && cancel));
    BOOST_TEST(!(*invite == *cancel));
    BOOST_TEST(invite->text() == "z9hG4bK776asdhds|INVITE");
}

BOOST_AUTO_TEST_SUITE_END()
