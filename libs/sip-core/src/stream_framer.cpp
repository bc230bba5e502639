#include <rvoip/sip/stream_framer.hpp>

#include "text.hpp"

#include <algorithm>
#include <cstring>

namespace rvoip::sip {
namespace {

/// The offset just past the empty line that ends the header block, or npos. Accepts CRLF and
/// bare LF line endings, like the message parser.
std::size_t header_end(std::string_view s) noexcept
{
    for (std::size_t pos = 0;;) {
        auto const* p = static_cast<char const*>(std::memchr(s.data() + pos, '\n', s.size() - pos));
        if (!p)
            return std::string_view::npos;
        auto i = static_cast<std::size_t>(p - s.data()) + 1;
        if (i < s.size() && s[i] == '\n')
            return i + 1;
        if (i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n')
            return i + 2;
        pos = i;
    }
}

/// Finds the Content-Length value (or compact "l") in a header block; empty when absent.
/// Several conflicting values are reported through `conflict`.
std::string_view find_content_length(std::string_view block, bool& conflict) noexcept
{
    std::string_view found;
    std::size_t pos = block.find('\n'); // skip the start line
    while (pos != std::string_view::npos && pos + 1 < block.size()) {
        auto const begin = pos + 1;
        auto end = block.find('\n', begin);
        if (end == std::string_view::npos)
            end = block.size();
        auto line = block.substr(begin, end - begin);
        pos = end;
        auto const colon = line.find(':');
        if (colon == std::string_view::npos || line.empty() || detail::is_wsp(line[0]))
            continue;
        auto name = detail::trim_lws(line.substr(0, colon));
        if (lookup_header(name) != header_id::content_length)
            continue;
        auto value = detail::trim_lws(line.substr(colon + 1));
        if (value.empty()) {
            // HCOLON allows a fold before the value (RFC 3261 §7.3.1): take the next line's.
            auto const next_begin = end + 1;
            if (next_begin < block.size() && detail::is_wsp(block[next_begin])) {
                auto next_end = block.find('\n', next_begin);
                if (next_end == std::string_view::npos)
                    next_end = block.size();
                value = detail::trim_lws(block.substr(next_begin, next_end - next_begin));
            }
        }
        if (!found.empty() && value != found)
            conflict = true;
        found = value;
    }
    return found;
}

} // namespace

stream_framer::stream_framer(parse_options options) noexcept : options_(options)
{
    options_.datagram = false;
}

void stream_framer::feed(std::string_view bytes)
{
    if (failed_)
        return; // nothing more will be read from this stream: do not buffer it
    if (begin_ > 0 && begin_ >= buffer_.size() / 2) {
        buffer_.erase(0, begin_);
        begin_ = 0;
    }
    buffer_.append(bytes);
}

parse_error stream_framer::fail(errc code, std::string_view detail)
{
    failed_ = true;
    parse_error e;
    e.code = code;
    e.detail = std::string(detail);
    return e;
}

parse_result<stream_item> stream_framer::next()
{
    if (failed_)
        return fail(errc::bad_header_line, "the stream failed earlier");
    std::string_view data(buffer_.data() + begin_, buffer_.size() - begin_);
    auto const need_more = [] {
        parse_error e;
        e.code = errc::need_more;
        return e;
    };

    // RFC 5626 §4.4.1: CRLF CRLF is a ping, a lone CRLF a pong; RFC 3261 §7.5 says to ignore
    // CRLFs before a start line, which is the same bytes.
    if (data.substr(0, 4) == "\r\n\r\n") {
        begin_ += 4;
        scanned_ = 0;
        after_crlf_ = false;
        return stream_item(keepalive{true});
    }
    if (data.substr(0, 2) == "\r\n") {
        begin_ += 2;
        scanned_ = 0;
        // A CRLF right after a lone CRLF completes a ping split across reads (TLS records
        // often split it); a lone one is a pong.
        bool const ping = after_crlf_;
        after_crlf_ = !ping;
        return stream_item(keepalive{ping});
    }
    if (!data.empty() && data.front() == '\n') { // a bare LF keep-alive from a sloppy peer
        begin_ += 1;
        scanned_ = 0;
        return stream_item(keepalive{false});
    }
    if (data.empty())
        return need_more();
    after_crlf_ = false;

    // Resume the search for the empty line where the last call stopped (a few bytes back, in
    // case the CRLFCRLF straddles the boundary): feeding a byte at a time stays linear.
    auto const limit = std::min(options_.max_header_bytes, std::size_t(-1) - 4) + 4;
    auto const window = data.substr(0, limit);
    auto const from = scanned_ > 3 ? scanned_ - 3 : 0;
    auto head = header_end(window.substr(from));
    if (head != std::string_view::npos)
        head += from;
    if (head == std::string_view::npos) {
        scanned_ = window.size();
        if (data.size() > options_.max_header_bytes)
            return fail(errc::header_too_large, "header block larger than the limit");
        return need_more();
    }
    bool conflict = false;
    auto const cl_text = find_content_length(data.substr(0, head), conflict);
    if (conflict)
        return fail(errc::duplicate_header, "conflicting Content-Length values");
    if (cl_text.empty())
        return fail(errc::missing_header, "Content-Length is required on a stream");
    std::uint64_t length = 0;
    if (!detail::parse_uint(cl_text, 0xFFFFFFFFu, length))
        return fail(errc::bad_content_length, "malformed Content-Length");
    if (length > options_.max_body_bytes)
        return fail(errc::body_too_large, "Content-Length above the limit");
    if (data.size() < head + length)
        return need_more();

    auto const total = head + static_cast<std::size_t>(length);
    auto parsed = message::parse(data.substr(0, total), options_);
    if (!parsed)
        rejected_.assign(data.substr(0, total)); // so that the owner can answer it (a 400)
    begin_ += total;
    scanned_ = 0;
    if (begin_ == buffer_.size()) {
        buffer_.clear();
        begin_ = 0;
    }
    if (!parsed)
        return parsed.error();
    return stream_item(std::move(*parsed));
}

} // namespace rvoip::sip
