// Transfer: REFER (RFC 3515) with its implicit subscription and message/sipfrag NOTIFYs,
// Refer-Sub: false (RFC 4488), the Refer-To of an attended transfer, and INVITEs with Replaces
// (RFC 3891) matched to the dialog they replace, or refused 481/486/603 by the layer.
#include "dialog_test_support.hpp"

#include <rvoip/sip/message.hpp>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using rvoip::test::agent;
using rvoip::test::endpoint;
using rvoip::test::header_in;
using rvoip::test::seen;

namespace {

struct rig
{
    boost::asio::io_context io;
    tx::manual_clock clock{io};
    tx::memory_network net{io};
    agent alice{io, clock, net, "10.0.0.1"};
    agent bob{io, clock, net, "10.0.0.2"};
    endpoint carol{net, "10.0.0.9"};
    dlg::dialog_id a; ///< Alice's side of the call
    dlg::dialog_id b; ///< Bob's side

    rig()
    {
        bob.on_event = [this](seen const& e) {
            if (e.kind == "request" && e.method == "INVITE" && !e.in_dialog)
                BOOST_TEST(!bob.layer.respond(e.id, 200));
        };
        dlg::request_options call;
        call.to = "sip:bob@10.0.0.2";
        call.from = "sip:alice@10.0.0.1";
        BOOST_TEST_REQUIRE(alice.layer.invite(call).has_value());
        clock.settle();
        bob.on_event = {};
        a = alice.of("answered").at(0).dialog;
        b = bob.of("ack").at(0).dialog;
    }

    /// Carol's INVITE to Bob with `replaces` as its Replaces value: the status Bob's layer gave
    /// (0 when it went up to Bob's application).
    int invite_replacing(std::string const& replaces, int n)
    {
        auto const before = carol.received.size();
        carol.send({"10.0.0.2", 5060},
                   "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKrep" +
                       std::to_string(n) + "\r\nMax-Forwards: 70\r\nFrom: <sip:carol@10.0.0.9>;tag=c" +
                       std::to_string(n) + "\r\nTo: <sip:bob@10.0.0.2>\r\nCall-ID: rep" + std::to_string(n) +
                       "@test\r\nCSeq: 1 INVITE\r\nContact: <sip:carol@10.0.0.9>\r\nReplaces: " + replaces +
                       "\r\nContent-Length: 0\r\n\r\n");
        clock.settle();
        for (auto i = before; i < carol.received.size(); ++i)
            if (carol.received[i].starts_with("SIP/2.0 ") && !carol.received[i].starts_with("SIP/2.0 100"))
                return std::stoi(carol.received[i].substr(8, 3));
        return 0;
    }
};

std::uint32_t cseq_of(std::string const& raw)
{
    return static_cast<std::uint32_t>(std::stoul(header_in(raw, "CSeq")));
}

} // namespace

BOOST_AUTO_TEST_SUITE(dialog_refer)

BOOST_FIXTURE_TEST_CASE(a_blind_transfer_reports_its_progress_by_sipfrag_until_the_final_status, rig)
{
    std::uint32_t refer = 0;
    std::string refer_to, referred_by;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "REFER") {
            BOOST_TEST(e.in_dialog);
            refer = cseq_of(e.raw);
            refer_to = header_in(e.raw, "Refer-To");
            referred_by = header_in(e.raw, "Referred-By");
            BOOST_TEST(!bob.layer.respond(e.id, 202));
        }
    };
    int refer_status = 0;
    BOOST_TEST(!alice.layer.refer(a, {"sip:carol@10.0.0.9", "sip:alice@10.0.0.1", true},
                                  [&](boost::system::error_code, sip::message const* m) {
                                      refer_status = m ? m->status_code() : -1;
                                  }));
    clock.settle();
    BOOST_TEST(refer_status == 202);
    BOOST_TEST(refer_to == "<sip:carol@10.0.0.9>");
    BOOST_TEST(referred_by == "<sip:alice@10.0.0.1>");
    // The layer sent the first NOTIFY by itself (RFC 3515 §2.4.4).
    auto progress = alice.of("refer");
    BOOST_TEST_REQUIRE(progress.size() == 1u);
    BOOST_TEST(progress[0].id == refer);
    BOOST_TEST(progress[0].status == 100);
    BOOST_TEST(!progress[0].terminated);
    BOOST_TEST(progress[0].body == "SIP/2.0 100 Trying\r\n");

    BOOST_TEST(!bob.layer.notify_refer(b, refer, 180));
    BOOST_TEST(!bob.layer.notify_refer(b, refer, 200));
    clock.settle();
    progress = alice.of("refer");
    BOOST_TEST_REQUIRE(progress.size() == 3u);
    BOOST_TEST(progress[1].status == 180);
    BOOST_TEST(!progress[1].terminated);
    BOOST_TEST(progress[2].status == 200);
    BOOST_TEST(progress[2].terminated);
    // The subscription has ended on both sides.
    BOOST_TEST((bob.layer.notify_refer(b, refer, 200) == dlg::errc::no_such_request));
    BOOST_TEST((bob.layer.notify_refer(b, refer + 7, 180) == dlg::errc::no_such_request));
    BOOST_TEST(alice.layer.find(a) != nullptr); // the call carries on until someone hangs up
}

BOOST_FIXTURE_TEST_CASE(refer_sub_false_asks_for_no_notifications, rig)
{
    std::uint32_t refer = 0;
    bob.on_event = [&](seen const& e) {
        if (e.kind == "request" && e.method == "REFER") {
            refer = cseq_of(e.raw);
            BOOST_TEST(header_in(e.raw, "Refer-Sub") == "false");
            BOOST_TEST(!bob.layer.respond(e.id, 202));
        }
    };
    std::string answer_refer_sub;
    BOOST_TEST(!alice.layer.refer(a, {"sip:carol@10.0.0.9", "", false},
                                  [&](boost::system::error_code, sip::message const* m) {
                                      BOOST_TEST_REQUIRE(m != nullptr);
                                      auto const f = m->find("Refer-Sub");
                                      answer_refer_sub = f ? std::string(f->value) : "";
                                  }));
    clock.settle();
    BOOST_TEST(answer_refer_sub == "false"); // RFC 4488 §4: the UAS says it made none
    BOOST_TEST(alice.of("refer").empty());
    BOOST_TEST((bob.layer.notify_refer(b, refer, 200) == dlg::errc::no_such_request));
}

BOOST_FIXTURE_TEST_CASE(a_refer_notify_for_no_refer_of_ours_gets_481, rig)
{
    int status = 0;
    dlg::message_parts notify;
    notify.content_type = "message/sipfrag;version=2.0";
    notify.body = "SIP/2.0 200 OK\r\n";
    notify.headers = {{"Event", "refer;id=4242"}, {"Subscription-State", "terminated;reason=noresource"}};
    BOOST_TEST(!bob.layer.request(b, "NOTIFY", notify, [&](boost::system::error_code, sip::message const* m) {
        status = m ? m->status_code() : -1;
    }));
    clock.settle();
    BOOST_TEST(status == 481);
    BOOST_TEST(alice.layer.counters().no_such_subscription == 1u);
    BOOST_TEST(alice.of("refer").empty());
}

BOOST_FIXTURE_TEST_CASE(the_refer_to_of_an_attended_transfer_names_the_dialog_as_the_target_sees_it, rig)
{
    dlg::dialog_id const ours{"abc@host", "mytag", "theirtag"};
    BOOST_TEST(dlg::refer_to_replacing("sip:carol@10.0.0.9", ours) ==
               "<sip:carol@10.0.0.9?Replaces=abc%40host%3Bto-tag%3Dtheirtag%3Bfrom-tag%3Dmytag>");
    BOOST_TEST(dlg::refer_to_replacing("<sip:carol@10.0.0.9>", ours, true) ==
               "<sip:carol@10.0.0.9?Replaces=abc%40host%3Bto-tag%3Dtheirtag%3Bfrom-tag%3Dmytag%3Bearly-only>");
}

BOOST_FIXTURE_TEST_CASE(an_invite_with_replaces_is_matched_to_the_dialog_or_refused, rig)
{
    // As Bob sees the call: to-tag is his tag, from-tag Alice's.
    std::string const match = b.call_id + ";to-tag=" + b.local_tag + ";from-tag=" + b.remote_tag;
    BOOST_TEST(invite_replacing(b.call_id + ";to-tag=nope;from-tag=" + b.remote_tag, 1) == 481);
    BOOST_TEST(invite_replacing(match + ";early-only", 2) == 486); // the call is confirmed
    BOOST_TEST(invite_replacing("no tags at all", 3) == 400);
    BOOST_TEST(bob.layer.counters().replaces_refused == 3u);

    BOOST_TEST(invite_replacing(match, 4) == 0);
    auto const invites = bob.of("request");
    BOOST_TEST_REQUIRE(!invites.empty());
    BOOST_TEST_REQUIRE(invites.back().replaces.has_value());
    BOOST_TEST((*invites.back().replaces == b));

    // Once the replaced call has ended, a Replaces of it is declined (603), not unknown.
    BOOST_TEST(!bob.layer.bye(b));
    clock.settle();
    BOOST_TEST(invite_replacing(match, 5) == 603);
}

BOOST_AUTO_TEST_SUITE_END()
