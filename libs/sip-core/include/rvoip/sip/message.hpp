#pragma once
// A SIP message (RFC 3261 §7): requests and responses over one owned buffer. The start line and
// headers are views into that buffer, kept in wire order; typed headers are parsed on first
// access and cached; an unchanged message serializes back byte for byte.

#include <rvoip/sip/auth.hpp>
#include <rvoip/sip/content_type.hpp>
#include <rvoip/sip/cseq.hpp>
#include <rvoip/sip/error.hpp>
#include <rvoip/sip/event.hpp>
#include <rvoip/sip/header_id.hpp>
#include <rvoip/sip/method.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/reliable.hpp>
#include <rvoip/sip/replaces.hpp>
#include <rvoip/sip/retry_after.hpp>
#include <rvoip/sip/session_timer.hpp>
#include <rvoip/sip/uri.hpp>
#include <rvoip/sip/via.hpp>
#include <rvoip/sip/warning.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rvoip::sip {

namespace detail {
struct message_impl;
struct message_impl_deleter
{
    void operator()(message_impl* p) const noexcept;
};
} // namespace detail

/// The end of the list value that starts at `start` in a comma-separated header value: the
/// index of the next comma outside quoted strings and angle brackets, or value.size().
std::size_t list_value_end(std::string_view value, std::size_t start) noexcept;

/// Calls `fn(std::string_view)` for each value of a comma-separated header value
/// (RFC 3261 §7.3.1), trimmed of LWS; empty values are skipped.
template<class Fn>
void for_each_list_value(std::string_view value, Fn&& fn)
{
    for (std::size_t start = 0; start <= value.size();) {
        auto const end = list_value_end(value, start);
        auto v = value.substr(start, end - start);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
            v.remove_suffix(1);
        if (!v.empty())
            fn(v);
        start = end + 1;
    }
}

/// How much message::parse() checks before it returns a message.
enum class validation : std::uint8_t
{
    /// Framing, the start line, the header index, CSeq (and its method against the request's),
    /// and the presence of To, From, Call-ID, CSeq and Via. The Request-URI, Via, From and To
    /// are parsed on first access; one that turns out malformed then reads as empty. For
    /// elements that forward most of what they see and read little of it.
    index,
    /// index, plus the grammars of the Request-URI, Via, From, To and Call-ID
    /// (RFC 3261 §8.1.1): their accessors cannot fail afterwards.
    mandatory,
    /// mandatory, plus every header the stack has a grammar for (a bad Date or Contact rejects
    /// the message, as RFC 4475 §3.1.2 expects) and no headers in a Request-URI
    /// (RFC 3261 §19.1.1).
    strict,
};

/// Limits applied while parsing. Exceeding one is an error with its own code, never a silent
/// truncation.
struct parse_options
{
    std::size_t max_header_bytes = 64 * 1024; ///< start line + headers (errc::header_too_large)
    std::size_t max_headers = 256;            ///< header fields (errc::too_many_headers)
    std::size_t max_body_bytes = 1024 * 1024; ///< Content-Length bound (errc::body_too_large)
    /// True for a datagram (UDP): the body is the rest of the datagram when Content-Length is
    /// absent, and bytes beyond Content-Length are discarded (RFC 3261 §18.3). False for a
    /// framed stream message, where Content-Length is required.
    bool datagram = true;
    /// How much is checked before parse returns (see validation).
    validation check = validation::strict;
};

/// One header field as it appears on the wire. Views live as long as the message.
struct header_field
{
    header_id id = header_id::other;
    std::string_view name;  ///< as written ("v", "VIA", "X-Custom")
    std::string_view value; ///< without leading/trailing LWS; folds inside are kept as written
    std::string_view line;  ///< the whole field including its line ending
};

/// A parsed SIP request or response. Move-only; the buffer never moves when the message
/// does, so views stay valid until the message is destroyed or modified.
///
/// Typed accessors parse on first use and cache the result; they are const but not safe to
/// call from two threads at once (a message belongs to one stack's io_context).
class message
{
public:
    message(message&&) noexcept = default;
    message& operator=(message&&) noexcept = default;
    ~message() = default;

    /// Parses one message from `bytes` (copied once into the message's own buffer).
    static parse_result<message> parse(std::string_view bytes, parse_options const& options = {});

    bool is_request() const noexcept;
    bool is_response() const noexcept { return !is_request(); }

    // --- start line -------------------------------------------------------------------------
    /// The request method (method::extension for other tokens; see method_text()).
    sip::method method() const noexcept;
    /// The method as written; empty for responses.
    std::string_view method_text() const noexcept;
    /// The Request-URI of a request (a default uri for responses).
    uri const& request_uri() const noexcept;
    /// "SIP/2.0" as written.
    std::string_view version() const noexcept;
    /// The Status-Code of a response; 0 for requests.
    int status_code() const noexcept;
    /// The Reason-Phrase of a response as written (may be UTF-8, may be empty).
    std::string_view reason_phrase() const noexcept;

    // --- raw headers ------------------------------------------------------------------------
    /// Number of header fields.
    std::size_t header_count() const noexcept;
    /// The i-th header field in wire order (i < header_count()).
    header_field header(std::size_t i) const noexcept;
    /// The first field with this id, or nullopt.
    std::optional<header_field> find(header_id id) const noexcept;
    /// The first field whose name matches case-insensitively (compact forms of known headers
    /// included), or nullopt.
    std::optional<header_field> find(std::string_view name) const noexcept;
    /// The number of fields with this id.
    std::size_t count(header_id id) const noexcept;
    /// The index of the first field with this id (header_count() when there is none; 0 for
    /// header_id::other).
    std::size_t first_index(header_id id) const noexcept;

    // --- mandatory headers, checked when the message was parsed: these cannot fail -----------
    // (after validation::index they are parsed on first access; see validation)
    std::string_view call_id() const noexcept;
    sip::cseq const& cseq() const noexcept;
    name_addr const& from() const noexcept;
    name_addr const& to() const noexcept;
    /// Every Via value in order, across all Via fields and comma-separated values.
    std::span<via const> vias() const noexcept;
    /// The first Via value (an empty via only after validation::index found it malformed).
    via const& top_via() const noexcept;

    // --- optional typed headers, parsed on first call ---------------------------------------
    /// Max-Forwards (0..255); errc::header_not_found when absent.
    result<std::uint32_t> max_forwards() const;
    /// Content-Length as written; errc::header_not_found when absent.
    result<std::uint32_t> content_length() const;
    /// Every Contact value in order (a "*" value has star set).
    result<std::span<contact const>> contacts() const;
    /// Route values in order.
    result<std::span<name_addr const>> routes() const;
    /// Record-Route values in order.
    result<std::span<name_addr const>> record_routes() const;

    // --- more optional typed headers (message_typed.cpp) ---
    // Each is parsed on first call and cached; absent -> errc::header_not_found, malformed ->
    // the parser's error (errc::bad_header_value, or errc::bad_uri for an address). Views in the
    // values live as long as the unmodified message. A header that may occur once is read from
    // its first field; list headers gather every value of every field in order.
    /// Authorization credentials (see parse_credentials()).
    result<credentials> authorization() const;
    /// Proxy-Authorization credentials (see parse_credentials()).
    result<credentials> proxy_authorization() const;
    /// The WWW-Authenticate challenge of the first such field (see parse_challenge()).
    result<challenge> www_authenticate() const;
    /// The Proxy-Authenticate challenge of the first such field (see parse_challenge()).
    result<challenge> proxy_authenticate() const;
    /// Content-Type (see parse_media_type()).
    result<media_type> content_type() const;
    /// Accept media-ranges in order (see parse_media_range()); an empty Accept is an empty span.
    result<std::span<media_type const>> accept() const;
    /// Event (see parse_event()).
    result<event_header> event() const;
    /// Subscription-State (see parse_subscription_state()).
    result<sip::subscription_state> subscription_state() const;
    /// Refer-To (RFC 3515) as a name-addr (see parse_name_addr()).
    result<name_addr> refer_to() const;
    /// Referred-By (RFC 3892) as a name-addr (see parse_name_addr()).
    result<name_addr> referred_by() const;
    /// Replaces (see parse_replaces()).
    result<replaces> replaces_header() const;
    /// Session-Expires (see parse_session_expires()).
    result<sip::session_expires> session_expires() const;
    /// Min-SE in seconds (see parse_min_se()).
    result<std::uint32_t> min_se() const;
    /// RSeq (see parse_rseq()).
    result<std::uint32_t> rseq() const;
    /// RAck (see parse_rack()).
    result<rack> rack_header() const;
    /// Expires in seconds (see parse_expires()).
    result<std::uint32_t> expires() const;
    /// Min-Expires in seconds (see parse_expires()).
    result<std::uint32_t> min_expires() const;
    /// User-Agent as text, checked by parse_product_list().
    result<std::string_view> user_agent() const;
    /// Server as text, checked by parse_product_list().
    result<std::string_view> server() const;
    /// Allow methods in order (see parse_token()); an empty Allow is an empty span.
    result<std::span<std::string_view const>> allow() const;
    /// Supported option-tags in order; an empty Supported is an empty span.
    result<std::span<std::string_view const>> supported() const;
    /// Require option-tags in order.
    result<std::span<std::string_view const>> require() const;
    /// Proxy-Require option-tags in order.
    result<std::span<std::string_view const>> proxy_require() const;
    /// Unsupported option-tags in order.
    result<std::span<std::string_view const>> unsupported() const;
    /// Allow-Events event-types in order.
    result<std::span<std::string_view const>> allow_events() const;
    /// Every Warning value in order (see parse_warning()).
    result<std::span<warning const>> warnings() const;
    /// Retry-After (see parse_retry_after()).
    result<sip::retry_after> retry_after() const;

    /// The values of a list header (RFC 3261 §7.3.1) across all its fields, split at commas
    /// that are not inside quotes or angle brackets, each trimmed; `fn(std::string_view)` is
    /// called once per value. For a non-list header, each field is one value.
    template<class Fn>
    void for_each_value(header_id id, Fn&& fn) const
    {
        auto left = count(id);
        for (std::size_t i = first_index(id), n = header_count(); left > 0 && i < n; ++i) {
            auto const f = header(i);
            if (f.id != id)
                continue;
            --left;
            if (is_list_header(id))
                for_each_list_value(f.value, fn);
            else
                fn(f.value);
        }
    }

    // --- body and bytes ---------------------------------------------------------------------
    /// The message body (Content-Length bytes, or the rest of a datagram).
    std::string_view body() const noexcept;
    /// The whole message as held: the original bytes until the message is modified.
    std::string_view bytes() const noexcept;
    /// A copy of bytes().
    std::string to_string() const { return std::string(bytes()); }

    // --- modification: the changed fields are re-rendered, everything else keeps its bytes ---
    /// Replaces the value of the first field with this id (adding one at the end of the header
    /// block when absent) and removes any later fields with the same id. Errors: bad_argument
    /// when the value contains CR or LF, or the result would no longer be a valid message.
    boost::system::error_code set_header(header_id id, std::string_view value);
    /// Appends a field after the last header.
    boost::system::error_code add_header(std::string_view name, std::string_view value);
    /// Removes every field with this id; returns how many were removed.
    std::size_t remove_header(header_id id);
    /// Replaces the body and sets Content-Length (and Content-Type when `content_type` is not
    /// empty).
    boost::system::error_code set_body(std::string_view body, std::string_view content_type = {});

private:
    friend struct detail::message_impl;
    explicit message(std::unique_ptr<detail::message_impl, detail::message_impl_deleter> impl) noexcept;
    boost::system::error_code rebuild(std::string bytes);

    std::unique_ptr<detail::message_impl, detail::message_impl_deleter> impl_;
};

/// Parses one message. See message::parse().
inline parse_result<message> parse_message(std::string_view bytes,
                                           parse_options const& options = {})
{
    return message::parse(bytes, options);
}

} // namespace rvoip::sip
