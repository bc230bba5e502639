#include <rvoip/transaction/error.hpp>

#include <string>

namespace rvoip::transaction {
namespace {

class transaction_category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.transaction"; }

    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::timed_out: return "transaction timed out";
        case errc::transport_failed: return "transport failure";
        case errc::wrong_state: return "the transaction cannot send this response in its state";
        case errc::not_a_response: return "not a response (status outside 100-699)";
        case errc::missing_branch: return "the request has no Via branch";
        case errc::address_in_use: return "the memory network address is in use";
        case errc::not_configured: return "TLS needs a certificate, its key or a CA file";
        }
        return "unknown rvoip.transaction error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static transaction_category const instance;
    return instance;
}

} // namespace rvoip::transaction
