#pragma once
// The dialog layer's state, shared by its source files (layer.cpp: construction, routing of
// transaction events, building messages, timers; layer_uac.cpp; layer_uas.cpp;
// registration.cpp).

#include <rvoip/dialog/layer.hpp>

#include <rvoip/transaction/clock.hpp>
#include <rvoip/transaction/layer.hpp>

#include <rvoip/sip/message_builder.hpp>
#include <rvoip/sip/session_timer.hpp>

#include <deque>
#include <map>
#include <unordered_map>

namespace rvoip::dialog {

namespace tx = rvoip::transaction;

/// A request this layer sends, as parts: rebuilt with a new branch (and, after a challenge,
/// new CSeq and credentials) each time it goes out.
struct outgoing
{
    std::string method;
    std::string request_uri;
    std::vector<std::string> routes; ///< Route values in order
    std::string from;                ///< with our tag
    std::string to;
    std::string call_id;
    std::uint32_t cseq = 1;
    bool with_contact = false;
    std::string contact;             ///< empty: the layer's
    message_parts parts;
    std::vector<authorization> auth;
    std::string branch;              ///< of the last build
    std::string next_hop;            ///< where it goes first (§8.1.2, §12.2.1.1)
};

/// Timers of the dialog layer on the transaction layer's clock: one alarm, the earliest of a
/// sorted map. Tokens cancel.
class timer_queue
{
public:
    using time_point = tx::clock::time_point;
    using token = std::pair<time_point, std::uint64_t>;
    explicit timer_queue(tx::clock& c);
    token schedule(tx::clock::duration after, std::function<void()> fn);
    void cancel(token const& t) noexcept;
    static token none() noexcept { return {}; }

private:
    void arm();
    void fire();
    tx::clock& clock_;
    std::unique_ptr<tx::alarm> alarm_;
    std::map<token, std::function<void()>> due_;
    std::uint64_t next_ = 1;
    time_point armed_for_{};
};

/// Our 2xx to an INVITE, sent again until its ACK (§13.3.1.4).
struct unacked_ok
{
    tx::transaction_key key;
    sip::message response;
    std::uint32_t cseq = 0;
    tx::clock::duration interval{};
    tx::clock::time_point give_up{};
    timer_queue::token timer{};
};

/// Our reliable provisional response (RFC 3262 §3), sent again until its PRACK.
struct unacked_reliable
{
    sip::message response;
    std::uint32_t rseq = 0;
    bool with_body = false; ///< an offer or answer: no 2xx before its PRACK
    tx::clock::duration interval{};
    tx::clock::time_point give_up{};
    timer_queue::token timer{};
};

/// The ACK we sent for a 2xx, sent again for each retransmission of that 2xx; kept 64*T1, as
/// long as the UAS retransmits (§13.3.1.4).
struct sent_ack
{
    std::string text;
    tx::target target;
    std::uint32_t cseq = 0;
};

/// RFC 3264 offer/answer as the layer enforces it (RFC 3261 §13.2.1 and §14, RFC 3262 §5,
/// RFC 3311 §5): whose offer in the dialog is waiting for its answer. The layer carries the
/// bodies; it only refuses a second offer while one is outstanding.
enum class pending_offer : std::uint8_t
{
    none,
    ours,   ///< we sent an offer (INVITE, UPDATE, reliable 1xx, 2xx to an offerless INVITE, PRACK)
    theirs, ///< the peer did, and we have not answered
};

struct dialog_state
{
    explicit dialog_state(dialog made) : d(std::move(made)) {}
    dialog d;
    invite_id origin = 0;            ///< UAC: the INVITE that created it
    std::unique_ptr<sent_ack> ack;   ///< the last ACK of a 2xx, while its retransmissions may come
    std::uint32_t ack_cseq = 0;      ///< the CSeq of the INVITE whose 2xx is (to be) ACKed
    std::unique_ptr<unacked_ok> ok;  ///< UAS: our 2xx waiting for its ACK
    request_id uas_invite = 0;       ///< a re-INVITE (or the initial INVITE) we have not answered
    bool uac_invite_pending = false; ///< a re-INVITE of ours is in progress
    bool awaiting_app_ack = false;   ///< UAC with auto_ack=false: the 2xx is the caller's to ACK
    bool bye_after_ack = false;      ///< bye() while our 2xx waits for its ACK (§15)
    std::uint32_t last_rseq = 0;     ///< UAC: the RSeq of the last reliable 1xx taken (RFC 3262 §4)
    std::uint32_t rack_cseq = 0;     ///< UAC: the CSeq of the INVITE it answered (for RAck)
    bool prack_due = false;          ///< UAC: it carried an offer; the caller sends the PRACK
    std::uint32_t session_interval = 0; ///< RFC 4028, seconds; 0: no session timer
    bool we_refresh = false;
    bool peer_update = false;        ///< the peer's Allow lists UPDATE
    timer_queue::token session_timer{};
    std::string local_sdp;           ///< for a re-INVITE refresh, kept only when that is how we refresh
    pending_offer offer = pending_offer::none;
    bool first_exchange_done = false; ///< UAC: the initial INVITE's offer/answer is complete
    /// REFER subscriptions of this dialog (RFC 3515), by the REFER's CSeq: ours (we sent the
    /// REFER and take its NOTIFYs) or theirs (we accepted it and send them). At most 8.
    struct refer_subscription
    {
        std::uint32_t cseq = 0;
        bool ours = false;
    };
    std::vector<refer_subscription> refers;
    /// RFC 6665 subscriptions with a usage in this dialog; `made_by_subscription`: the dialog
    /// was made by one (a SUBSCRIBE's 2xx or NOTIFY) and ends with its last usage.
    std::vector<subscription_id> subs;
    bool made_by_subscription = false;
};

/// A request we received and have not answered finally.
struct pending_request
{
    tx::transaction_key key;
    sip::method method = sip::method::extension;
    std::string method_text;
    std::vector<std::string> vias;
    std::string from;
    std::string to;                  ///< as received (without our tag)
    std::string call_id;
    std::uint32_t cseq = 0;
    std::vector<std::string> record_routes;
    std::string local_tag;           ///< the To tag of our responses (out of dialog)
    dialog_id dialog;                ///< the dialog it belongs to or will create
    std::optional<class dialog> creating; ///< an INVITE outside a dialog: its dialog-to-be
    bool in_dialog = false;
    bool dialog_made = false;        ///< a 1xx/2xx put `creating` into the table
    bool peer_100rel = false;        ///< an INVITE with 100rel in Supported or Require
    bool require_100rel = false;     ///< ...in Require: every 101-199 goes reliably
    std::uint32_t rseq = 0;          ///< the RSeq of our last reliable 1xx
    std::unique_ptr<unacked_reliable> reliable; ///< the one waiting for its PRACK
    std::uint32_t session_interval = 0; ///< an INVITE or UPDATE asking for a session timer
    sip::refresher refresher = sip::refresher::none; ///< ...and who it asked to refresh
    bool peer_timer = false;         ///< its Supported lists timer
    bool peer_update = false;        ///< its Allow lists UPDATE
    bool with_sdp = false;           ///< it carried a session description (an offer, or a PRACK's answer)
    bool exchange_done = false;      ///< an INVITE: its offer/answer completed in a reliable 1xx
    bool no_refer_sub = false;       ///< a REFER with Refer-Sub: false (RFC 4488)
    std::string event;               ///< a SUBSCRIBE: its Event value
    std::optional<std::uint32_t> expires; ///< a SUBSCRIBE: the Expires it asked for
};

/// An INVITE of ours outside a dialog.
struct uac_invite
{
    outgoing req;
    std::vector<tx::target> targets;
    tx::transaction_key key;
    auth_attempt auth;
    std::vector<dialog_id> dialogs; ///< early and confirmed dialogs it created
    bool provisional = false;
    bool cancel_wanted = false;
    bool cancel_sent = false;
    bool answered = false;
    bool auto_ack = true;
    bool offered = false; ///< the INVITE carries an offer (a session description)
    unsigned round = 0; ///< which transaction of it is current (each digest retry starts one)
    std::uint32_t session_asked = 0; ///< the Session-Expires it carries (raised by a 422)
};

/// Any other request of ours, in a dialog or not.
struct uac_request
{
    outgoing req;
    std::vector<tx::target> targets;
    std::optional<dialog_id> dialog;
    auth_attempt auth;
    request_handler done;
    unsigned round = 0;
    bool finished = false; ///< a re-INVITE answered 2xx, kept to ACK the 2xx's retransmissions
    bool offered = false;  ///< a re-INVITE or UPDATE with an offer
};

/// One dialog of a subscription (RFC 6665 §4.1.2.4: a forked SUBSCRIBE has one per notifier).
struct subscription_usage
{
    dialog_id dialog;
    sip::substate state = sip::substate::pending;
    tx::clock::time_point expires_at{};
    timer_queue::token refresh{}; ///< subscriber: the next refresh
    timer_queue::token expiry{};  ///< the end when it is not refreshed (subscriber: no NOTIFY yet)
    bool notified = false;        ///< subscriber: a NOTIFY came in this dialog
};

/// A subscription: one subscribe() (subscriber) or one accept_subscription() (notifier).
struct subscription
{
    bool notifier = false;
    std::string event;    ///< the Event value we send
    std::string package;  ///< its event-type, and its id parameter (RFC 6665 §4.4.1: both match)
    std::string event_id;
    std::vector<subscription_usage> usages;
    // subscriber
    subscribe_options options;
    std::string call_id;   ///< of the SUBSCRIBE outside a dialog (each resubscription: a new one)
    std::string from;      ///< with our tag
    std::string local_tag;
    std::uint32_t asked = 0;
    bool initial_pending = false;     ///< its SUBSCRIBE outside a dialog is waiting for an answer
    std::uint64_t request = 0;        ///< ...which is this request of ours
    bool unsubscribing = false;
    timer_queue::token retry{};
    // notifier
    notify_content last;
    std::uint32_t granted = 0;
};

struct publication
{
    publish_options options;
    outgoing req;
    std::vector<tx::target> targets;
    auth_attempt auth;
    std::unique_ptr<digest_client> account;
    std::string etag;
    std::uint32_t asked = 0;
    std::uint32_t granted = 0;
    timer_queue::token refresh{};
    bool in_flight = false;
    bool stopping = false;
    bool with_body = false; ///< the PUBLISH in flight carries the state (initial or modify)
    bool removal_sent = false; ///< the PUBLISH in flight is the removal (Expires: 0)
};

struct registration
{
    registration_options options;
    outgoing req;
    std::vector<tx::target> targets;
    auth_attempt auth;
    std::unique_ptr<digest_client> account; ///< options.credentials, when given
    std::vector<answered_challenge> auth_taken; ///< answered for the last binding: reused preemptively
    std::uint32_t asked = 0;    ///< the Expires we ask for
    std::uint32_t granted = 0;
    std::vector<std::string> service_route;
    timer_queue::token refresh{};
    bool stopping = false;
    bool learned = false;       ///< the Contact was rewritten once from received/rport
    bool in_flight = false;     ///< a REGISTER awaits its final response (§10.2: one at a time)
};

struct layer::impl
{
    impl(boost::asio::io_context& io, event_sink up, layer_options o);

    // layer.cpp
    void on_transaction_event(tx::event const& e);
    std::string random_hex(std::size_t bytes);
    std::string new_branch() { return "z9hG4bK" + random_hex(10); }
    /// The request's message, with a new branch unless `same_branch` (a CANCEL's, §9.1).
    boost::system::result<sip::message> build(outgoing& r, tx::transport_kind transport, bool same_branch = false);
    boost::system::result<std::vector<tx::target>> resolve(std::string_view uri_or_route);
    void emit(event const& e) { up(e); }
    /// The Route of a request outside a dialog: the outbound proxy as a loose router (§8.1.2).
    std::vector<std::string> preloaded_routes() const;
    /// Records a listening address (the first of each transport goes in our Vias) and, with
    /// the first one, our Contact.
    void add_listener(tx::transport_kind transport, std::string const& ip, std::uint16_t port);
    void terminate(dialog_id const& id, end_reason why);

    // layer_uac.cpp
    boost::system::result<invite_id> start_invite(request_options const& r);
    void send_invite(invite_id id, uac_invite& call, sip::message m);
    void on_invite_response(invite_id id, unsigned round, boost::system::error_code ec, sip::message const* m);
    void invite_failed_with(invite_id id, int status, boost::system::error_code ec, sip::message const* m);
    void on_invite_2xx(invite_id id, uac_invite& call, sip::message const& m);
    /// The dialog a 1xx or 2xx to our INVITE `id` created: added to the table and to the call.
    std::unordered_map<dialog_id, dialog_state>::iterator add_uac_dialog(invite_id id, uac_invite& call,
                                                                         dialog_id const& did, dialog made);
    void send_cancel(uac_invite& call);
    boost::system::error_code send_ack(dialog_state& s, message_parts const& parts);
    boost::system::error_code start_request(uac_request r);
    void send_again(std::uint64_t id);
    void on_request_response(std::uint64_t id, unsigned round, boost::system::error_code ec, sip::message const* m);
    outgoing in_dialog(dialog_state& s, std::string_view method, message_parts parts);
    boost::system::error_code send_bye(dialog_state& s);
    /// A reliable 1xx of our INVITE in the early dialog `did`: false when it is a
    /// retransmission or out of order (not to be processed, RFC 3262 §4). PRACKs it unless it
    /// carries an offer (then `prack_wanted`).
    bool on_reliable(uac_invite const& call, dialog_id const& did, sip::message const& m, std::uint32_t& rseq,
                     bool& prack_wanted);
    boost::system::error_code send_prack(dialog_id const& did, message_parts parts);
    /// Adds the answers to a 401/407 to `req` from `account`'s credentials (null: the
    /// layer's); the authentication error (errc::auth_*) when there is none to give.
    boost::system::error_code answer_challenge(outgoing& req, auth_attempt& a, sip::message const& challenged,
                          digest_client* account = nullptr);

    // layer_uas.cpp
    void on_request(tx::transaction_key const& key, sip::message const& m);
    void on_ack(sip::message const& ack);
    void on_cancel(tx::transaction_key const& key, sip::message const& m);
    void reply(tx::transaction_key const& key, sip::message const& request, int status,
               std::vector<extra_header> const& headers = {});
    /// 500 with a random Retry-After of 0-9 s (RFC 3261 §14.2, RFC 3311 §5.2): a request that
    /// crossed one of the peer's still in progress.
    void reply_retry_later(tx::transaction_key const& key, sip::message const& request);
    boost::system::error_code respond(request_id id, int status, message_parts const& parts,
                                      end_reason if_ends = end_reason::rejected, bool reliable = false);
    void resend_ok(dialog_id const& id);
    void resend_reliable(request_id id);
    /// A PRACK in the dialog `s`: true when its RAck matches our reliable 1xx (which then
    /// stops being sent again).
    bool take_prack(dialog_state& s, sip::message const& prack);

    // offer_answer.cpp
    /// An INVITE, UPDATE or PRACK whose body is not a session description (415), or an INVITE
    /// whose Accept leaves SDP out (406): true when refused.
    bool refuse_session_body(tx::transaction_key const& key, sip::message const& m);
    /// A re-INVITE or UPDATE with an offer in dialog `s`: true when it was refused because an
    /// offer is outstanding (491 when ours is, 500 with Retry-After when theirs is: RFC 3311
    /// §5.2, RFC 3261 §14.2).
    bool refuse_offer(tx::transaction_key const& key, sip::message const& m, dialog_state const& s);
    /// A request with a session description was taken in dialog `s`.
    void offer_received(dialog_state& s, sip::method method);
    /// Our response to `p` in dialog `s` (sdp: it carries a session description).
    void answer_sent(dialog_state& s, pending_request& p, int status, bool reliable, bool sdp);
    /// A response (final or reliable 1xx) to our initial INVITE that made or matched dialog `s`.
    void invite_answer_received(dialog_state& s, uac_invite const& call, sip::message const& m, bool reliable);

    // refer.cpp (RFC 3515, RFC 4488, RFC 3891)
    /// A NOTIFY in dialog `s`: true when it was for a REFER subscription (answered here).
    bool on_refer_notify(tx::transaction_key const& key, sip::message const& m, dialog_id const& did,
                         dialog_state& s);
    /// Our 2xx to the REFER `p` went: its subscription starts with a 100 Trying NOTIFY.
    void refer_accepted(dialog_id const& did, pending_request const& p);
    boost::system::error_code send_refer_notify(dialog_state& s, std::uint32_t refer, int status,
                                                std::string_view reason);
    /// Forgets dialog `did`'s REFER subscription `cseq` (ours: we sent the REFER).
    void forget_refer(dialog_id const& did, std::uint32_t cseq, bool ours);
    /// An INVITE outside a dialog with Replaces: false when it was refused (400, 481, 486,
    /// 603); else `replaced` is the dialog it replaces, or null without Replaces.
    bool check_replaces(tx::transaction_key const& key, sip::message const& m, dialog_id const*& replaced);

    // session_timer.cpp (RFC 4028)
    /// The Session-Expires and Min-SE of a request of ours asking for `interval` seconds.
    void add_session_headers(std::vector<extra_header>& headers, std::uint32_t interval, sip::refresher who) const;
    /// A received INVITE or UPDATE: its session timer request into `p`; false when it asks for
    /// less than we accept (422 sent).
    bool take_session_request(tx::transaction_key const& key, sip::message const& m, pending_request& p);
    /// Our 2xx to `p`: the headers that grant its session timer, and who refreshes.
    void add_session_grant(pending_request const& p, sip::message_builder& b, bool& we_refresh) const;
    /// A 2xx to our INVITE or UPDATE in dialog `s`: the session timer it grants.
    void take_session_grant(dialog_id const& did, dialog_state& s, sip::message const& response,
                            std::string_view our_sdp);
    void arm_session(dialog_id const& did, dialog_state& s);
    void refresh_session(dialog_id const& did);
    /// No refresh in time: BYE, and the dialog ends with session_expired.
    void session_lapsed(dialog_id const& did);

    // subscription.cpp (RFC 6665)
    /// A NOTIFY or SUBSCRIBE outside a dialog, or in a dialog with subscription usages: true
    /// when handled here (answered). `s` is null for a NOTIFY whose dialog does not exist yet.
    bool on_subscription_request(tx::transaction_key const& key, sip::message const& m, dialog_state* s);
    /// A SUBSCRIBE asking for less than min_subscription_expires (and not 0, an unsubscription
    /// or a fetch): answered 423 with Min-Expires (RFC 6665 §4.2.1.1), true.
    bool refuse_brief(tx::transaction_key const& key, sip::message const& m, std::optional<std::uint32_t> asked);
    /// The seconds granted to a SUBSCRIBE asking for `asked` (none: the longest we grant).
    std::uint32_t granted_for(std::optional<std::uint32_t> asked) const;
    /// A SUBSCRIBE that may become a subscription: false when it was refused (400, 423, 489).
    bool check_subscribe(tx::transaction_key const& key, sip::message const& m, pending_request& p);
    boost::system::error_code send_subscribe(subscription_id id);
    void on_subscribe_response(subscription_id id, std::string const& call_id, boost::system::error_code ec,
                               sip::message const* m);
    subscription_usage* usage_of(subscription& sub, dialog_id const& did);
    /// Sets when usage `u` of subscription `id` ends, and (subscriber) when it is refreshed.
    void arm_usage(subscription_id id, subscription_usage& u, std::uint32_t seconds);
    void refresh_subscription(subscription_id id, dialog_id const& did, std::uint32_t expires);
    boost::system::error_code send_notify(subscription& sub, subscription_usage const& u,
                                          notify_content const& content, std::string_view terminated_reason);
    /// Ends the usage of subscription `id` in dialog `did` (null: none was made), reports it,
    /// and ends the dialog when the subscription made it (unless `dialog_going`).
    void end_usage(subscription_id id, dialog_id const* did, std::string_view reason, int status,
                   boost::system::error_code ec, std::uint32_t retry_after, bool dialog_going = false);
    /// The subscriptions of a dialog that is ending.
    void dialog_gone(dialog_id const& did, std::vector<subscription_id> subs);

    // publication.cpp (RFC 3903)
    void send_publish(publication_id id);
    void on_publish_response(publication_id id, boost::system::error_code ec, sip::message const* m);

    // registration.cpp
    boost::system::result<registration_id> start_registration(registration_options const& o);
    void send_register(registration_id id);
    /// The next REGISTER of a kept binding (refresh or removal): new CSeq, and the credentials
    /// the registrar took last time offered again with the next nonce count (§22.3).
    void send_register_again(registration_id id);
    void on_register_response(registration_id id, boost::system::error_code ec, sip::message const* m);
    boost::system::error_code stop_registration(registration_id id);
    boost::system::error_code refresh_registration(registration_id id);

    boost::asio::io_context& io;
    event_sink up;
    layer_options options;
    tx::layer transactions;
    timer_queue timers;
    std::function<void(unsigned char*, std::size_t)> random_bytes;
    std::string random_pool;
    std::size_t random_used = 0;

    struct listener
    {
        tx::transport_kind transport;
        std::string host;
        std::uint16_t port;
    };
    std::vector<listener> listeners;
    std::string contact_uri;

    std::unordered_map<dialog_id, dialog_state> dialogs;
    std::unordered_map<request_id, pending_request> pending;
    std::unordered_map<tx::transaction_key, request_id> pending_invites; ///< for CANCEL
    std::unordered_map<invite_id, uac_invite> invites;
    std::unordered_map<std::uint64_t, uac_request> requests;
    std::unordered_map<registration_id, registration> registrations;
    std::unordered_map<subscription_id, subscription> subscriptions;
    std::unordered_map<std::string, subscription_id> subscribing; ///< by the SUBSCRIBE's Call-ID
    std::unordered_map<publication_id, publication> publications;
    std::deque<dialog_id> recently_ended; ///< the last dialogs ended (Replaces: 603, not 481)
    std::uint64_t next_id = 1;
    std::uint64_t last_started = 0; ///< the id start_request() gave its request
    layer_counters counters{};
    digest_client digest;
};

/// The URI of an address the application gave (a registrar, an outbound proxy, a target) or of a
/// Route: a name-addr's URI ("Bob <sip:b@h;transport=tls>" -> "sip:b@h;transport=tls"), or a bare
/// URI whole. Unlike a header's addr-spec (RFC 3261 §20), where ";transport=tls" would be a
/// header parameter, the parameters of a configured bare URI are the URI's: that is what someone
/// who writes "sip:registrar.example.com;transport=tls" means.
std::string uri_of(std::string_view value);

/// A URI as a name-addr ("sip:a@b" -> "<sip:a@b>"); a name-addr stays as it is.
std::string angle(std::string const& uri_or_name_addr);

/// The methods this layer takes part in, for Allow (§20.5).
inline constexpr char allow_value[] =
    "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE";
/// The option tags this layer implements (§20.37), for Supported, and what a Require may name.
inline constexpr char supported_value[] = "100rel, timer, norefersub";

/// True when a body is a session description (application/sdp, or a multipart body with one):
/// what RFC 3264 offers and answers are.
bool carries_sdp(sip::message const& m);
bool carries_sdp(message_parts const& p);

/// When to refresh something granted for `granted` seconds (a binding, a subscription, a
/// publication): a minute early for long ones, half-way for short ones.
std::chrono::seconds refresh_after(std::uint32_t granted);

/// The Expires of `m`, or `otherwise` when it has none (or an unreadable one).
inline std::uint32_t expires_or(sip::message const& m, std::uint32_t otherwise)
{
    auto const e = m.expires();
    return e ? *e : otherwise;
}

/// Why a request of ours (REGISTER, PUBLISH, SUBSCRIBE) ended without success: the digest
/// error of a challenge that could not be answered, else errc::request_failed for a final
/// failure `m`, else the transaction's error (errc::timed_out when it gave none).
inline boost::system::error_code final_error(boost::system::error_code auth_error, sip::message const* m,
                                             boost::system::error_code ec)
{
    if (auth_error)
        return auth_error;
    if (m)
        return make_error_code(errc::request_failed);
    return ec ? ec : make_error_code(errc::timed_out);
}

/// The Allow-Events value: "refer" and the packages we serve.
std::string allow_events(layer_options const& o);

/// True when `m` says Refer-Sub: false (RFC 4488).
bool refer_sub_false(sip::message const& m);

/// True when the list header `id` of `m` names `tag` (case-insensitive, §19.2).
bool lists_tag(sip::message const& m, sip::header_id id, std::string_view tag);

} // namespace rvoip::dialog
