#pragma once
// The dialog layer: the user agent core of RFC 3261 (§8, §12-§15) over a transaction layer it
// owns. It creates and keeps dialogs, builds the requests and responses that belong to them
// (From/To tags, Call-ID, CSeq, Contact, Route, Via), ACKs 2xx responses and retransmits its own
// 2xx until the ACK comes, CANCELs, answers 481/500/491 by the RFC, answers digest challenges,
// and reports what happened as events. A call layer drives it with dialog ids and statuses, not
// with messages it has to assemble.
//
// Threading: one layer belongs to one io_context. Every call into it and every event from it
// happens on the thread running that io_context; the sink may call back into the layer. Views
// and references in events live for the call of the sink only.

#include <rvoip/dialog/dialog.hpp>
#include <rvoip/dialog/digest.hpp>
#include <rvoip/dialog/error.hpp>

#include <rvoip/transaction/layer.hpp>
#include <rvoip/transaction/server_location.hpp>

#include <rvoip/sip/event.hpp>
#include <rvoip/sip/message.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace rvoip::transaction {
class memory_network;
}

namespace rvoip::dialog {

/// A request we received and have not answered finally yet (answer it with layer::respond).
using request_id = std::uint64_t;
/// An INVITE we sent outside any dialog: one call attempt, which may fork into several dialogs.
using invite_id = std::uint64_t;
/// A registration binding kept by the layer (REGISTER and its refreshes).
using registration_id = std::uint64_t;
/// A subscription (RFC 6665): one we asked for with subscribe() (which may fork into several
/// dialogs, one per notifier), or one we accepted as notifier with accept_subscription().
using subscription_id = std::uint64_t;
/// An event state we publish (RFC 3903), kept by the layer with its entity-tag.
using publication_id = std::uint64_t;

/// A header a caller adds to a request or response.
struct extra_header
{
    std::string name;
    std::string value;
};

/// What a caller puts in a message beyond what the layer writes itself.
struct message_parts
{
    std::string content_type; ///< with a body ("application/sdp")
    std::string body;
    std::vector<extra_header> headers;
    std::string reason;       ///< responses: the reason phrase (empty: the standard one)
};

/// Why a dialog ended.
enum class end_reason : std::uint8_t
{
    bye_received,     ///< the peer sent BYE (answered 200)
    bye_sent,         ///< we sent BYE (whatever its answer)
    cancelled,        ///< an early dialog of a call that was CANCELled (either side)
    rejected,         ///< an early dialog of an INVITE that got a final non-2xx
    no_ack,           ///< we sent a 2xx and no ACK came in 64*T1 (§13.3.1.4: a BYE was sent)
    timed_out,        ///< an in-dialog request timed out or got 408/481 (§12.2.1.2)
    forked_extra,     ///< a further 2xx of a forked INVITE: ACKed and ended with BYE (§13.2.2.4)
    no_prack,         ///< our reliable 1xx got no PRACK in 64*T1: the INVITE was refused 504 (RFC 3262 §3)
    session_expired,  ///< RFC 4028: the session was not refreshed in time (a BYE was sent)
    subscription_ended, ///< the subscription that made the dialog ended (RFC 6665 §4.4.1)
};
std::string_view to_string(end_reason r) noexcept;

// --- events ----------------------------------------------------------------------------------

/// A request arrived that the layer does not answer itself: a new INVITE (a call), a
/// re-INVITE, UPDATE, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE, PUBLISH, REGISTER, or any other
/// method. Answer it with respond(id, ...). For an INVITE outside a dialog, `dialog` is the id
/// the dialog will have once a 1xx (other than 100) or 2xx is sent; `in_dialog` says whether the
/// request came inside an existing dialog.
struct request_received
{
    request_id id;
    dialog_id const& dialog;
    bool in_dialog;
    sip::message const& request;
    /// An INVITE with Replaces (RFC 3891) that matched a dialog of ours the caller may replace
    /// (a confirmed one, or an early one we initiated): that dialog (end it once the new call
    /// is accepted). A Replaces that matches nothing was answered 481, an ended dialog 603, a
    /// confirmed one with early-only 486, by the layer.
    dialog_id const* replaces = nullptr;
};
/// A CANCEL stopped an INVITE we had not answered finally: the layer answered the CANCEL 200
/// and the INVITE 487 (§9.2); `id` is no longer valid.
struct request_cancelled
{
    request_id id;
    dialog_id const& dialog;
};
/// A provisional response to our INVITE; `dialog` is set when it created or belongs to an early
/// dialog (a To tag and not 100).
struct invite_progressed
{
    invite_id invite;
    dialog_id const* dialog;
    sip::message const& response;
    /// A reliable provisional response (RFC 3262): its RSeq, else 0. Retransmissions of it do
    /// not come up again. The layer PRACKs it, except when it carries an offer (our INVITE had
    /// none): then `prack_wanted`, and prack() sends the answer.
    std::uint32_t rseq = 0;
    bool prack_wanted = false;
};
/// A 2xx to our INVITE: the dialog is confirmed and, unless the INVITE was sent with
/// auto_ack=false (an offer expected in the ACK), the ACK has gone.
struct invite_answered
{
    invite_id invite;
    dialog_id const& dialog;
    sip::message const& response;
};
/// Our INVITE ended without a dialog: a final non-2xx (after any digest retries), or `error`
/// (timeout, transport). `response` is null when no final response came.
struct invite_failed
{
    invite_id invite;
    int status;
    /// errc::request_failed for a final non-2xx, errc::auth_* for a 401/407 that could not be
    /// answered, the transaction's error when no response came.
    boost::system::error_code error;
    sip::message const* response;
};
/// The ACK of a 2xx we sent (an initial INVITE's or a re-INVITE's); it may carry an answer.
struct ack_received
{
    dialog_id const& dialog;
    sip::message const& ack;
};
/// A dialog ended; its id is no longer valid.
struct dialog_terminated
{
    dialog_id const& dialog;
    end_reason reason;
};
/// A NOTIFY of the implicit subscription of a REFER we sent (RFC 3515 §2.4.4), answered 200 by
/// the layer: how the referred request is doing.
struct refer_progress
{
    dialog_id const& dialog;
    std::uint32_t refer;   ///< the REFER's CSeq number (the subscription's id)
    int status;            ///< the status of the message/sipfrag body's status line (0: none)
    bool terminated;       ///< the subscription ended: no more NOTIFYs for this REFER
    sip::message const& notify;
};

/// A NOTIFY of a subscription we asked for (subscribe()), answered 200 by the layer: the
/// notifier's state of the resource in its body. The first one of each notifier makes that
/// subscription's dialog (a forked SUBSCRIBE gets one per notifier, RFC 6665 §4.1.2.4).
struct notification
{
    subscription_id id;
    dialog_id const& dialog;
    sip::substate state;   ///< active, pending or terminated (an unknown state counts as active)
    std::uint32_t expires; ///< seconds the subscription has left (0 when terminated)
    sip::message const& notify;
};
/// A subscription ended, in one dialog of it (`dialog`) or before any dialog was made
/// (`dialog` null: the SUBSCRIBE was refused or not answered).
struct subscription_ended
{
    subscription_id id;
    dialog_id const* dialog;
    bool notifier;            ///< it was one we accepted (else one we asked for)
    /// RFC 6665 §4.2.2's event-reason of the terminating NOTIFY ("deactivated", "probation",
    /// "rejected", "timeout", "giveup", "noresource", "invariant", or none), or the layer's:
    /// "refused" (a final non-2xx to the SUBSCRIBE, `status`), "no_response" (`error`),
    /// "no_notify" (no NOTIFY in 64*T1 after the 2xx), "expired" (not refreshed in time),
    /// "unsubscribed" (the subscriber asked with Expires: 0), "dialog_ended".
    std::string_view reason;
    int status;
    boost::system::error_code error;
    /// Subscriber: a new SUBSCRIBE goes out after `retry_after` seconds (RFC 6665 §4.1.3:
    /// after deactivated or timeout at once, after probation or giveup when the notifier said
    /// when), and `id` stays valid.
    bool resubscribing;
    std::uint32_t retry_after;
    /// No dialog and no SUBSCRIBE of this subscription is left: `id` is no longer valid.
    bool last;
};
/// The state of a publication changed (RFC 3903).
struct publication_changed
{
    enum class state : std::uint8_t
    {
        published, ///< the ESC took the state (also after each refresh and modification)
        removed,   ///< stop_publication() removed it
        failed,    ///< refused (status) or not answered (error): the publication is forgotten
    };
    publication_id id;
    state now;
    std::uint32_t expires; ///< the seconds the ESC granted (published)
    int status;
    boost::system::error_code error;
    std::string_view etag; ///< the SIP-ETag the ESC gave (published)
};

/// The state of a registration changed.
struct registration_changed
{
    enum class state : std::uint8_t
    {
        registered,   ///< the registrar accepted the binding (also after each refresh)
        unregistered, ///< the binding was removed (stop_registration) or it was never made
        failed,       ///< the registrar refused (status) or did not answer (error)
    };
    registration_id id;
    state now;
    std::uint32_t expires;            ///< the seconds the registrar granted (registered)
    int status;                       ///< the final response's status, 0 without one
    boost::system::error_code error;
    std::vector<std::string> const& service_route; ///< RFC 3608, for requests of this AOR
};

using event = std::variant<request_received, request_cancelled, invite_progressed, invite_answered,
                           invite_failed, ack_received, dialog_terminated, registration_changed, refer_progress,
                           notification, subscription_ended, publication_changed>;
using event_sink = std::function<void(event const&)>;

/// The result of a request sent in a dialog or outside one: its final response (after any
/// digest retries; null with `error` set when none came). A 401/407 that could not be answered
/// comes with its errc::auth_* error (no credentials for the realm, rejected, unsupported).
using request_handler = std::function<void(boost::system::error_code error, sip::message const* response)>;

// --- options -----------------------------------------------------------------------------------

struct layer_options
{
    transaction::layer_options transaction{};
    /// Our Contact URI. Empty: sip:<user>@<the listening address>, transport parameter for
    /// connection transports.
    std::string contact;
    /// The user part of the default Contact.
    std::string contact_user;
    /// User-Agent and Server header value (empty: none).
    std::string user_agent = "rvoip";
    /// An outbound proxy (RFC 3261 §8.1.2): a URI put as a loose Route on requests outside a
    /// dialog (";lr" is added when missing). Empty: none.
    std::string outbound_proxy;
    /// Credentials for 401 and 407 challenges.
    std::vector<credential> credentials;
    /// RFC 3263 look-ups for hosts that are names (not owned; it must outlive the layer).
    /// Null: only numeric hosts can be reached (others fail with errc::no_route).
    transaction::dns_lookup* dns = nullptr;
    /// Dialogs (early and confirmed) kept at once; INVITEs beyond get 503, and invite()
    /// errc::limit_reached.
    std::size_t max_dialogs = 200000;
    /// Received requests waiting for an answer at once (requests beyond get 503).
    std::size_t max_pending_requests = 100000;
    /// Answer OPTIONS outside a dialog with 200 (Allow, Accept, Supported) by itself.
    bool answer_options = true;
    /// A re-INVITE refused with 491 is sent again after RFC 3261 §14.1's random wait.
    bool retry_glare = true;
    /// RFC 3262: our INVITEs say Supported: 100rel (reliable provisional responses are PRACKed
    /// either way when a peer requires them).
    bool offer_100rel = true;
    /// RFC 4028 session timers: the interval our INVITEs ask for (0: none asked, though a
    /// peer's request is still honoured), and the smallest we accept (Min-SE: a request asking
    /// for less gets 422). The refresher sends a body-less UPDATE (a re-INVITE with the last
    /// SDP when the peer does not allow UPDATE) half-way; the other side sends BYE when no
    /// refresh came by the interval less a third (at most 32 s). A body-less UPDATE that
    /// refreshes is answered by the layer.
    std::chrono::seconds session_expires{1800};
    std::chrono::seconds min_se{90};
    /// Methods beyond RFC 3261's and its extensions' (those sip-core names) that the
    /// application handles: they come up as request_received. A request with any other
    /// unknown method gets 501 Not Implemented with Allow (RFC 3261 §8.2.1, §21.5.2).
    std::vector<std::string> extension_methods;
    /// RFC 6665 event packages we serve as notifier (Allow-Events): a SUBSCRIBE for another one
    /// gets 489, one for these comes up as request_received (accept_subscription() or
    /// respond()). "refer" is always served (REFER's implicit subscription) and need not be
    /// listed.
    std::vector<std::string> event_packages;
    /// The longest and shortest subscription we grant as notifier (a SUBSCRIBE asking for less
    /// gets 423 with Min-Expires, RFC 6665 §4.2.1.1); an Expires-less SUBSCRIBE gets the longest.
    std::chrono::seconds max_subscription_expires{3600};
    std::chrono::seconds min_subscription_expires{60};
    /// Subscriptions kept at once, ours and the peers' (subscribe() beyond: errc::limit_reached,
    /// a SUBSCRIBE beyond: 503).
    std::size_t max_subscriptions = 100000;
    /// Fills a buffer with random bytes (tags, Call-IDs, branches, cnonces). Null: OpenSSL.
    std::function<void(unsigned char*, std::size_t)> random_bytes;
};

/// Where a new INVITE, or a request outside a dialog, goes and from whom.
struct request_options
{
    std::string to;          ///< the To URI (or name-addr "Bob <sip:bob@example.com>")
    std::string from;        ///< the From URI or name-addr (without a tag)
    std::string request_uri; ///< empty: the To URI
    message_parts parts;
    /// INVITE only: send the ACK of the 2xx at once (false: the caller sends it with ack()
    /// carrying the answer to an offer in the 2xx).
    bool auto_ack = true;
    /// Route values to preload instead of the outbound proxy (URIs or name-addrs).
    std::vector<std::string> routes;
    /// INVITE only: Require: 100rel (the callee must send its provisional responses reliably).
    bool require_100rel = false;
};

/// A REFER sent in a dialog (RFC 3515): a call transfer.
struct refer_options
{
    /// The Refer-To: a URI or name-addr the peer is asked to send a request to (an attended
    /// transfer's carries Replaces: see refer_to_replacing()).
    std::string refer_to;
    /// RFC 3892 Referred-By (empty: none).
    std::string referred_by;
    /// false: Refer-Sub: false (RFC 4488), no NOTIFYs asked for.
    bool subscription = true;
};

/// The Refer-To of an attended transfer (RFC 3891 §5): `target` (a URI) with a Replaces header
/// naming our dialog `ours` with the target as the target sees it (to-tag: the target's tag,
/// from-tag: ours), escaped into the URI.
std::string refer_to_replacing(std::string_view target, dialog_id const& ours, bool early_only = false);

/// A subscription we ask for (RFC 6665 §4.1.2): SUBSCRIBE outside a dialog, refreshed before
/// it expires, ended with unsubscribe().
struct subscribe_options
{
    std::string to;          ///< the resource (To, and the Request-URI unless request_uri)
    std::string from;        ///< the subscriber (without a tag)
    std::string request_uri;
    /// The Event value: a package and its parameters ("presence", "message-summary",
    /// "dialog", "dialog;sla").
    std::string event;
    /// Accept values; empty: the package's own format (application/pidf+xml for presence,
    /// application/simple-message-summary, application/dialog-info+xml), else none.
    std::vector<std::string> accept;
    std::chrono::seconds expires{3600};
    message_parts parts;     ///< extra headers, and a body (a filter) when the package takes one
    std::vector<std::string> routes; ///< preloaded Route values (empty: the outbound proxy)
    /// Subscribe again when the notifier ends the subscription with a reason that invites it
    /// (deactivated, timeout; probation and giveup with a retry-after), or it expires.
    bool resubscribe = true;
};

/// The content of a NOTIFY we send as notifier: the state in the package's format.
struct notify_content
{
    std::string content_type;
    std::string body;
    std::vector<extra_header> headers;
    sip::substate state = sip::substate::active; ///< active or pending
};

/// An event state we publish (RFC 3903 §4): PUBLISH to the presentity's address, refreshed with
/// its entity-tag before it expires.
struct publish_options
{
    std::string aor;           ///< the presentity (Request-URI, To and From)
    std::string event = "presence";
    std::string content_type = "application/pidf+xml";
    std::string body;
    std::chrono::seconds expires{3600};
    std::vector<std::string> routes; ///< preloaded Route values (empty: the outbound proxy)
    /// Credentials of this publication's account; empty: the layer's.
    std::vector<credential> credentials;
};

/// A REGISTER binding (RFC 3261 §10).
struct registration_options
{
    std::string registrar; ///< the registrar's URI (the Request-URI), e.g. "sip:example.com"
    std::string aor;       ///< the address of record (To and From), e.g. "sip:alice@example.com"
    std::chrono::seconds expires{3600};
    /// Contact to bind; empty: the layer's Contact.
    std::string contact;
    /// Credentials of this binding's account (several accounts in one layer); empty: the
    /// layer's.
    std::vector<credential> credentials;
};

/// What the layer has done, for operators and benchmarks.
struct layer_counters
{
    std::uint64_t dialogs_created = 0;
    std::uint64_t dialogs_terminated = 0;
    std::uint64_t live_dialogs = 0;
    std::uint64_t ok_retransmitted = 0;     ///< our 2xx sent again waiting for an ACK
    std::uint64_t acks_sent = 0;            ///< ACKs of 2xx (first ones and re-sent ones)
    std::uint64_t no_such_dialog = 0;       ///< 481s sent
    std::uint64_t out_of_order = 0;         ///< 500s sent for CSeq out of order
    std::uint64_t glare_rejected = 0;       ///< 491s sent (a re-INVITE or offer crossing ours)
    std::uint64_t offer_pending = 0;        ///< 500s for an offer while the peer's last one is unanswered
    std::uint64_t auth_retries = 0;         ///< requests sent again with credentials
    std::uint64_t overload_rejected = 0;    ///< 503s for max_dialogs / max_pending_requests
    std::uint64_t registrations_refreshed = 0;
    std::uint64_t reliable_retransmitted = 0; ///< our reliable 1xx sent again waiting for PRACK
    std::uint64_t prack_unmatched = 0;        ///< 481s for a PRACK whose RAck matched nothing
    std::uint64_t bad_extension = 0;          ///< 420s for a Require we do not support (§8.2.2.3)
    std::uint64_t session_refreshes = 0;      ///< RFC 4028 refreshes we sent
    std::uint64_t sessions_expired = 0;       ///< dialogs ended because no refresh came
    std::uint64_t interval_too_small = 0;     ///< 422s we sent
    std::uint64_t no_such_subscription = 0;   ///< 481s for a NOTIFY of no subscription of ours
    std::uint64_t replaces_refused = 0;       ///< INVITEs with Replaces answered 481/486/603
    std::uint64_t not_implemented = 0;        ///< 501s for a method we do not know
    std::uint64_t unsupported_scheme = 0;     ///< 416s for a Request-URI scheme we do not take
    std::uint64_t unsupported_media = 0;      ///< 415s and 406s: a session body that is not SDP, an Accept without it
    std::uint64_t live_subscriptions = 0;     ///< ours and the peers'
    std::uint64_t bad_event = 0;              ///< 489s (a package we do not serve, or a NOTIFY's wrong Event)
    std::uint64_t subscriptions_refreshed = 0; ///< SUBSCRIBE refreshes we sent
    std::uint64_t notifies_sent = 0;
    std::uint64_t publications_refreshed = 0;
};

class layer
{
public:
    /// `io` runs every handler; events go to `up`.
    layer(boost::asio::io_context& io, event_sink up, layer_options options = {});
    ~layer();
    layer(layer const&) = delete;
    layer& operator=(layer const&) = delete;

    /// Listens as the transaction layer does; the first address of each transport is the one
    /// our Via and default Contact carry for it.
    boost::system::result<std::uint16_t> listen(transaction::transport_kind transport, std::string const& ip,
                                                std::uint16_t port);
    boost::system::result<std::uint16_t> listen(transaction::memory_network& network, std::string const& ip,
                                                std::uint16_t port);

    // --- UAC: calls -------------------------------------------------------------------------
    /// Sends an INVITE outside any dialog. Its fate comes as invite_progressed, then
    /// invite_answered or invite_failed. A 401/407 is answered once per realm with the layer's
    /// credentials. Errors: errc::bad_request (a URI that is not one), errc::no_route,
    /// errc::limit_reached.
    boost::system::result<invite_id> invite(request_options const& request);
    /// CANCELs an INVITE (§9.1): sent once a provisional response has come (at once if one
    /// has). A 2xx that crosses the CANCEL is ACKed and the dialog ended with BYE.
    /// Errors: errc::no_such_request when the INVITE has ended.
    boost::system::error_code cancel(invite_id invite);
    /// The ACK of a 2xx to an INVITE sent with auto_ack=false, with `parts` (the answer).
    boost::system::error_code ack(dialog_id const& dialog, message_parts const& parts = {});
    /// The PRACK of the early dialog's reliable provisional response that came with an offer
    /// (invite_progressed::prack_wanted), carrying `parts` (the answer). Errors:
    /// errc::no_such_dialog, errc::no_such_request (no PRACK is waiting to be sent).
    boost::system::error_code prack(dialog_id const& early, message_parts const& parts = {});

    // --- requests in a dialog ---------------------------------------------------------------
    /// Sends `method` in the dialog (re-INVITE, UPDATE, INFO, MESSAGE, NOTIFY, REFER, OPTIONS,
    /// ...) with a new CSeq, addressed by the route set (§12.2.1.1). A re-INVITE's 2xx is
    /// ACKed by the layer; a 491 is retried after §14.1's wait when retry_glare is set; a 408
    /// or 481 ends the dialog (§12.2.1.2). Errors: errc::no_such_dialog, errc::request_pending
    /// (a re-INVITE while one is in progress, §14.1).
    boost::system::error_code request(dialog_id const& dialog, std::string_view method, message_parts parts,
                                      request_handler on_done = {});
    /// Sends a REFER in the dialog (RFC 3515). Unless options.subscription is false, each
    /// NOTIFY of its implicit subscription comes as refer_progress (answered 200; one for no
    /// REFER of ours gets 481). `on_done` gets the REFER's final response (202: accepted).
    /// Errors: errc::no_such_dialog, errc::limit_reached (8 REFERs in progress in the dialog),
    /// errc::bad_request (no refer_to).
    boost::system::error_code refer(dialog_id const& dialog, refer_options const& options,
                                    request_handler on_done = {});
    /// A REFER we received and answered 2xx (it came as request_received; the layer sent the
    /// first NOTIFY, "SIP/2.0 100 Trying", unless it asked for no subscription): reports
    /// `status` of the referred request to its sender as message/sipfrag. A final status
    /// (>= 200) ends the subscription. `refer` is the REFER's CSeq number. Errors:
    /// errc::no_such_dialog, errc::no_such_request (no such subscription, or it has ended).
    boost::system::error_code notify_refer(dialog_id const& dialog, std::uint32_t refer, int status,
                                           std::string_view reason = {});
    /// Ends the dialog with BYE (or, for an early UAC dialog, CANCEL): dialog_terminated
    /// comes at once with bye_sent. Errors: errc::no_such_dialog.
    boost::system::error_code bye(dialog_id const& dialog);

    // --- requests outside dialogs -----------------------------------------------------------
    /// Sends a request outside any dialog (MESSAGE, OPTIONS, SUBSCRIBE, PUBLISH, ...), with
    /// digest retries. Errors: as invite().
    boost::system::error_code send(std::string_view method, request_options const& request,
                                   request_handler on_done = {});

    // --- UAS --------------------------------------------------------------------------------
    /// Answers a received request. For an INVITE outside a dialog, a 101-199 creates the early
    /// dialog and a 2xx confirms it (the 2xx is retransmitted until the ACK, §13.3.1.4); a
    /// final non-2xx ends the early dialog. Provisional answers may be sent any number of
    /// times before the final one. Responses to a dialog-creating request carry our Contact.
    /// Errors: errc::no_such_request.
    boost::system::error_code respond(request_id id, int status, message_parts const& parts = {});
    /// A reliable provisional response (RFC 3262) to an INVITE outside a dialog whose sender
    /// supports or requires 100rel: Require: 100rel and RSeq added, sent again (T1, doubling)
    /// until its PRACK comes (request_received with PRACK, which the caller answers), or the
    /// INVITE is refused 504 after 64*T1 (dialog_terminated, no_prack). A 2xx waits for the
    /// PRACK when the reliable response carried a body (an offer or answer). Errors:
    /// errc::no_such_request, errc::bad_request (not a 101-199, not an INVITE, or the peer does
    /// not support 100rel), errc::request_pending (one is still waiting for its PRACK).
    boost::system::error_code respond_reliably(request_id id, int status, message_parts const& parts = {});

    // --- registration -----------------------------------------------------------------------
    /// Registers a binding and keeps it: refreshed before it expires, 423 answered with the
    /// Min-Expires asked for, digest challenges answered, the received/rport the registrar saw
    /// learned into the Contact (§10.2.4 with RFC 3581). Reports registration_changed.
    boost::system::result<registration_id> start_registration(registration_options const& options);
    /// Removes the binding (REGISTER with Expires: 0) and forgets it; registration_changed
    /// with unregistered follows. Errors: errc::no_such_request.
    boost::system::error_code stop_registration(registration_id id);
    /// Refreshes the binding now instead of at its timer (a REGISTER already awaiting its
    /// answer counts as the refresh); registration_changed follows. Errors:
    /// errc::no_such_request (unknown, or being removed).
    boost::system::error_code refresh_registration(registration_id id);

    // --- subscriptions (RFC 6665) and publications (RFC 3903) ------------------------------
    /// Subscribes: each NOTIFY comes as notification (answered 200; the first of each notifier
    /// makes its dialog), the subscription is refreshed before it expires, and its end comes as
    /// subscription_ended (with resubscribing when the layer subscribes again). Digest
    /// challenges are answered. Errors: errc::bad_request (no event, a URI that is not one),
    /// errc::no_route, errc::limit_reached.
    boost::system::result<subscription_id> subscribe(subscribe_options const& options);
    /// Ends a subscription we asked for (SUBSCRIBE with Expires: 0 in each of its dialogs; the
    /// notifier's last NOTIFY comes as notification, then subscription_ended, last).
    /// Errors: errc::no_such_request.
    boost::system::error_code unsubscribe(subscription_id id);
    /// Accepts a SUBSCRIBE that came as request_received (outside a dialog, or in one): 200 with
    /// the Expires granted, the subscription's dialog made, and its first NOTIFY sent at once
    /// with `first` (RFC 6665 §4.2.1.2). The layer answers the subscriber's refreshes itself
    /// (each with a NOTIFY of the last content), and its unsubscription or expiry (a
    /// terminating NOTIFY, then subscription_ended). A SUBSCRIBE with Expires: 0 (a fetch) gets
    /// its one NOTIFY, terminated. Errors: errc::no_such_request (not a SUBSCRIBE waiting for
    /// an answer), errc::limit_reached.
    boost::system::result<subscription_id> accept_subscription(request_id request, notify_content const& first);
    /// Sends the subscription's state (a NOTIFY with Subscription-State and the time left);
    /// it is also what refreshes get. Errors: errc::no_such_request (no subscription of ours
    /// as notifier with that id).
    boost::system::error_code notify(subscription_id id, notify_content const& content);
    /// Ends a subscription we accepted: a NOTIFY with Subscription-State: terminated and
    /// `reason` (RFC 6665 §4.2.2: "noresource", "rejected", "deactivated", "probation",
    /// "giveup", "timeout", "invariant"), with `final` as its body when it has one.
    boost::system::error_code end_subscription(subscription_id id, std::string_view reason = "noresource",
                                               notify_content const& final = {});
    /// Publishes an event state (RFC 3903): refreshed with its SIP-ETag before it expires, a
    /// 412 (the ESC lost it) answered by publishing the state again, a 423 by asking for the
    /// Min-Expires. Reports publication_changed. Errors: as subscribe().
    boost::system::result<publication_id> publish(publish_options const& options);
    /// Replaces the published state (a PUBLISH with the body and SIP-If-Match).
    /// Errors: errc::no_such_request, errc::request_pending (a PUBLISH of it is in progress).
    boost::system::error_code modify_publication(publication_id id, std::string body);
    /// Removes the published state (Expires: 0 with SIP-If-Match) and forgets the publication;
    /// publication_changed with removed follows. Errors: errc::no_such_request.
    boost::system::error_code stop_publication(publication_id id);

    // --- state ------------------------------------------------------------------------------
    /// The dialog, or null when none has that id.
    dialog const* find(dialog_id const& id) const noexcept;
    layer_counters counters() const noexcept;
    transaction::layer& transactions() noexcept;
    /// The Contact URI this layer puts in its requests and responses.
    std::string const& contact() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::dialog
