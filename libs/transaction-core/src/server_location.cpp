// RFC 3263 §4 server location over an abstract DNS.
#include <rvoip/transaction/server_location.hpp>

#include <rvoip/transaction/error.hpp>

#include "ascii.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace rvoip::transaction {
namespace {

std::uint16_t default_port(transport_kind t) noexcept
{
    return t == transport_kind::tls ? 5061 : 5060;
}

/// RFC 2782: lowest priority first; within a priority, repeatedly pick by weight.
std::vector<srv_record> order_srv(std::vector<srv_record> records,
                                  std::function<std::uint32_t()> const& random)
{
    std::stable_sort(records.begin(), records.end(),
                     [](auto const& a, auto const& b) { return a.priority < b.priority; });
    std::vector<srv_record> out;
    for (std::size_t i = 0; i < records.size();) {
        std::size_t j = i;
        while (j < records.size() && records[j].priority == records[i].priority)
            ++j;
        std::vector<srv_record> group(records.begin() + static_cast<std::ptrdiff_t>(i),
                                      records.begin() + static_cast<std::ptrdiff_t>(j));
        // Zero weights first, as RFC 2782 asks, so that they have a small chance.
        std::stable_sort(group.begin(), group.end(),
                         [](auto const& a, auto const& b) { return a.weight == 0 && b.weight != 0; });
        while (!group.empty()) {
            std::uint32_t total = 0;
            for (auto const& r : group)
                total += r.weight;
            std::uint32_t const pick = total == 0 ? 0 : random() % (total + 1);
            std::uint32_t running = 0;
            std::size_t chosen = 0;
            for (std::size_t k = 0; k < group.size(); ++k) {
                running += group[k].weight;
                if (running >= pick) {
                    chosen = k;
                    break;
                }
            }
            out.push_back(group[chosen]);
            group.erase(group.begin() + static_cast<std::ptrdiff_t>(chosen));
        }
        i = j;
    }
    return out;
}

void add_addresses(std::vector<target>& out, dns_lookup& dns, std::string const& host,
                   transport_kind transport, std::uint16_t port)
{
    auto addresses = dns.addresses(host);
    if (!addresses)
        return;
    for (auto const& a : *addresses)
        out.push_back({transport, a, port, {}});
}

void add_srv(std::vector<target>& out, dns_lookup& dns, std::string const& name,
             transport_kind transport, std::function<std::uint32_t()> const& random)
{
    auto records = dns.srv(name);
    if (!records)
        return;
    for (auto const& r : order_srv(*records, random))
        add_addresses(out, dns, r.target, transport, r.port);
}

std::optional<transport_kind> naptr_transport(std::string_view service)
{
    if (detail::iequals(service, "SIP+D2U"))
        return transport_kind::udp;
    if (detail::iequals(service, "SIP+D2T"))
        return transport_kind::tcp;
    if (detail::iequals(service, "SIPS+D2T"))
        return transport_kind::tls;
    return std::nullopt; // SCTP, WS and others: not ours
}

boost::system::result<std::vector<target>> locate_targets(sip::uri const& uri, dns_lookup& dns,
                                                           std::function<std::uint32_t()> const& random)
{
    bool const secure = uri.scheme == sip::uri_scheme::sips;
    std::string const host(uri.host_unbracketed());
    std::optional<transport_kind> transport;
    auto const param = uri.parameters().value("transport");
    if (!param.empty()) {
        if (detail::iequals(param, "udp"))
            transport = transport_kind::udp;
        else if (detail::iequals(param, "tcp"))
            transport = secure ? transport_kind::tls : transport_kind::tcp;
        else if (detail::iequals(param, "tls"))
            transport = transport_kind::tls;
        else
            return errc::transport_failed; // sctp, ws: not supported here
    }
    std::vector<target> out;
    boost::system::error_code ec;
    auto const numeric = boost::asio::ip::make_address(host, ec);
    // §4.1/4.2: a numeric host or an explicit port means no NAPTR/SRV.
    if (!ec || uri.has_port) {
        auto const t = transport.value_or(secure ? transport_kind::tls : transport_kind::udp);
        auto const port = uri.has_port ? uri.port : default_port(t);
        if (!ec)
            out.push_back({t, numeric.to_string(), port, {}});
        else
            add_addresses(out, dns, host, t, port);
        if (out.empty())
            return errc::transport_failed;
        return out;
    }
    if (!transport) {
        // §4.1: NAPTR picks the transports, by order then preference.
        if (auto records = dns.naptr(host); records && !records->empty()) {
            auto sorted = *records;
            std::stable_sort(sorted.begin(), sorted.end(), [](auto const& a, auto const& b) {
                return std::tie(a.order, a.preference) < std::tie(b.order, b.preference);
            });
            for (auto const& r : sorted) {
                auto const t = naptr_transport(r.service);
                if (!t || !detail::iequals(r.flags, "s") || (secure && *t != transport_kind::tls))
                    continue;
                add_srv(out, dns, r.replacement, *t, random);
            }
            if (!out.empty())
                return out;
        }
        // No NAPTR: SRV for each transport we support, secure first for sips.
        if (secure) {
            add_srv(out, dns, "_sips._tcp." + host, transport_kind::tls, random);
        } else {
            add_srv(out, dns, "_sips._tcp." + host, transport_kind::tls, random);
            add_srv(out, dns, "_sip._tcp." + host, transport_kind::tcp, random);
            add_srv(out, dns, "_sip._udp." + host, transport_kind::udp, random);
        }
        if (!out.empty())
            return out;
        transport = secure ? transport_kind::tls : transport_kind::udp;
    } else {
        // §4.2: a known transport still looks for its SRV record.
        auto const name = std::string(*transport == transport_kind::tls ? "_sips._tcp."
                                      : *transport == transport_kind::tcp ? "_sip._tcp."
                                                                          : "_sip._udp.") + host;
        add_srv(out, dns, name, *transport, random);
        if (!out.empty())
            return out;
    }
    add_addresses(out, dns, host, *transport, default_port(*transport));
    if (out.empty())
        return errc::transport_failed;
    return out;
}

} // namespace

boost::system::result<std::vector<target>> locate(sip::uri const& uri, dns_lookup& dns,
                                                   std::function<std::uint32_t()> const& random)
{
    auto out = locate_targets(uri, dns, random);
    if (out) {
        boost::system::error_code numeric;
        auto host = std::string(uri.host_unbracketed());
        boost::asio::ip::make_address(host, numeric);
        for (auto& t : *out)
            t.server_name = numeric ? host : std::string();
    }
    return out;
}

} // namespace rvoip::transaction
