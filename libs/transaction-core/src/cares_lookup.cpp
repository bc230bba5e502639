// dns_lookup through c-ares: each query runs its own bounded select() loop.
#include <rvoip/transaction/server_location.hpp>

#include <rvoip/transaction/error.hpp>

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <sys/select.h>

#include <mutex>

namespace rvoip::transaction {
namespace {

/// c-ares wants ares_library_init() once per process before any channel (a library
/// requirement, hence the one function-local static).
void init_cares_once()
{
    static std::once_flag once;
    std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

struct query_state
{
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<unsigned char> answer;
};

class cares_lookup final : public dns_lookup
{
public:
    cares_lookup(std::string const& server, std::chrono::milliseconds timeout) : timeout_(timeout)
    {
        init_cares_once();
        ares_options opts{};
        opts.timeout = static_cast<int>(timeout.count());
        opts.tries = 2;
        ok_ = ares_init_options(&channel_, &opts, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES) == ARES_SUCCESS;
        if (ok_ && !server.empty())
            ok_ = ares_set_servers_ports_csv(channel_, server.c_str()) == ARES_SUCCESS;
    }
    ~cares_lookup() override
    {
        if (ok_)
            ares_destroy(channel_);
    }

    boost::system::result<std::vector<naptr_record>> naptr(std::string const& name) override
    {
        auto answer = query(name, ns_t_naptr);
        if (!answer)
            return answer.error();
        std::vector<naptr_record> out;
        if (answer->empty())
            return out;
        ares_naptr_reply* reply = nullptr;
        if (ares_parse_naptr_reply(answer->data(), static_cast<int>(answer->size()), &reply) != ARES_SUCCESS)
            return out;
        for (auto* r = reply; r; r = r->next)
            out.push_back({r->order, r->preference, reinterpret_cast<char const*>(r->flags),
                           reinterpret_cast<char const*>(r->service), r->replacement});
        ares_free_data(reply);
        return out;
    }

    boost::system::result<std::vector<srv_record>> srv(std::string const& name) override
    {
        auto answer = query(name, ns_t_srv);
        if (!answer)
            return answer.error();
        std::vector<srv_record> out;
        if (answer->empty())
            return out;
        ares_srv_reply* reply = nullptr;
        if (ares_parse_srv_reply(answer->data(), static_cast<int>(answer->size()), &reply) != ARES_SUCCESS)
            return out;
        for (auto* r = reply; r; r = r->next)
            out.push_back({r->priority, r->weight, r->port, r->host});
        ares_free_data(reply);
        return out;
    }

    boost::system::result<std::vector<std::string>> addresses(std::string const& name) override
    {
        std::vector<std::string> out;
        boost::system::error_code failure;
        for (int type : {ns_t_a, ns_t_aaaa}) {
            auto answer = query(name, type);
            if (!answer) {
                failure = answer.error(); // one family failing leaves the other's addresses
                continue;
            }
            if (answer->empty())
                continue;
            hostent* host = nullptr;
            int const rc = type == ns_t_a
                               ? ares_parse_a_reply(answer->data(), static_cast<int>(answer->size()), &host, nullptr, nullptr)
                               : ares_parse_aaaa_reply(answer->data(), static_cast<int>(answer->size()), &host, nullptr, nullptr);
            if (rc != ARES_SUCCESS || !host)
                continue;
            for (char** a = host->h_addr_list; *a; ++a) {
                char text[64];
                if (inet_ntop(host->h_addrtype, *a, text, sizeof text))
                    out.emplace_back(text);
            }
            ares_free_hostent(host);
        }
        if (out.empty() && failure)
            return failure;
        return out;
    }

private:
    /// The raw answer of one query; empty when the name has no such records.
    boost::system::result<std::vector<unsigned char>> query(std::string const& name, int type)
    {
        if (!ok_)
            return errc::transport_failed;
        query_state state;
        ares_query(channel_, name.c_str(), ns_c_in, type,
                   [](void* arg, int status, int, unsigned char* abuf, int alen) {
                       auto* s = static_cast<query_state*>(arg);
                       s->done = true;
                       s->status = status;
                       if (status == ARES_SUCCESS && abuf && alen > 0)
                           s->answer.assign(abuf, abuf + alen);
                   },
                   &state);
        auto const deadline = std::chrono::steady_clock::now() + timeout_ * 3;
        while (!state.done && std::chrono::steady_clock::now() < deadline) {
            fd_set read_fds, write_fds;
            FD_ZERO(&read_fds);
            FD_ZERO(&write_fds);
            int const nfds = ares_fds(channel_, &read_fds, &write_fds);
            if (nfds == 0)
                break;
            timeval tv{};
            timeval* tvp = ares_timeout(channel_, nullptr, &tv);
            select(nfds, &read_fds, &write_fds, nullptr, tvp);
            ares_process(channel_, &read_fds, &write_fds);
        }
        if (!state.done) {
            ares_cancel(channel_);
            return errc::timed_out;
        }
        // No such name or no such records (a server that refuses the name says the same).
        if (state.status == ARES_ENODATA || state.status == ARES_ENOTFOUND ||
            state.status == ARES_EREFUSED)
            return std::vector<unsigned char>{};
        if (state.status != ARES_SUCCESS)
            return errc::transport_failed;
        return std::move(state.answer);
    }

    ares_channel channel_{};
    std::chrono::milliseconds timeout_;
    bool ok_ = false;
};

} // namespace

std::unique_ptr<dns_lookup> make_cares_lookup(std::string const& server, std::chrono::milliseconds timeout)
{
    return std::make_unique<cares_lookup>(server, timeout);
}

} // namespace rvoip::transaction
