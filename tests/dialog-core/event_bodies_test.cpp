// Event package bodies: PIDF, simple-message-summary and dialog-info written and read back,
// documents as other stacks write them (prefixed namespaces, RPID persons, urgent counts), and
// what is refused: not XML, a wrong root, missing mandatory attributes, bombs of nesting.
#include <rvoip/dialog/error.hpp>
#include <rvoip/dialog/event_bodies.hpp>

#include <boost/test/unit_test.hpp>

namespace dlg = rvoip::dialog;

BOOST_AUTO_TEST_SUITE(dialog_event_bodies)

BOOST_AUTO_TEST_CASE(a_presence_document_reads_back_what_was_written)
{
    dlg::presence_document doc;
    doc.entity = "sip:alice@example.com";
    doc.tuples.push_back({"t1", true, "sip:alice@10.0.0.1", "at <work> & \"busy\""});
    doc.tuples.push_back({"t2", false, {}, {}});
    doc.activity = "on-the-phone";
    doc.note = "back soon";
    auto const back = dlg::parse_pidf(dlg::to_pidf(doc));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->entity == doc.entity);
    BOOST_TEST_REQUIRE(back->tuples.size() == 2u);
    BOOST_TEST(back->tuples[0].id == "t1");
    BOOST_TEST(back->tuples[0].open);
    BOOST_TEST(back->tuples[0].contact == "sip:alice@10.0.0.1");
    BOOST_TEST(back->tuples[0].note == "at <work> & \"busy\"");
    BOOST_TEST(!back->tuples[1].open);
    BOOST_TEST(back->activity == "on-the-phone");
    BOOST_TEST(back->note == "back soon");
}

BOOST_AUTO_TEST_CASE(a_pidf_with_prefixed_elements_as_other_agents_send_it_is_read)
{
    auto const doc = dlg::parse_pidf(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<p:presence xmlns:p='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'\n"
        "  xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='pres:bob@example.org'>\n"
        "  <!-- a comment -->\n"
        "  <p:tuple id='x'><p:status><p:basic> open </p:basic></p:status>"
        "<p:contact priority='0.8'>sip:bob@192.0.2.4</p:contact></p:tuple>\n"
        "  <dm:person id='p'><rpid:activities><rpid:away/></rpid:activities></dm:person>\n"
        "</p:presence>\n");
    BOOST_TEST_REQUIRE(doc.has_value());
    BOOST_TEST(doc->entity == "pres:bob@example.org");
    BOOST_TEST_REQUIRE(doc->tuples.size() == 1u);
    BOOST_TEST(doc->tuples[0].open);
    BOOST_TEST(doc->tuples[0].contact == "sip:bob@192.0.2.4");
    BOOST_TEST(doc->activity == "away");
}

BOOST_AUTO_TEST_CASE(what_is_not_a_presence_document_is_refused)
{
    for (std::string_view bad : {"", "not xml", "<presence>unclosed", "<other entity='sip:a@b'/>",
                                 "<presence xmlns='urn:ietf:params:xml:ns:pidf'/>", // no entity
                                 "<presence entity='sip:a@b'/><presence entity='sip:c@d'/>"})
        BOOST_TEST((dlg::parse_pidf(bad).error() == dlg::errc::bad_body), bad);
    std::string deep = "<presence entity='sip:a@b'>";
    for (int i = 0; i < 5000; ++i)
        deep += "<a>";
    BOOST_TEST((dlg::parse_pidf(deep).error() == dlg::errc::bad_body));
    BOOST_TEST((dlg::parse_pidf(std::string(70000, ' ') + "<presence entity='sip:a@b'/>").error() ==
                dlg::errc::bad_body));
}

BOOST_AUTO_TEST_CASE(a_message_summary_reads_back_and_as_servers_write_it)
{
    dlg::message_summary s;
    s.waiting = true;
    s.account = "sip:alice@vmail.example.com";
    s.counts.push_back({"voice-message", 2, 8, 0, 2});
    s.counts.push_back({"fax-message", 1, 0, 0, 0});
    auto const text = dlg::to_text(s);
    BOOST_TEST(text == "Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n"
                       "Voice-Message: 2/8 (0/2)\r\nFax-Message: 1/0\r\n");
    auto const back = dlg::parse_message_summary(text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->waiting);
    BOOST_TEST(back->account == s.account);
    BOOST_TEST_REQUIRE(back->counts.size() == 2u);
    BOOST_TEST(back->counts[0].message_class == "voice-message");
    BOOST_TEST(back->counts[0].old_messages == 8u);
    BOOST_TEST(back->counts[0].old_urgent == 2u);

    // Asterisk's form: lower case, no account, an optional message header after a blank line.
    auto const asterisk = dlg::parse_message_summary(
        "Messages-Waiting: no\r\nvoice-message: 0/3 (0/0)\r\n\r\nMessage-ID: <123@vmail>\r\n");
    BOOST_TEST_REQUIRE(asterisk.has_value());
    BOOST_TEST(!asterisk->waiting);
    BOOST_TEST_REQUIRE(asterisk->counts.size() == 1u);
    BOOST_TEST(asterisk->counts[0].old_messages == 3u);

    for (std::string_view bad : {"", "Voice-Message: 1/2\r\n", "Messages-Waiting: maybe\r\n",
                                 "Messages-Waiting: yes\r\nVoice-Message: 1\r\n",
                                 "Messages-Waiting: yes\r\nVoice-Message: 1/x\r\n",
                                 "Messages-Waiting: yes\r\nVoice-Message: 1/2 (3/\r\n",
                                 "Messages-Waiting: yes\r\nVoice-Message: 99999999999/2\r\n"})
        BOOST_TEST((dlg::parse_message_summary(bad).error() == dlg::errc::bad_body), bad);
}

BOOST_AUTO_TEST_CASE(a_dialog_info_document_reads_back_what_was_written)
{
    dlg::dialog_info info;
    info.entity = "sip:alice@example.com";
    info.version = 7;
    info.full = false;
    info.dialogs.push_back({"d1", "a84b4c76e66710", "1928301774", "456248", "initiator", "confirmed",
                            "sip:alice@example.com", "sip:bob@example.org"});
    info.dialogs.push_back({"d2", {}, {}, {}, {}, "early", {}, {}});
    auto const back = dlg::parse_dialog_info(dlg::to_xml(info));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->entity == info.entity);
    BOOST_TEST(back->version == 7u);
    BOOST_TEST(!back->full);
    BOOST_TEST_REQUIRE(back->dialogs.size() == 2u);
    BOOST_TEST(back->dialogs[0].call_id == "a84b4c76e66710");
    BOOST_TEST(back->dialogs[0].remote_tag == "456248");
    BOOST_TEST(back->dialogs[0].direction == "initiator");
    BOOST_TEST(back->dialogs[0].state == "confirmed");
    BOOST_TEST(back->dialogs[0].remote_identity == "sip:bob@example.org");
    BOOST_TEST(back->dialogs[1].state == "early");

    for (std::string_view bad :
         {"<dialog-info version='1' state='full'/>", // no entity
          "<dialog-info version='x' state='full' entity='sip:a@b'/>",
          "<dialog-info version='1' state='some' entity='sip:a@b'/>",
          "<dialog-info version='1' state='full' entity='sip:a@b'><dialog id='d'><state>ringing</state></dialog>"
          "</dialog-info>",
          "<dialog-info version='1' state='full' entity='sip:a@b'><dialog><state>early</state></dialog></dialog-info>"})
        BOOST_TEST((dlg::parse_dialog_info(bad).error() == dlg::errc::bad_body), bad);
}

BOOST_AUTO_TEST_SUITE_END()
