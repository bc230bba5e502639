#include <rvoip/sip/message_builder.hpp>

#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/via.hpp>

#include "text.hpp"

#include <charconv>

namespace rvoip::sip {
namespace {

bool renderable(std::string_view v) noexcept
{
    // One pass (string_view::find_first_of calls memchr once per byte of the value). A NUL is
    // taken only as a quoted-pair ("\\" NUL, RFC 3261 §25.1): a peer's To or From echoed
    // in our responses may carry one (RFC 4475 §3.1.1.4, intmeth).
    bool ok = true;
    char previous = 0;
    for (char c : v) {
        ok &= c != '\r' && c != '\n' && (c != '\0' || previous == '\\');
        previous = c;
    }
    return ok;
}

void append_number(std::string& out, std::uint64_t n)
{
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}

} // namespace

std::string_view default_reason(int status) noexcept
{
    switch (status) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 305: return "Use Proxy";
    case 380: return "Alternative Service";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 422: return "Session Interval Too Small";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 484: return "Address Incomplete";
    case 485: return "Ambiguous";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 489: return "Bad Event";
    case 491: return "Request Pending";
    case 493: return "Undecipherable";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
    case 604: return "Does Not Exist Anywhere";
    case 606: return "Not Acceptable";
    default: return "Unknown";
    }
}

message_builder message_builder::request(sip::method m, std::string_view request_uri)
{
    return request(to_string(m), request_uri);
}

message_builder message_builder::request(std::string_view method, std::string_view request_uri)
{
    message_builder b;
    b.bad_ = !detail::is_token(method) || !renderable(request_uri) ||
             request_uri.find(' ') != std::string_view::npos;
    b.head_.reserve(1024);
    b.head_.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
    return b;
}

message_builder message_builder::response(int status, std::string_view reason)
{
    message_builder b;
    b.bad_ = status < 100 || status > 699 || !renderable(reason);
    b.head_.reserve(1024);
    b.head_.append("SIP/2.0 ");
    append_number(b.head_, static_cast<std::uint64_t>(status < 0 ? 0 : status));
    b.head_.append(" ").append(reason.empty() ? default_reason(status) : reason).append("\r\n");
    return b;
}

message_builder& message_builder::via(std::string_view transport, std::string_view host,
                                      std::uint16_t port, std::string_view branch,
                                      std::string_view params)
{
    bad_ = bad_ || !renderable(transport) || !renderable(host) || !renderable(branch) ||
           !renderable(params);
    auto const value_begin = head_.size() + 5; // after "Via: "
    head_.append("Via: SIP/2.0/").append(transport).append(" ").append(host);
    if (port != 0) {
        head_ += ':';
        append_number(head_, port);
    }
    if (!branch.empty())
        head_.append(";branch=").append(branch);
    head_.append(params);
    // The value must be exactly one via-parm: a ',' smuggled into the host, branch or params
    // would add a Via of the caller's choosing.
    auto const value = std::string_view(head_).substr(value_begin);
    bad_ = bad_ || !parse_via(value) || list_value_end(value, 0) != value.size();
    head_.append("\r\n");
    return *this;
}

message_builder& message_builder::add_address(header_id id, address const& a)
{
    bad_ = bad_ || !renderable(a.display) || !renderable(a.uri) || !renderable(a.tag) ||
           !renderable(a.params);
    head_.append(canonical_name(id)).append(": ");
    auto const value_begin = head_.size();
    if (!a.display.empty()) {
        head_ += '"';
        for (char c : a.display) {
            if (c == '"' || c == '\\')
                head_ += '\\';
            head_ += c;
        }
        head_.append("\" ");
    }
    head_.append("<").append(a.uri).append(">").append(a.params);
    if (!a.tag.empty())
        head_.append(";tag=").append(a.tag);
    // Exactly one name-addr: a '>' or ',' in the URI, tag or params must not add a Route or
    // Contact of the caller's choosing.
    auto const value = std::string_view(head_).substr(value_begin);
    auto const parsed = parse_name_addr(value);
    bad_ = bad_ || !parsed || list_value_end(value, 0) != value.size() ||
           parsed->uri.text != a.uri || (!a.tag.empty() && parsed->tag != a.tag);
    head_.append("\r\n");
    return *this;
}

message_builder& message_builder::cseq(std::uint32_t number, std::string_view method)
{
    bad_ = bad_ || !detail::is_token(method);
    head_.append("CSeq: ");
    append_number(head_, number);
    head_.append(" ").append(method).append("\r\n");
    return *this;
}

message_builder& message_builder::max_forwards(unsigned hops)
{
    head_.append("Max-Forwards: ");
    append_number(head_, hops);
    head_.append("\r\n");
    return *this;
}

message_builder& message_builder::header(header_id id, std::string_view value)
{
    if (id == header_id::other) {
        bad_ = true;
        return *this;
    }
    return header(canonical_name(id), value);
}

message_builder& message_builder::header(std::string_view name, std::string_view value)
{
    bad_ = bad_ || !detail::is_token(name) || !renderable(value);
    head_.append(name).append(": ").append(value).append("\r\n");
    return *this;
}

message_builder& message_builder::body(std::string_view content_type, std::string_view body)
{
    bad_ = bad_ || !renderable(content_type);
    content_type_.assign(content_type);
    body_.assign(body);
    has_body_ = true;
    return *this;
}

boost::system::error_code message_builder::render_to(std::string& out) const
{
    if (bad_)
        return errc::bad_argument; // never render a value that could inject header lines
    out.append(head_);
    if (!content_type_.empty())
        out.append("Content-Type: ").append(content_type_).append("\r\n");
    out.append("Content-Length: ");
    append_number(out, has_body_ ? body_.size() : 0);
    out.append("\r\n\r\n");
    out.append(body_);
    return {};
}

std::string message_builder::render() const
{
    std::string out;
    out.reserve(head_.size() + body_.size() + content_type_.size() + 40);
    if (render_to(out))
        out.clear();
    return out;
}

parse_result<message> message_builder::build() const
{
    if (bad_) {
        parse_error e;
        e.code = errc::bad_argument;
        e.detail = "a value contains CR, LF or NUL, or a name is not a token";
        return e;
    }
    parse_options o;
    o.check = validation::index;
    return message::parse(render(), o);
}

} // namespace rvoip::sip
