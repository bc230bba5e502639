#pragma once
// Errors of dialog-core: one errc enum and its category ("rvoip.dialog").

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace rvoip::dialog {

/// Everything dialog-core can report. Values are stable; 0 is never used.
enum class errc
{
    no_such_dialog = 1,     // a handle that names no dialog (or one that has ended)
    no_such_request,        // a request handle that names no request waiting for an answer
    wrong_state,            // the call does not fit the dialog's state (BYE before any dialog...)
    request_pending,        // an INVITE or UPDATE of this dialog is still in progress (§14.1)
    offer_pending,          // an offer is outstanding: a new one must wait (RFC 3264 §4, RFC 3311)
    cseq_out_of_order,      // a request's CSeq is not above the last one (§12.2.2: answer 500)
    missing_contact,        // a dialog-creating message without a usable Contact (§12.1)
    missing_tag,            // a dialog-creating response without a To tag
    bad_request,            // a request the layer could not build from what it was given
    no_route,               // the next hop could not be resolved (RFC 3263)
    timed_out,              // no final response in time (Timer B/F), or no ACK for a 2xx
    transport_failed,       // the transport could not send the request
    request_failed,         // the peer answered with a final failure (the status says which)
    auth_no_credentials,    // a challenge for a realm with no configured credentials
    auth_unsupported,       // every challenge uses an algorithm or qop this stack does not know
    auth_rejected,          // the credentials were challenged again: wrong user or password
    limit_reached,          // a configured limit (dialogs, registrations, pending requests)
    bad_rack,               // a PRACK whose RAck matches no reliable provisional response
    session_interval_too_small, // a Session-Expires below our Min-SE (RFC 4028: answer 422)
    bad_body,               // an event package's body that is not what its format says
};

/// The error category of dialog-core; name() is "rvoip.dialog".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

} // namespace rvoip::dialog

template<>
struct boost::system::is_error_code_enum<rvoip::dialog::errc> : std::true_type
{
};
