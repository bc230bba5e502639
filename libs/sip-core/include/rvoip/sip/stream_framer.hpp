#pragma once
// Framing of SIP messages out of a byte stream (TCP, TLS): RFC 3261 §18.3 (Content-Length
// frames the body), §7.5 (CRLFs between messages), RFC 5626 §4.4.1 (CRLF keep-alives).

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/message.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace rvoip::sip {

/// A keep-alive seen between messages: a ping (CRLF CRLF, to be answered with a pong) or a
/// pong (a single CRLF).
struct keepalive
{
    bool ping = false;
};

/// What the framer found next in the stream.
using stream_item = std::variant<message, keepalive>;

/// Splits messages out of a byte stream. Feed it what the socket delivers, in any pieces; ask
/// for the next item until it says errc::need_more.
///
/// Memory is bounded: the header block may not exceed parse_options::max_header_bytes and a
/// body parse_options::max_body_bytes, so the framer never buffers more than their sum plus
/// one read. A framing error (errc::header_too_large, errc::body_too_large,
/// errc::bad_content_length, a missing Content-Length) leaves the stream unusable: the
/// connection must be closed. A message that is framed but invalid is consumed and its
/// parse_error returned; the next message can still be read.
class stream_framer
{
public:
    explicit stream_framer(parse_options options = stream_options()) noexcept;

    /// Options for streams: datagram false, the rest default.
    static parse_options stream_options() noexcept
    {
        parse_options o;
        o.datagram = false;
        return o;
    }

    /// Appends bytes read from the stream.
    void feed(std::string_view bytes);

    /// The next message or keep-alive; errc::need_more when the buffered bytes do not yet hold
    /// a whole one.
    parse_result<stream_item> next();

    /// True after a framing error: nothing more can be read from this stream.
    bool failed() const noexcept { return failed_; }

    /// Bytes buffered and not yet returned.
    std::size_t buffered() const noexcept { return buffer_.size() - begin_; }

    /// The bytes of the last message that was framed but invalid (next() returned its
    /// parse_error), e.g. to answer it with a 400; valid until next() rejects another.
    std::string_view rejected() const noexcept { return rejected_; }

private:
    parse_error fail(errc code, std::string_view detail);

    parse_options options_;
    std::string buffer_;
    std::string rejected_;
    std::size_t begin_ = 0;   // consumed bytes at the front of buffer_, dropped lazily
    std::size_t scanned_ = 0; // bytes after begin_ already searched for the empty line
    bool after_crlf_ = false; // the last item was a lone CRLF (half of a split ping?)
    bool failed_ = false;
};

} // namespace rvoip::sip
