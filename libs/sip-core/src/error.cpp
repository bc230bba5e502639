#include <rvoip/sip/error.hpp>

#include <boost/throw_exception.hpp>

namespace rvoip::sip {
namespace {

class sip_category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "rvoip.sip"; }

    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev)) {
        case errc::need_more: return "incomplete message, need more bytes";
        case errc::empty_message: return "empty message";
        case errc::message_too_large: return "message too large";
        case errc::header_too_large: return "header block too large";
        case errc::too_many_headers: return "too many header fields";
        case errc::body_too_large: return "body too large";
        case errc::bad_start_line: return "malformed start line";
        case errc::bad_method: return "malformed method";
        case errc::bad_request_uri: return "malformed Request-URI";
        case errc::bad_version: return "malformed SIP-Version";
        case errc::unsupported_version: return "unsupported SIP-Version";
        case errc::bad_status_code: return "malformed Status-Code";
        case errc::bad_reason_phrase: return "malformed reason phrase";
        case errc::bad_header_line: return "malformed header line";
        case errc::bad_header_value: return "malformed header value";
        case errc::bad_line_ending: return "bare CR or NUL in the header block";
        case errc::missing_header: return "missing mandatory header";
        case errc::duplicate_header: return "conflicting duplicate header";
        case errc::missing_sent_by: return "missing sent-by";
        case errc::cseq_method_mismatch: return "CSeq method does not match the request method";
        case errc::bad_content_length: return "malformed Content-Length";
        case errc::body_truncated: return "Content-Length exceeds the bytes received";
        case errc::header_not_found: return "header not present";
        case errc::bad_uri: return "malformed URI";
        case errc::bad_sdp: return "malformed SDP";
        case errc::bad_argument: return "invalid argument";
        }
        return "unknown rvoip.sip error";
    }
};

} // namespace

boost::system::error_category const& category() noexcept
{
    static sip_category const instance;
    return instance;
}

std::string parse_error::message() const
{
    std::string out;
    if (line != 0) {
        out += "line " + std::to_string(line);
        if (column != 0)
            out += ", column " + std::to_string(column);
        out += ": ";
    }
    if (!header.empty())
        out += header + ": ";
    out += detail.empty() ? code.message() : detail;
    return out;
}

parse_exception::parse_exception(parse_error e)
    : boost::system::system_error(e.code, e.message()), error_(std::move(e))
{
}

void throw_exception_from_error(parse_error const& e, boost::source_location const& loc)
{
    boost::throw_exception(parse_exception(e), loc);
}

} // namespace rvoip::sip
