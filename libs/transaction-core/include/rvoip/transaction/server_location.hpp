#pragma once
// RFC 3263 §4: from a SIP URI to an ordered list of (transport, address, port) to try, through
// NAPTR, SRV (RFC 2782 priority and weight) and A/AAAA records.

#include <rvoip/transaction/transport.hpp>

#include <rvoip/sip/uri.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rvoip::transaction {

struct naptr_record
{
    std::uint16_t order = 0;
    std::uint16_t preference = 0;
    std::string flags;       ///< "s" for SIP (RFC 3263 §4.1)
    std::string service;     ///< "SIP+D2U", "SIP+D2T", "SIPS+D2T"
    std::string replacement; ///< the SRV name
};

struct srv_record
{
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    std::string target;
};

/// The DNS queries RFC 3263 needs. An empty answer is not an error; an error is a failed
/// lookup (timeout, server failure).
class dns_lookup
{
public:
    virtual ~dns_lookup() = default;
    virtual boost::system::result<std::vector<naptr_record>> naptr(std::string const& name) = 0;
    virtual boost::system::result<std::vector<srv_record>> srv(std::string const& name) = 0;
    /// A and AAAA records of `name`, as text.
    virtual boost::system::result<std::vector<std::string>> addresses(std::string const& name) = 0;
};

/// A dns_lookup through c-ares. `server` is "IP:PORT" (empty: the system's resolvers); each
/// lookup waits at most `timeout`. Synchronous: call it off the stack's io_context thread.
std::unique_ptr<dns_lookup> make_cares_lookup(std::string const& server = {},
                                              std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

/// The targets for `uri`, in the order to try them (RFC 3263 §4.1-4.2):
/// - a transport parameter fixes the transport; a numeric host or an explicit port skips
///   NAPTR and SRV (UDP for sip, TLS for sips unless told otherwise);
/// - otherwise NAPTR records of the domain pick transports by order and preference
///   (SIPS+D2T, SIP+D2T, SIP+D2U), else SRV queries _sips._tcp, _sip._tcp, _sip._udp;
/// - SRV targets are ordered by priority and, within a priority, by weighted random choice
///   (RFC 2782) using `random`; else the host's A/AAAA records with the default port.
/// Every target's server_name is the URI's host (RFC 5922 §4: a TLS server proves the domain
/// of the URI, not the name SRV pointed at).
/// Errors: errc::transport_failed when nothing resolves.
boost::system::result<std::vector<target>> locate(sip::uri const& uri, dns_lookup& dns,
                                                   std::function<std::uint32_t()> const& random);

} // namespace rvoip::transaction
