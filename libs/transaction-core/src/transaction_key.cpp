#include <rvoip/transaction/transaction_key.hpp>

#include <string_view>

namespace rvoip::transaction {

class key_builder
{
public:
    explicit key_builder(bool rfc2543) { key_.rfc2543_ = rfc2543; }
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

std::string sent_by(sip::via const& v)
{
    std::string out(v.host);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a'); // hosts compare case-insensitively
    out += ':';
    out += std::to_string(v.has_port ? v.port : 0);
    return out;
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
        return key_builder(false).add(via.branch).add(sent_by(via)).add(method).done();
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
