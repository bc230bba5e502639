#include <rvoip/transaction/transaction_key.hpp>

#include <charconv>
#include <string_view>

namespace rvoip::transaction {

class key_builder
{
public:
    explicit key_builder(bool rfc2543, std::size_t size_hint = 0)
    {
        key_.rfc2543_ = rfc2543;
        key_.text_.reserve(size_hint);
    }
    std::string& raw() noexcept { return key_.text_; }
    key_builder& add(std::string_view part)
    {
        if (!key_.text_.empty())
            key_.text_ += '|';
        key_.text_.append(part);
        return *this;
    }
    transaction_key done()
    {
        key_.hash_ = std::hash<std::string>()(key_.text_);
        return std::move(key_);
    }

private:
    transaction_key key_;
};

namespace {

/// sent-by as "host:port", lower-cased (hosts compare case-insensitively), appended to `out`.
void append_sent_by(std::string& out, sip::via const& v)
{
    auto const start = out.size();
    out.append(v.host);
    for (auto i = start; i < out.size(); ++i)
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = static_cast<char>(out[i] - 'A' + 'a');
    char port[8];
    auto const end = std::to_chars(port, port + sizeof port, v.has_port ? v.port : 0).ptr;
    out += ':';
    out.append(port, end);
}

/// ACK belongs to the INVITE's transaction (§17.2.3); every other method to its own.
std::string_view matching_method(sip::message const& request)
{
    return request.method() == sip::method::ack ? std::string_view("INVITE") : request.method_text();
}

boost::system::result<transaction_key> key_for(sip::message const& request, std::string_view method)
{
    if (request.vias().empty())
        return errc::missing_branch;
    auto const& via = request.top_via();
    if (via.rfc3261_branch()) {
        // The branch is compared case-sensitively: it is an opaque token chosen by the client.
        key_builder k(false, via.branch.size() + via.host.size() + method.size() + 8);
        k.add(via.branch);
        k.raw().push_back('|');
        append_sent_by(k.raw(), via);
        return k.add(method).done();
    }
    return key_builder(true)
        .add(request.request_uri().text)
        .add(request.from().tag)
        .add(request.call_id())
        .add(std::to_string(request.cseq().number))
        .add(method)
        .add(via.text)
        .done();
}

} // namespace

boost::system::result<transaction_key> client_key(sip::message const& response)
{
    if (response.vias().empty() || response.top_via().branch.empty())
        return errc::missing_branch;
    return key_builder(false).add(response.top_via().branch).add(response.cseq().method_text).done();
}

boost::system::result<transaction_key> client_key_of_request(sip::message const& request)
{
    if (request.vias().empty() || request.top_via().branch.empty())
        return errc::missing_branch;
    return key_builder(false).add(request.top_via().branch).add(request.cseq().method_text).done();
}

boost::system::result<transaction_key> server_key(sip::message const& request)
{
    return key_for(request, matching_method(request));
}

boost::system::result<transaction_key> cancelled_invite_key(sip::message const& cancel)
{
    return key_for(cancel, "INVITE");
}

} // namespace rvoip::transaction
