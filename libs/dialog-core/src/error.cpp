// The error category of dialog-core.
#include <rvoip/dialog/error.hpp>

#include <string>

namespace rvoip::dialog {

namespace {

class category_impl final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.dialog"; }
    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::no_such_dialog: return "no such dialog";
        case errc::no_such_request: return "no such request waiting for an answer";
        case errc::wrong_state: return "not possible in the dialog's state";
        case errc::request_pending: return "an INVITE or UPDATE is in progress";
        case errc::offer_pending: return "an offer is outstanding";
        case errc::cseq_out_of_order: return "CSeq out of order";
        case errc::missing_contact: return "missing or bad Contact";
        case errc::missing_tag: return "response without a To tag";
        case errc::bad_request: return "the request could not be built";
        case errc::no_route: return "the next hop could not be resolved";
        case errc::timed_out: return "timed out";
        case errc::transport_failed: return "transport failed";
        case errc::request_failed: return "the request failed";
        case errc::auth_no_credentials: return "challenged for a realm without credentials";
        case errc::auth_unsupported: return "challenged with an unsupported digest algorithm or qop";
        case errc::auth_rejected: return "authentication rejected (wrong user name or password)";
        case errc::limit_reached: return "limit reached";
        case errc::bad_rack: return "PRACK with an RAck that matches no reliable provisional response";
        case errc::session_interval_too_small: return "Session-Expires below Min-SE";
        case errc::bad_body: return "event body not in its format";
        }
        return "unknown dialog error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static category_impl const instance;
    return instance;
}

} // namespace rvoip::dialog
