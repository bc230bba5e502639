#pragma once
// The state of one dialog (RFC 3261 §12): its identity, the two parties, the route set and the
// remote target, and the CSeq numbers. A plain synchronous value: the layer creates it from the
// request and response that establish it, asks it how to address the next request, and shows
// it each request and 2xx that arrive. It owns all its text (nothing points into messages).

#include <rvoip/sip/message.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::dialog {

/// §12: a dialog is identified by Call-ID, local tag and remote tag.
struct dialog_id
{
    std::string call_id;
    std::string local_tag;
    std::string remote_tag;
    bool operator==(dialog_id const&) const = default;
};

/// How a request in the dialog is addressed (§12.2.1.1): its Request-URI and Route values, in
/// order. With a strict router first in the route set, the Request-URI is that router and the
/// remote target is the last Route.
struct request_addressing
{
    std::string request_uri;
    std::vector<std::string> routes; ///< Route values (name-addr text), in order
    /// The URI the request is sent to first (§8.1.2): the first Route's, or the Request-URI.
    std::string next_hop;
};

/// What a UAC dialog takes from the request that created it, for a caller that built that
/// request itself and keeps its parts rather than the message.
struct uac_request_parts
{
    std::string_view call_id;
    std::string_view local_tag;
    std::string_view local_party; ///< the From value, with its tag
    std::string_view request_uri;
    std::uint32_t cseq = 0;
    bool secure = false;          ///< a sips Request-URI
};

class dialog
{
public:
    enum class state : std::uint8_t
    {
        early,     ///< created by a provisional response with a To tag
        confirmed, ///< a 2xx created or confirmed it
        terminated,
    };

    /// A UAC dialog (§12.1.2) from the request we sent and a 1xx (early) or 2xx response that
    /// carries a To tag. Errors: errc::missing_tag; errc::missing_contact when the response's
    /// Contact is absent or not a URI (a 1xx without Contact still makes an early dialog, whose
    /// target stays the Request-URI until one arrives).
    static boost::system::result<dialog> from_uac(sip::message const& request, sip::message const& response);
    static boost::system::result<dialog> from_uac(uac_request_parts const& request, sip::message const& response);

    /// A subscriber's dialog made by a NOTIFY that came before the SUBSCRIBE's 2xx, or from
    /// another notifier (a fork; RFC 6665 §4.1.2.4): our side from the SUBSCRIBE, the route set
    /// and remote target from the NOTIFY as a UAS takes them from a request (§12.1.1).
    /// Errors: errc::missing_tag (a From without tag), errc::missing_contact.
    static boost::system::result<dialog> from_notify(uac_request_parts const& subscribe, sip::message const& notify);

    /// A UAS dialog (§12.1.1) from the request received, with `local_tag` (the To tag we add to
    /// our responses). `early` when the response that creates it is provisional. A request
    /// without Contact (an RFC 2543 peer's, RFC 4475 §3.4.3) is answered at its From URI.
    /// Errors: errc::missing_contact when there is neither a usable Contact nor a From URI.
    static boost::system::result<dialog> from_uas(sip::message const& request, std::string_view local_tag,
                                                  bool early);

    dialog_id const& id() const noexcept { return id_; }
    state current_state() const noexcept { return state_; }
    bool is_uac() const noexcept { return uac_; }
    /// The From value of our requests (with our tag) and their To value (with the remote tag).
    std::string const& local_party() const noexcept { return local_party_; }
    std::string const& remote_party() const noexcept { return remote_party_; }
    std::string const& remote_target() const noexcept { return remote_target_; }
    std::vector<std::string> const& route_set() const noexcept { return route_set_; }
    /// True when the request that created it was sent to a sips URI over TLS (§12.1.1).
    bool secure() const noexcept { return secure_; }

    /// The CSeq number for the next request we send (§12.2.1.1: one above the last). ACK and
    /// CANCEL reuse the number of what they belong to and do not call this.
    std::uint32_t next_local_cseq() noexcept { return ++local_cseq_; }
    std::uint32_t local_cseq() const noexcept { return local_cseq_; }
    /// The last CSeq number received (0 before any).
    std::uint32_t remote_cseq() const noexcept { return remote_cseq_; }

    /// How to address the next request (§12.2.1.1, loose and strict routing).
    request_addressing addressing() const;

    /// A request that matched this dialog arrived (§12.2.2): a CSeq number below or equal to the
    /// last gives errc::cseq_out_of_order (answer 500; ACK and CANCEL are exempt); a target
    /// refresh request (INVITE, UPDATE, SUBSCRIBE, NOTIFY, REFER) with a Contact replaces the
    /// remote target.
    boost::system::error_code on_request(sip::message const& request);

    /// A response to a request of this dialog arrived: a 2xx confirms an early dialog (and, as
    /// §12.1.2 says, its route set is recomputed from the 2xx); a 2xx to a target refresh
    /// request with a Contact replaces the remote target.
    void on_response(sip::message const& response);

    /// The dialog is confirmed (a UAS that sent its 2xx) or ends.
    void confirm() noexcept { state_ = state::confirmed; }
    void terminate() noexcept { state_ = state::terminated; }

private:
    dialog() = default;
    void take_route_set(sip::message const& m, bool reverse);
    void take_contact(sip::message const& m);

    dialog_id id_;
    std::string local_party_;
    std::string remote_party_;
    std::string remote_target_;
    std::vector<std::string> route_set_;
    std::uint32_t local_cseq_ = 0;
    std::uint32_t remote_cseq_ = 0;
    state state_ = state::early;
    bool uac_ = false;
    bool secure_ = false;
};

/// True for the methods that refresh the remote target (RFC 3261 §12.2, RFC 3311, RFC 6665,
/// RFC 3515).
bool is_target_refresh(sip::method m) noexcept;

} // namespace rvoip::dialog

template<>
struct std::hash<rvoip::dialog::dialog_id>
{
    std::size_t operator()(rvoip::dialog::dialog_id const& d) const noexcept
    {
        std::hash<std::string> h;
        return h(d.call_id) ^ (h(d.local_tag) * 31) ^ (h(d.remote_tag) * 1000003);
    }
};
