#pragma once
// Private: the URI, name-addr, Contact and Via parsers writing into a value that already sits
// where it is kept (a message's From, a list's new element). A parser that returns its value
// has it copied right after writing it field by field, and that copy reads back the fresh
// narrow stores with wide loads, which the CPU cannot forward: it stalls on every header.

#include <rvoip/sip/auth.hpp>
#include <rvoip/sip/content_type.hpp>
#include <rvoip/sip/cseq.hpp>
#include <rvoip/sip/error.hpp>
#include <rvoip/sip/event.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/session_timer.hpp>
#include <rvoip/sip/uri.hpp>
#include <rvoip/sip/via.hpp>

#include <string_view>

namespace rvoip::sip::detail {

/// parse_uri() into `out`, a default-constructed uri; false where parse_uri() fails. On failure
/// `out` holds partial results.
bool parse_uri_into(std::string_view text, uri& out) noexcept;

/// The *_padded_into() parsers below are the *_into() ones for text with at least sixteen
/// readable bytes after it (any text inside a message's block, which goes on after the
/// message): short hosts are checked sixteen bytes at a time, reading past the text.
bool parse_uri_padded_into(std::string_view text, uri& out) noexcept;

/// parse_uri_into() by the X3 grammar alone, without the scan of the usual shape that runs
/// first (for the tests and fuzz targets that hold the two to agreeing).
bool parse_uri_grammar_into(std::string_view text, uri& out) noexcept;

/// parse_name_addr() into `out`, a default-constructed name_addr: errc{} on success, else the
/// error parse_name_addr() returns (`out` then holds partial results).
errc parse_name_addr_into(std::string_view text, name_addr& out) noexcept;
errc parse_name_addr_padded_into(std::string_view text, name_addr& out) noexcept;

/// parse_name_addr_into() by the X3 grammars alone (see parse_uri_grammar_into()).
errc parse_name_addr_grammar_into(std::string_view text, name_addr& out) noexcept;

/// parse_contact() into `out`, a default-constructed contact, as parse_name_addr_into().
errc parse_contact_into(std::string_view text, contact& out) noexcept;
errc parse_contact_padded_into(std::string_view text, contact& out) noexcept;
/// The padded parsers above for a whole field value holding one address of the usual shapes:
/// true with `out` as they give it (such a value holds no list separator); false otherwise
/// (`out` then holds partial results), for the list split and the grammars.
bool parse_usual_name_addr_padded_into(std::string_view text, name_addr& out) noexcept;
bool parse_usual_contact_padded_into(std::string_view text, contact& out) noexcept;

/// parse_via() into `out`, a default-constructed via, as parse_name_addr_into().
errc parse_via_into(std::string_view text, via& out) noexcept;
errc parse_via_padded_into(std::string_view text, via& out) noexcept;
/// parse_via_padded_into() when `text` is one via-parm of the usual shape (a whole Via field
/// holding no list): true, with `out` as that gives it; false for any other text (`out` then
/// holds partial results), which needs the list split and the grammar.
bool parse_usual_via_padded_into(std::string_view text, via& out) noexcept;

/// parse_via_into() by the X3 grammar alone (see parse_uri_grammar_into()).
errc parse_via_grammar_into(std::string_view text, via& out) noexcept;

/// parse_cseq() into `out` (errc{} on success; `out` is left partly written on failure).
errc parse_cseq_into(std::string_view text, cseq& out) noexcept;
/// parse_cseq_into() by the X3 grammar alone (see parse_uri_grammar_into()).
errc parse_cseq_grammar_into(std::string_view text, cseq& out) noexcept;

/// The typed headers a message caches, parsed into the cache's value the same way (errc{} on
/// success, else the error of the public parser; the value then holds partial results).
errc parse_media_type_into(std::string_view text, media_type& out) noexcept;
errc parse_media_type_grammar_into(std::string_view text, media_type& out) noexcept;
errc parse_session_expires_into(std::string_view text, session_expires& out) noexcept;
errc parse_event_into(std::string_view text, event_header& out) noexcept;
errc parse_subscription_state_into(std::string_view text, subscription_state& out) noexcept;
errc parse_credentials_into(std::string_view text, credentials& out) noexcept;
errc parse_challenge_into(std::string_view text, challenge& out) noexcept;
/// The two above for text inside a message's block (see parse_uri_padded_into()).
errc parse_credentials_padded_into(std::string_view text, credentials& out) noexcept;
errc parse_challenge_padded_into(std::string_view text, challenge& out) noexcept;
/// The two above by the X3 grammars alone (see parse_uri_grammar_into()).
errc parse_credentials_grammar_into(std::string_view text, credentials& out) noexcept;
errc parse_challenge_grammar_into(std::string_view text, challenge& out) noexcept;

} // namespace rvoip::sip::detail
