#pragma once
// The bodies of the event packages a subscription carries (RFC 6665 packages): presence as
// PIDF (RFC 3863, for RFC 3856), message-summary (RFC 3842, voicemail waiting) and dialog-info
// (RFC 4235, busy-lamp fields). Builders write documents; parsers read what peers send. Parsers
// are bounded: a body over 64 KiB, or XML nested deeper than 32 elements, is refused. XML
// elements and attributes are taken by local name, whatever namespace prefix a peer uses.

#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::dialog {

// --- presence (RFC 3863) -----------------------------------------------------------------------

/// One tuple of a presence document: a way of reaching the presentity and whether it is open.
struct presence_tuple
{
    std::string id;
    bool open = false;       ///< <basic>open</basic> (else closed, or no basic status)
    std::string contact;     ///< <contact>, empty when absent
    std::string note;        ///< the tuple's first <note>
};

struct presence_document
{
    std::string entity;      ///< the presentity's URI (pres: or sip:)
    std::vector<presence_tuple> tuples;
    std::string note;        ///< the document's first top-level <note>
    /// RFC 4480 (RPID) activity of a <person>, the local name of its first <activities> child
    /// ("away", "busy", "on-the-phone"...), empty when none.
    std::string activity;
};

/// The document as application/pidf+xml (with an RPID person when `activity` is set).
std::string to_pidf(presence_document const& doc);
/// Reads an application/pidf+xml body. Errors: errc::bad_body (not XML, no <presence> root,
/// no entity, over the bounds).
boost::system::result<presence_document> parse_pidf(std::string_view body);

// --- message-summary (RFC 3842) ----------------------------------------------------------------

/// The counts of one message class ("voice-message", "fax-message", "pager-message",
/// "multimedia-message", "text-message", "none").
struct message_counts
{
    std::string message_class;
    std::uint32_t new_messages = 0;
    std::uint32_t old_messages = 0;
    std::uint32_t new_urgent = 0;
    std::uint32_t old_urgent = 0;
};

struct message_summary
{
    bool waiting = false;    ///< Messages-Waiting: yes
    std::string account;     ///< Message-Account, empty when absent
    std::vector<message_counts> counts;
};

/// The summary as application/simple-message-summary.
std::string to_text(message_summary const& s);
/// Reads an application/simple-message-summary body (header names case-insensitive, unknown
/// lines skipped). Errors: errc::bad_body (no Messages-Waiting, a count that is not one).
boost::system::result<message_summary> parse_message_summary(std::string_view body);

// --- dialog-info (RFC 4235) --------------------------------------------------------------------

struct dialog_info_entry
{
    std::string id;
    std::string call_id;       ///< empty when the notifier left the dialog identifiers out
    std::string local_tag;
    std::string remote_tag;
    std::string direction;     ///< "initiator", "recipient" or empty
    std::string state;         ///< "trying", "proceeding", "early", "confirmed", "terminated"
    std::string local_identity;
    std::string remote_identity;
};

struct dialog_info
{
    std::string entity;
    std::uint32_t version = 0;
    bool full = true;          ///< state="full" (else "partial")
    std::vector<dialog_info_entry> dialogs;
};

/// The document as application/dialog-info+xml.
std::string to_xml(dialog_info const& info);
/// Reads an application/dialog-info+xml body. Errors: errc::bad_body (not XML, no
/// <dialog-info> root, a missing or wrong version, state or entity, a dialog without id or
/// state, over the bounds).
boost::system::result<dialog_info> parse_dialog_info(std::string_view body);

} // namespace rvoip::dialog
