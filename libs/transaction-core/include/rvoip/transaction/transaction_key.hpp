#pragma once
// Matching messages to transactions: RFC 3261 §17.1.3 (responses to client transactions) and
// §17.2.3 (requests to server transactions, with the RFC 2543 rules for old peers).

#include <rvoip/transaction/error.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/system/result.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace rvoip::transaction {

/// The identity of a transaction, comparable and hashable. Owns its text.
class transaction_key
{
public:
    transaction_key() = default;
    bool operator==(transaction_key const& o) const noexcept
    {
        return hash_ == o.hash_ && rfc2543_ == o.rfc2543_ && text_ == o.text_;
    }
    /// The key as text (for logs): "z9hG4bK...|INVITE" or "z9hG4bK...|host:port|INVITE".
    std::string const& text() const noexcept { return text_; }
    /// True when the key follows RFC 2543 (the request had no magic cookie).
    bool rfc2543() const noexcept { return rfc2543_; }
    /// A hash of text(), computed once when the key is made (tables hash keys often).
    std::size_t hash() const noexcept { return hash_; }

    friend class key_builder;

private:
    std::string text_;
    std::size_t hash_ = 0;
    bool rfc2543_ = false;
};

/// The key of the client transaction a response belongs to: the top Via branch and the CSeq
/// method (§17.1.3: a CANCEL's response does not match its INVITE's transaction).
boost::system::result<transaction_key> client_key(sip::message const& response);

/// The key a client transaction for `request` has: what client_key() gives its responses.
boost::system::result<transaction_key> client_key_of_request(sip::message const& request);

/// The key of the server transaction a request belongs to. With the magic cookie (§17.2.3):
/// branch, top Via sent-by, and method (ACK matches the INVITE's transaction). Without it
/// (RFC 2543): Request-URI, From tag, Call-ID, CSeq number and method (ACK as INVITE), and the
/// whole top Via. (RFC 2543 also compares the ACK's To tag with the tag of the response sent;
/// the owner checks that, as the response is not part of the request.)
boost::system::result<transaction_key> server_key(sip::message const& request);

/// The key a CANCEL's target INVITE transaction has (§9.2: same branch and sent-by, method
/// INVITE), for matching a CANCEL to the INVITE it cancels.
boost::system::result<transaction_key> cancelled_invite_key(sip::message const& cancel);

} // namespace rvoip::transaction

template<>
struct std::hash<rvoip::transaction::transaction_key>
{
    std::size_t operator()(rvoip::transaction::transaction_key const& k) const noexcept
    {
        return k.hash();
    }
};
