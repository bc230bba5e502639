// Message parsing: the start line, the header index (names, folding, wire order), the body,
// and the checks RFC 3261 §8.1.1 requires of every message, done once at the boundary.
#include <rvoip/sip/message.hpp>
#include <rvoip/sip/auth.hpp>

#include "header_lookup.hpp"
#include "message_impl.hpp"
#include "parse_into.hpp"
#include "start_line.hpp"
#include "text.hpp"
#include "validate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rvoip::sip {
namespace {

using detail::header_slot;
using detail::message_impl;

/// Where the parser is, for error positions.
struct cursor
{
    message_impl& m;
    std::uint32_t line_no = 1;
    std::uint32_t line_begin = 0;

    parse_error error(errc code, std::uint32_t offset, std::string_view header = {},
                      std::string_view detail = {}) const
    {
        parse_error e;
        e.code = code;
        e.line = line_no;
        e.column = offset >= line_begin ? offset - line_begin + 1 : 1;
        e.header = std::string(header);
        e.detail = std::string(detail);
        return e;
    }
};

parse_error whole_message_error(errc code, std::string_view header = {},
                                std::string_view detail = {})
{
    parse_error e;
    e.code = code;
    e.header = std::string(header);
    e.detail = std::string(detail);
    return e;
}

/// The end of the line starting at `pos`: the index of its '\n', or npos.
std::size_t find_lf(std::string_view s, std::size_t pos) noexcept
{
    auto const* p = static_cast<char const*>(std::memchr(s.data() + pos, '\n', s.size() - pos));
    return p ? static_cast<std::size_t>(p - s.data()) : std::string_view::npos;
}

/// The first byte at or after `pos` that is `a` or `b`, or npos; sixteen bytes per step where
/// SSE2 is available.
std::size_t find_either(std::string_view s, std::size_t pos, char a, char b) noexcept
{
#if defined(__SSE2__)
    auto const va = _mm_set1_epi8(a);
    auto const vb = _mm_set1_epi8(b);
    for (; pos + 16 <= s.size(); pos += 16) {
        auto const bytes = _mm_loadu_si128(reinterpret_cast<__m128i const*>(s.data() + pos));
        auto const hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, va), _mm_cmpeq_epi8(bytes, vb));
        if (auto const mask = static_cast<unsigned>(_mm_movemask_epi8(hits)))
            return pos + static_cast<std::size_t>(std::countr_zero(mask));
    }
#endif
    for (; pos < s.size(); ++pos)
        if (s[pos] == a || s[pos] == b)
            return pos;
    return std::string_view::npos;
}

/// The first CR or LF at or after `pos`, or npos: one scan finds a line's end and any bare CR
/// in it.
std::size_t find_cr_or_lf(std::string_view s, std::size_t pos) noexcept
{
    return find_either(s, pos, '\r', '\n');
}

/// The length of the run at the start of a header line before its first ':', SP or HTAB (the
/// whole line when there is none): where a header name ends. Sixteen bytes per step where SSE2
/// is available, reading past the line (the message's block goes on for 32 bytes and more
/// after its last byte; see lookup_header_padded()).
std::uint32_t name_run(std::string_view line) noexcept
{
#if defined(__SSE2__)
    auto const colon = _mm_set1_epi8(':');
    auto const space = _mm_set1_epi8(' ');
    auto const tab = _mm_set1_epi8('\t');
    for (std::size_t i = 0;; i += 16) {
        auto const b = _mm_loadu_si128(reinterpret_cast<__m128i const*>(line.data() + i));
        auto const hits = _mm_or_si128(_mm_cmpeq_epi8(b, colon),
                                       _mm_or_si128(_mm_cmpeq_epi8(b, space), _mm_cmpeq_epi8(b, tab)));
        if (auto const mask = static_cast<unsigned>(_mm_movemask_epi8(hits)))
            return static_cast<std::uint32_t>(std::min(i + static_cast<std::size_t>(std::countr_zero(mask)), line.size()));
        if (i + 16 >= line.size())
            return static_cast<std::uint32_t>(line.size());
    }
#else
    std::size_t i = 0;
    while (i < line.size() && line[i] != ':' && !detail::is_wsp(line[i]))
        ++i;
    return static_cast<std::uint32_t>(i);
#endif
}

/// A NUL is invalid in the header block except as a quoted-pair ("\\" NUL inside a quoted
/// string, RFC 4475 intmeth). Returns the offset of the first invalid one in `block`, or npos.
/// One scan of the whole block: NULs are rare, so this costs one memchr.
std::size_t find_bad_nul(std::string_view block) noexcept
{
    auto const* first = static_cast<char const*>(std::memchr(block.data(), '\0', block.size()));
    if (!first)
        return std::string_view::npos; // the common case: one memchr
    // Some NUL: walk the block once, tracking quoted strings (they do not span lines).
    bool quoted = false;
    for (std::size_t i = 0; i < block.size(); ++i) {
        char const c = block[i];
        if (c == '\n') {
            quoted = false;
        } else if (quoted && c == '\\' && i + 1 < block.size()) {
            ++i; // a quoted-pair may carry any byte but CR and LF, NUL included
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == '\0') {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The end of a value after its trailing whitespace is dropped.
std::uint32_t trim_end(std::string_view bytes, std::uint32_t begin, std::uint32_t end) noexcept
{
    while (end > begin && detail::is_wsp(bytes[end - 1]))
        --end;
    return end;
}

std::string_view header_name(message_impl const& m, header_slot const& h)
{
    return h.id == header_id::other ? m.text(h.line_begin, h.line_begin + h.name_length)
                                    : canonical_name(h.id);
}

/// Adds the field of the line at `pos` whose name is `name_length` bytes long and whose value
/// starts after `value_offset` bytes (past the ':') and ends with the line's content at
/// `content_end`; `next` is the offset of the line after it.
/// (Inlined into both loops: a call per field costs more than the lines it shares.)
[[gnu::always_inline]] inline void add_field(message_impl& m, header_id id, std::uint32_t pos,
                                             std::uint32_t name_length, std::uint32_t content_end,
                                             std::uint32_t next, std::uint32_t value_offset) noexcept
{
    auto const bytes = m.bytes();
    // The value without leading and trailing whitespace, trimmed here rather than in a second
    // pass over the index.
    auto value_begin = pos + value_offset;
    while (value_begin < content_end && detail::is_wsp(bytes[value_begin]))
        ++value_begin;
    auto const slot = static_cast<std::size_t>(id);
    if (m.field_count[slot] == 0)
        m.first_field[slot] = static_cast<std::uint16_t>(m.headers.size() + 1);
    if (m.field_count[slot] < 255)
        ++m.field_count[slot];
    // Written in place: a slot built on the stack and copied in is read back with wide loads
    // over its fresh narrow stores (name_length, id), which the CPU cannot forward.
    auto& h = m.headers.emplace_back();
    h.line_begin = pos;
    h.line_end = next;
    h.value_begin = value_begin;
    h.value_end = trim_end(bytes, value_begin, content_end);
    h.name_length = static_cast<std::uint16_t>(name_length);
    h.id = id;
}

/// Indexes header lines of the usual shape from `pos` on: a token name (known or not), ':',
/// the value, CRLF. Returns the offset of the first line it leaves to index_headers()' general
/// loop (a fold, a name that is no token, a bare line ending, a limit reached), or, through `body`, the
/// offset of the body when it reached the empty line. The slots it adds are the general loop's.
std::uint32_t index_usual_lines(cursor& c, std::uint32_t pos, parse_options const& opt,
                                std::uint32_t& body) noexcept
{
    auto& m = c.m;
    auto const bytes = m.bytes();
    auto const* const d = bytes.data();
    std::size_t const max_headers = std::min<std::size_t>(opt.max_headers, 0xFFFF);
    while (pos <= opt.max_header_bytes) {
        auto const eol = find_cr_or_lf(bytes, pos);
        if (eol == std::string_view::npos || d[eol] != '\r' || eol + 1 >= bytes.size() ||
            d[eol + 1] != '\n')
            return pos;
        auto const line = bytes.substr(pos, eol - pos);
        if (line.empty()) {
            ++c.line_no;
            c.line_begin = pos;
            body = static_cast<std::uint32_t>(eol + 2);
            return pos;
        }
        if (detail::is_wsp(line.front()) || m.headers.size() >= max_headers)
            return pos;
        auto const run = name_run(line);
        if (run == line.size() || line[run] != ':')
            return pos;
        auto const id = detail::lookup_header_padded(line.substr(0, run)); // the block goes on
        // Another name is taken here too when it is a token the general loop would accept as
        // it is, so that its line is not looked at twice.
        if (id == header_id::other && (run > 0xFFFF || !detail::is_token(line.substr(0, run))))
            return pos;
        ++c.line_no;
        add_field(m, id, pos, run, static_cast<std::uint32_t>(eol),
                  static_cast<std::uint32_t>(eol + 2), run + 1);
        pos = static_cast<std::uint32_t>(eol + 2);
    }
    return pos;
}

/// Splits the header block into slots. Returns the offset of the body.
parse_result<std::uint32_t> index_headers(cursor& c, std::uint32_t pos, parse_options const& opt)
{
    auto& m = c.m;
    auto const bytes = m.bytes();
    for (;;) {
        std::uint32_t body = 0;
        pos = index_usual_lines(c, pos, opt, body);
        if (body != 0)
            return body;
        if (pos > opt.max_header_bytes)
            return whole_message_error(errc::header_too_large);
        // The line ends at the first LF; a CR may only come right before it.
        auto const eol = find_cr_or_lf(bytes, pos);
        auto lf = eol;
        auto bare_cr = std::string_view::npos;
        if (eol != std::string_view::npos && bytes[eol] == '\r') {
            if (eol + 1 < bytes.size() && bytes[eol + 1] == '\n') {
                lf = eol + 1;
            } else {
                bare_cr = eol;
                lf = find_lf(bytes, eol);
            }
        }
        if (lf == std::string_view::npos) {
            // The limit is judged before the missing end: a 1 MB header line is too large
            // whether or not its CRLF ever arrives.
            if (bytes.size() > opt.max_header_bytes)
                return whole_message_error(errc::header_too_large);
            return whole_message_error(errc::need_more, {}, "the header block has no end (empty line)");
        }
        ++c.line_no;
        c.line_begin = pos;
        auto const content_end = static_cast<std::uint32_t>(lf > pos && bytes[lf - 1] == '\r' ? lf - 1 : lf);
        auto const line = bytes.substr(pos, content_end - pos);
        auto const next = static_cast<std::uint32_t>(lf + 1);
        if (line.empty())
            return next;
        // A CR anywhere but before the LF is a bare CR (RFC 3261 §7: lines end in CRLF).
        if (bare_cr != std::string_view::npos)
            return c.error(errc::bad_line_ending, static_cast<std::uint32_t>(bare_cr), {},
                           "bare CR in the header block");
        if (detail::is_wsp(line.front())) {
            // RFC 3261 §7.3.1: a line starting with whitespace continues the previous field.
            if (m.headers.empty())
                return c.error(errc::bad_header_line, pos, {}, "continuation line before any header");
            auto& h = m.headers.back();
            if (h.value_begin == h.value_end) {
                // The value starts on this continuation line: skip the fold's whitespace.
                auto b = pos;
                while (b < content_end && detail::is_wsp(bytes[b]))
                    ++b;
                h.value_begin = b;
            }
            h.value_end = trim_end(bytes, h.value_begin, content_end);
            h.line_end = next;
            pos = next;
            continue;
        }
        // The name runs to the first ':', SP or HTAB. Spelled as a known header's it is made of
        // token characters; only other names are checked byte by byte.
        auto const run = name_run(line);
        auto const id = detail::lookup_header_padded(line.substr(0, run)); // the block goes on
        std::uint32_t i = 0;
        if (id != header_id::other) {
            i = run;
        } else {
            while (i < line.size() && detail::is_token_byte(line[i]))
                ++i;
        }
        auto const name_length = i;
        while (i < line.size() && detail::is_wsp(line[i]))
            ++i;
        if (name_length > 0xFFFF)
            return c.error(errc::header_too_large, pos, {}, "header name longer than 65535 bytes");
        if (name_length == 0 || i == line.size() || line[i] != ':')
            return c.error(errc::bad_header_line, pos + i, {}, "expected a header name and ':'");
        // first_field holds 16-bit indexes: no more than 65535 fields, whatever the option says.
        if (m.headers.size() >= opt.max_headers || m.headers.size() >= 0xFFFF)
            return c.error(errc::too_many_headers, pos);
        add_field(m, id, pos, name_length, content_end, next, i + 1);
        pos = next;
    }
}

/// The line number of a header slot, for error messages.
std::uint32_t line_of(message_impl const& m, std::uint32_t offset)
{
    std::uint32_t line = 1;
    auto const* d = m.data();
    for (std::uint32_t i = 0; i < offset && i < m.size; ++i)
        line += d[i] == '\n';
    return line;
}

/// Single-valued headers that may still come in several fields, each its own value: the
/// challenges and credentials of RFC 3261 §22 (one per realm, RFC 7235 §4.1; RFC 8760 §2.4
/// offers one challenge per algorithm).
constexpr bool may_repeat(header_id id) noexcept
{
    return id == header_id::www_authenticate || id == header_id::proxy_authenticate ||
           id == header_id::authorization || id == header_id::proxy_authorization;
}

parse_error header_error(message_impl const& m, header_slot const& h, errc code,
                         std::string_view detail = {})
{
    parse_error e;
    e.code = code;
    e.line = line_of(m, h.line_begin);
    e.column = h.value_begin - h.line_begin + 1;
    e.header = std::string(header_name(m, h));
    e.detail = std::string(detail);
    return e;
}

/// single() for a header absent or repeated.
[[gnu::noinline]] parse_result<header_slot const*> single_rare(message_impl const& m, header_id id)
{
    if (m.first_field[static_cast<std::size_t>(id)] == 0)
        return nullptr;
    header_slot const* found = nullptr;
    for (auto const& h : m.headers) {
        if (h.id != id)
            continue;
        if (found) {
            // Identical repeats are harmless; conflicting ones make the message ambiguous.
            if (m.text(h.value_begin, h.value_end) != m.text(found->value_begin, found->value_end))
                return header_error(m, h, errc::duplicate_header, "conflicting duplicate");
            continue;
        }
        found = &h;
    }
    return found;
}

/// Finds the one field of a header that may occur once; duplicates are an error.
inline parse_result<header_slot const*> single(message_impl const& m, header_id id)
{
    auto const slot = static_cast<std::size_t>(id);
    if (m.field_count[slot] == 1)
        return &m.headers[m.first_field[slot] - 1u];
    return single_rare(m, id);
}

parse_error missing(header_id id)
{
    return whole_message_error(errc::missing_header, canonical_name(id), "missing mandatory header");
}

/// validation::index: CSeq parsed and matched against the request method; Call-ID, From, To
/// and a Via present (each single-valued one at most once).
parse_result<void> check_index(message_impl& m)
{
    auto cs = single(m, header_id::cseq);
    if (!cs)
        return cs.error();
    if (!*cs)
        return missing(header_id::cseq);
    // Parsed in place (see parse_into.hpp); the message is discarded when it fails.
    if (detail::parse_cseq_into(m.text((*cs)->value_begin, (*cs)->value_end), m.cseq) != errc{})
        return header_error(m, **cs, errc::bad_header_value, "malformed CSeq");
    if (m.request && m.cseq.method_text != m.method_text)
        return header_error(m, **cs, errc::cseq_method_mismatch,
                            "CSeq method does not match the request method");
    for (auto id : {header_id::call_id, header_id::from, header_id::to}) {
        auto f = single(m, id);
        if (!f)
            return f.error();
        if (!*f)
            return missing(id);
        if (id == header_id::call_id)
            m.call_id = m.text((*f)->value_begin, (*f)->value_end);
    }
    if (m.field_count[static_cast<std::size_t>(header_id::via)] == 0)
        return missing(header_id::via);
    return {};
}

/// RFC 3261 §8.1.1: the grammars of the Request-URI, Call-ID, From, To and every Via value.
/// Their typed values are cached for the accessors.
parse_result<void> parse_mandatory(message_impl& m)
{
    // Every part is parsed even after one fails, so that after validation::index a malformed
    // From does not hide the Via a 400 must be sent back along (RFC 3261 §18.2.2). The first
    // error is the one reported.
    m.mandatory_parsed = true;
    std::construct_at(&m.request_uri);
    std::construct_at(&m.from);
    std::construct_at(&m.to);
    std::optional<parse_error> first;
    auto note = [&](parse_error e) {
        if (!first)
            first = std::move(e);
    };
    if (m.request) {
        if (!detail::parse_uri_padded_into(m.request_uri_text, m.request_uri)) {
            m.request_uri = uri{};
            parse_error e;
            e.code = errc::bad_request_uri;
            e.line = 1;
            e.column = static_cast<std::uint32_t>(m.request_uri_text.data() - m.data()) + 1;
            note(std::move(e));
        }
    }
    if (!detail::valid_call_id(m.call_id)) {
        for (auto const& h : m.headers)
            if (h.id == header_id::call_id) {
                note(header_error(m, h, errc::bad_header_value, "malformed Call-ID"));
                break;
            }
    }
    // In wire order, so that the first error noted is the first in the message.
    bool const to_first = m.first_field[static_cast<std::size_t>(header_id::to)] <
                          m.first_field[static_cast<std::size_t>(header_id::from)];
    for (auto const id : {to_first ? header_id::to : header_id::from,
                          to_first ? header_id::from : header_id::to}) {
        // Parsed in place; a malformed one is left empty. Only the first field is read: a
        // repeat is identical to it (single() made sure in check_index()).
        if (!m.has(id))
            continue;
        auto const& h = m.headers[m.first_field[static_cast<std::size_t>(id)] - 1u];
        auto& address = id == header_id::from ? m.from : m.to;
        if (auto const e =
                detail::parse_name_addr_padded_into(m.text(h.value_begin, h.value_end), address);
            e != errc{}) {
            address = name_addr{};
            note(header_error(m, h, errc::bad_header_value,
                              e == errc::bad_uri ? "malformed URI" : "malformed address"));
        }
    }
    // The Via fields from the first, in order, skipping the others (their count is exact below
    // 255).
    auto const via_slot = static_cast<std::size_t>(header_id::via);
    auto vias_left = m.field_count[via_slot] < 255 ? m.field_count[via_slot] : m.headers.size();
    for (std::size_t i = m.first_field[via_slot] == 0 ? m.headers.size() : m.first_field[via_slot] - 1u;
         vias_left > 0 && i < m.headers.size(); ++i) {
        auto const& h = m.headers[i];
        if (h.id != header_id::via)
            continue;
        --vias_left;
        auto const value = m.text(h.value_begin, h.value_end);
        // A field of one via-parm in the usual shape needs no list split (the scan matches no ',').
        if (detail::parse_usual_via_padded_into(value, m.vias.emplace_back()))
            continue;
        m.vias.pop_back();
        bool ok = true;
        for_each_list_value(value, [&](std::string_view v) {
            if (!ok)
                return;
            m.vias.emplace_back();
            if (auto const e = detail::parse_via_padded_into(v, m.vias.back()); e != errc{}) {
                m.vias.pop_back();
                ok = false;
                bool const no_host = e == errc::missing_sent_by;
                note(header_error(m, h, no_host ? errc::missing_sent_by : errc::bad_header_value,
                                  no_host ? "missing sent-by" : "malformed Via"));
            }
        });
    }
    if (first)
        return *first;
    if (m.vias.empty())
        return missing(header_id::via);
    return {};
}

/// Reads Content-Length and sets the body. Returns the message's end offset.
parse_result<std::uint32_t> frame_body(message_impl& m, std::uint32_t body_begin,
                                       parse_options const& opt)
{
    auto cl = single(m, header_id::content_length);
    if (!cl)
        return cl.error();
    std::uint32_t const available = m.size - body_begin;
    std::uint32_t length = available;
    if (*cl) {
        std::uint64_t v = 0;
        if (!detail::parse_uint(m.text((*cl)->value_begin, (*cl)->value_end), 0xFFFFFFFFu, v))
            return header_error(m, **cl, errc::bad_content_length, "not a number");
        if (v > opt.max_body_bytes)
            return header_error(m, **cl, errc::body_too_large);
        m.content_length.set(static_cast<std::uint32_t>(v));
        if (v > available)
            return header_error(m, **cl, opt.datagram ? errc::body_truncated : errc::need_more,
                                "Content-Length exceeds the bytes received");
        length = static_cast<std::uint32_t>(v);
    } else {
        m.content_length.state = detail::lazy::absent;
        // RFC 3261 §18.3: on a stream the Content-Length header field MUST be used.
        if (!opt.datagram)
            return whole_message_error(errc::missing_header, "Content-Length",
                                       "required on stream transports");
        if (available > opt.max_body_bytes)
            return whole_message_error(errc::body_too_large);
    }
    m.body = m.text(body_begin, body_begin + length);
    return body_begin + length;
}

} // namespace

void message_impl::ensure_mandatory() noexcept
{
    if (mandatory_parsed)
        return;
    // After validation::index: parse what can be parsed; failures leave values empty.
    (void)parse_mandatory(*this);
}

parse_result<message> message::parse(std::string_view bytes, parse_options const& opt)
{
    // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives on streams).
    std::size_t skip = 0;
    while (skip < bytes.size() && (bytes[skip] == '\r' || bytes[skip] == '\n'))
        ++skip;
    bytes.remove_prefix(skip);
    if (bytes.empty())
        return whole_message_error(errc::empty_message);
    if (bytes.size() > 0xFFFFFFF0u)
        return whole_message_error(errc::message_too_large);

    auto impl = message_impl::create(bytes);
    auto& m = *impl;
    m.options = opt;
    cursor c{m};
    auto const all = m.bytes();

    auto const lf = find_lf(all, 0);
    if (lf == std::string_view::npos) {
        if (all.size() > opt.max_header_bytes)
            return whole_message_error(errc::header_too_large);
        return whole_message_error(errc::need_more, {}, "the start line has no end");
    }
    if (lf > opt.max_header_bytes)
        return whole_message_error(errc::header_too_large);
    auto const line = all.substr(0, lf > 0 && all[lf - 1] == '\r' ? lf - 1 : lf);
    // One pass over the line (string_view::find_first_of calls memchr once per byte).
    if (auto const bad = find_either(line, 0, '\r', '\0'); bad != std::string_view::npos)
        return c.error(errc::bad_line_ending, static_cast<std::uint32_t>(bad), {},
                       line[bad] == '\0' ? "NUL byte in the start line" : "bare CR in the start line");
    auto const start = detail::parse_start_line(line);
    if (start.error != errc{})
        return c.error(start.error, static_cast<std::uint32_t>(start.error_column));
    m.request = start.request;
    m.version = start.version;
    if (m.request) {
        m.method_text = start.method;
        m.method = lookup_method(start.method);
        m.request_uri_text = start.uri;
    } else {
        m.status = start.status;
        m.reason = start.reason;
    }

    auto body_begin = index_headers(c, static_cast<std::uint32_t>(lf + 1), opt);
    if (!body_begin)
        return body_begin.error();
    if (auto const nul = find_bad_nul(all.substr(lf + 1, *body_begin - lf - 1));
        nul != std::string_view::npos) {
        auto const at = static_cast<std::uint32_t>(lf + 1 + nul);
        parse_error e;
        e.code = errc::bad_line_ending;
        e.line = line_of(m, at);
        e.column = at - static_cast<std::uint32_t>(all.rfind('\n', at) + 1) + 1;
        e.detail = "NUL byte in the header block";
        return e;
    }
    if (auto ok = check_index(m); !ok)
        return ok.error();
    auto end = frame_body(m, *body_begin, opt);
    if (!end)
        return end.error();
    if (opt.check != validation::index) {
        if (auto ok = parse_mandatory(m); !ok)
            return ok.error();
    }
    if (opt.check == validation::strict && m.request && !m.request_uri.headers.empty()) {
        // On the start line (the cursor has moved on through the header block).
        cursor const start_line{m};
        return start_line.error(errc::bad_request_uri,
                                static_cast<std::uint32_t>(start.uri.data() - all.data()), {},
                                "headers are not allowed in a Request-URI");
    }
    m.size = *end;
    auto* const raw = impl.get(); // stays valid inside the message
    auto msg = message_impl::make_message(std::move(impl));
    if (opt.check == validation::strict) {
        // Every typed header is parsed now, through its accessor, so the work is cached for
        // whoever reads it next.
        std::array<bool, static_cast<std::size_t>(header_id::count_)> checked{};
        for (auto const& h : raw->headers) {
            auto const value = raw->text(h.value_begin, h.value_end);
            auto& done = checked[static_cast<std::size_t>(h.id)];
            std::optional<errc> e;
            if (!done) {
                // The typed accessor reads every field of a list header and the first of a
                // single-valued one; its result is cached for whoever reads it next.
                done = h.id != header_id::other;
                e = detail::check_typed(msg, h.id);
            } else if (may_repeat(h.id)) {
                // Each challenge or credentials field is checked on its own.
                bool const challenge = h.id == header_id::www_authenticate || h.id == header_id::proxy_authenticate;
                if (challenge ? !parse_challenge(value) : !parse_credentials(value))
                    e = errc::bad_header_value;
            } else if (!is_list_header(h.id) && detail::check_typed(msg, h.id)) {
                // A second field of a single-valued typed header: only an identical repeat is
                // harmless (the accessor reads the first).
                auto const first = msg.find(h.id);
                if (first && first->value != value)
                    e = errc::duplicate_header;
            }
            if (!e || *e == errc{})
                e = detail::validate_header(h.id, value); // grammar or control characters
            if (*e != errc{})
                return header_error(*raw, h, *e);
        }
    }
    return msg;
}

} // namespace rvoip::sip
