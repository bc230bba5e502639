#pragma once
// Building requests and responses from typed values: the bytes are rendered once, in the order
// the fields were given, then parsed (and so validated) into a message.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/header_id.hpp>
#include <rvoip/sip/message.hpp>
#include <rvoip/sip/method.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace rvoip::sip {

/// An address for From, To, Contact, Route and the like. `uri` is rendered in angle brackets;
/// `display` is rendered as a quoted-string (quotes and backslashes escaped) when not empty;
/// `params` is appended as written (";expires=3600"); `tag` becomes ";tag=...".
struct address
{
    std::string_view display;
    std::string_view uri;
    std::string_view tag;
    std::string_view params;
};

/// The standard reason phrase of a status code ("OK", "Ringing"); "Unknown" for others.
std::string_view default_reason(int status) noexcept;

/// Builds one message. Values are copied into the builder as they are given; render() or
/// build() can be called any number of times.
class message_builder
{
public:
    /// A request line: `method` must be a token, `request_uri` a URI.
    static message_builder request(sip::method m, std::string_view request_uri);
    static message_builder request(std::string_view method, std::string_view request_uri);
    /// A status line; an empty `reason` takes default_reason(status).
    static message_builder response(int status, std::string_view reason = {});

    /// Via: SIP/2.0/<transport> host[:port];branch=...<params>. Port 0 is left out.
    message_builder& via(std::string_view transport, std::string_view host, std::uint16_t port,
                         std::string_view branch, std::string_view params = {});
    message_builder& from(address const& a) { return add_address(header_id::from, a); }
    message_builder& to(address const& a) { return add_address(header_id::to, a); }
    message_builder& contact(address const& a) { return add_address(header_id::contact, a); }
    message_builder& route(address const& a) { return add_address(header_id::route, a); }
    message_builder& record_route(address const& a) { return add_address(header_id::record_route, a); }
    message_builder& call_id(std::string_view id) { return header(header_id::call_id, id); }
    message_builder& cseq(std::uint32_t number, std::string_view method);
    message_builder& max_forwards(unsigned hops);
    /// Any header by id (rendered with its canonical name) or by name.
    message_builder& header(header_id id, std::string_view value);
    message_builder& header(std::string_view name, std::string_view value);
    /// Sets the body; Content-Type is rendered when `content_type` is not empty, and
    /// Content-Length always (0 without a body).
    message_builder& body(std::string_view content_type, std::string_view body);

    /// Appends the message's bytes to `out` (reusing its capacity). errc::bad_argument, and
    /// nothing appended, when a value given could not be rendered as itself (CR, LF or NUL in
    /// it, or a value that would read as more than one Via/address); build() says the same.
    boost::system::error_code render_to(std::string& out) const;
    /// The message's bytes; empty when render_to() would fail.
    std::string render() const;
    /// Renders and parses: the message, or why it is not a valid one (a value containing CR or
    /// LF, a missing mandatory header...).
    parse_result<message> build() const;

private:
    message_builder() = default;
    message_builder& add_address(header_id id, address const& a);

    std::string head_;          // start line and headers rendered so far
    std::string content_type_;
    std::string body_;
    bool has_body_ = false;
    bool bad_ = false;          // a value could not be rendered (CR/LF in it)
};

} // namespace rvoip::sip
