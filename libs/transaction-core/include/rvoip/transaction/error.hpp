#pragma once
// Errors of the transaction-core layer: one errc enum and its category ("rvoip.transaction").

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace rvoip::transaction {

/// Everything transaction-core can report. Values are stable; 0 is never used.
enum class errc
{
    timed_out = 1,       // Timer B, F or H fired: no (final) response, or no ACK, in time
    transport_failed,    // the transport could not send a request or response (§17.1.4, §17.2.4)
    wrong_state,         // a response was handed to a transaction that can no longer send one
    not_a_response,      // a client transaction was given a request, or a status outside 100-699
    missing_branch,      // a request without a Via branch cannot start an RFC 3261 transaction
    address_in_use,      // a memory_network address already has something attached
    not_configured,      // TLS or WSS asked for without the certificates it needs (tls_options)
};

/// The error category of transaction-core; name() is "rvoip.transaction".
boost::system::error_category const& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), category()};
}

} // namespace rvoip::transaction

template<>
struct boost::system::is_error_code_enum<rvoip::transaction::errc> : std::true_type
{
};
