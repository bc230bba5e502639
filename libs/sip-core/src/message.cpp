// message: accessors over the index, the lazily parsed optional headers, and modification.
#include <rvoip/sip/message.hpp>

#include "lazy.hpp"
#include "message_impl.hpp"
#include "parse_into.hpp"
#include "text.hpp"

#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rvoip::sip {

namespace detail {

namespace {

// Blocks of messages up to about 1.7 KB (nearly all) have one size, and each thread keeps a
// few freed ones for its next messages: an element parses and drops messages at a high rate,
// and a block this size is past malloc's per-thread fast bins. Bounded: at most 32 blocks
// (256 KB) per thread, given back when the thread ends.
//
// Under AddressSanitizer every block goes back to the allocator, so that a view used after its
// message is gone is reported rather than read from a reused block.
#if defined(__SANITIZE_ADDRESS__)
#define RVOIP_SIP_POOL_BLOCKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RVOIP_SIP_POOL_BLOCKS 0
#endif
#endif
#ifndef RVOIP_SIP_POOL_BLOCKS
#define RVOIP_SIP_POOL_BLOCKS 1
#endif
constexpr std::size_t pooled_block_size = 8192;
constexpr bool pool_blocks = RVOIP_SIP_POOL_BLOCKS != 0;

/// Trivially destructible, so that it stays usable until its thread ends (a message destroyed
/// by a later thread-exit or static destructor finds it closed and frees its block).
struct block_pool
{
    std::array<void*, 32> blocks;
    std::size_t count;
    bool closed;
};
constinit thread_local block_pool pool{};

/// Gives a thread's pooled blocks back when the thread ends (registered on first pooling).
struct pool_release
{
    pool_release() = default;
    pool_release(pool_release const&) = delete;
    pool_release& operator=(pool_release const&) = delete;
    ~pool_release()
    {
        for (std::size_t i = 0; i < pool.count; ++i)
            ::operator delete(pool.blocks[i]);
        pool.count = 0;
        pool.closed = true;
    }
    void arm() noexcept {}
};
thread_local pool_release release_at_exit;

void* allocate_block(std::size_t size)
{
    if (pool_blocks && size == pooled_block_size && pool.count > 0)
        return pool.blocks[--pool.count];
    return ::operator new(size);
}

void free_block(void* block, std::size_t size) noexcept
{
    if (pool_blocks && size == pooled_block_size && !pool.closed && pool.count < pool.blocks.size()) {
        if (pool.count == 0)
            release_at_exit.arm(); // constructs it in this thread, so that its destructor runs
        pool.blocks[pool.count++] = block;
        return;
    }
    ::operator delete(block);
}

} // namespace

void message_impl_deleter::operator()(message_impl* p) const noexcept
{
    auto const size = p->block_size;
    p->~message_impl();
    free_block(p, size);
}

std::unique_ptr<message_impl, message_impl_deleter> message_impl::create(std::string_view bytes)
{
    // [message_impl][bytes, NUL][padding][typed_cache]: the cache comes last so that a message
    // whose typed headers are never read touches only the front of the block.
    // The parsers read up to 32 bytes past a view into the message (lookup_header_padded(),
    // the *_padded_into() parsers): the cache after the bytes keeps that inside the block.
    static_assert(sizeof(typed_cache) >= 32);
    constexpr std::size_t align = alignof(typed_cache);
    std::size_t const cache_at =
        (sizeof(message_impl) + bytes.size() + 1 + align - 1) / align * align;
    auto block_size = cache_at + sizeof(typed_cache);
    if (block_size <= pooled_block_size)
        block_size = pooled_block_size;
    void* raw = allocate_block(block_size);
    auto* impl = new (raw) message_impl;
    impl->block_size = block_size;
    impl->size = static_cast<std::uint32_t>(bytes.size());
    std::memcpy(impl->data(), bytes.data(), bytes.size());
    impl->data()[bytes.size()] = '\0';
    impl->typed_storage_ = static_cast<char*>(raw) + cache_at;
    return std::unique_ptr<message_impl, message_impl_deleter>(impl);
}

} // namespace detail

namespace {
// Bytes that matter when splitting a list value: , " < > and backslash.
struct list_specials
{
    bool value[256] = {};
    constexpr list_specials()
    {
        for (char c : std::string_view(",\"<>\\"))
            value[static_cast<unsigned char>(c)] = true;
    }
};
constexpr list_specials list_special{};

/// The index of the first byte at or after `i` that list_value_end() must look at (one of
/// , " < > and backslash), or value.size(). Sixteen bytes per step where SSE2 is available:
/// Via and token-list values are long runs of bytes that matter to no one.
std::size_t next_list_special(std::string_view value, std::size_t i) noexcept
{
#if defined(__SSE2__)
    auto const comma = _mm_set1_epi8(',');
    auto const quote = _mm_set1_epi8('"');
    auto const less = _mm_set1_epi8('<');
    auto const greater = _mm_set1_epi8('>');
    auto const backslash = _mm_set1_epi8('\\');
    for (; i + 16 <= value.size(); i += 16) {
        auto const b = _mm_loadu_si128(reinterpret_cast<__m128i const*>(value.data() + i));
        auto const hits = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, quote)),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, less), _mm_cmpeq_epi8(b, greater)),
                         _mm_cmpeq_epi8(b, backslash)));
        if (auto const mask = static_cast<unsigned>(_mm_movemask_epi8(hits)))
            return i + static_cast<std::size_t>(std::countr_zero(mask));
    }
#endif
    while (i < value.size() && !list_special.value[static_cast<unsigned char>(value[i])])
        ++i;
    return i;
}

} // namespace

std::size_t list_value_end(std::string_view value, std::size_t start) noexcept
{
    bool quoted = false;
    bool angle = false;
    for (std::size_t i = next_list_special(value, start); i < value.size();
         i = next_list_special(value, i + 1)) {
        char const c = value[i];
        if (quoted) {
            if (c == '\\' && i + 1 < value.size())
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            angle = true;
        } else if (c == '>') {
            angle = false;
        } else if (c == ',' && !angle) {
            return i;
        }
    }
    return value.size();
}

message::message(std::unique_ptr<detail::message_impl, detail::message_impl_deleter> impl) noexcept
    : impl_(std::move(impl))
{
}

bool message::is_request() const noexcept { return impl_->request; }
sip::method message::method() const noexcept { return impl_->method; }
std::string_view message::method_text() const noexcept { return impl_->method_text; }
uri const& message::request_uri() const noexcept
{
    impl_->ensure_mandatory();
    return impl_->request_uri;
}
std::string_view message::version() const noexcept { return impl_->version; }
int message::status_code() const noexcept { return impl_->status; }
std::string_view message::reason_phrase() const noexcept { return impl_->reason; }
std::size_t message::header_count() const noexcept { return impl_->headers.size(); }

header_field message::header(std::size_t i) const noexcept
{
    auto const& h = impl_->headers[i];
    return {h.id, impl_->text(h.line_begin, h.line_begin + h.name_length),
            impl_->text(h.value_begin, h.value_end), impl_->text(h.line_begin, h.line_end)};
}

std::optional<header_field> message::find(header_id id) const noexcept
{
    auto const first = impl_->first_field[static_cast<std::size_t>(id)];
    if (id == header_id::other || first == 0)
        return std::nullopt;
    return header(first - 1u);
}

std::optional<header_field> message::find(std::string_view name) const noexcept
{
    auto const id = lookup_header(name);
    if (id != header_id::other)
        return find(id);
    for (std::size_t i = 0; i < impl_->headers.size(); ++i) {
        auto f = header(i);
        if (f.id == header_id::other && detail::iequals(f.name, name))
            return f;
    }
    return std::nullopt;
}

std::size_t message::first_index(header_id id) const noexcept
{
    if (id == header_id::other)
        return 0;
    auto const first = impl_->first_field[static_cast<std::size_t>(id)];
    return first == 0 ? impl_->headers.size() : first - 1u;
}

std::size_t message::count(header_id id) const noexcept
{
    if (id != header_id::other && impl_->field_count[static_cast<std::size_t>(id)] < 255)
        return impl_->field_count[static_cast<std::size_t>(id)];
    std::size_t n = 0;
    for (auto const& h : impl_->headers)
        n += h.id == id;
    return n;
}

std::string_view message::call_id() const noexcept { return impl_->call_id; }
sip::cseq const& message::cseq() const noexcept { return impl_->cseq; }
name_addr const& message::from() const noexcept
{
    impl_->ensure_mandatory();
    return impl_->from;
}

name_addr const& message::to() const noexcept
{
    impl_->ensure_mandatory();
    return impl_->to;
}

std::span<via const> message::vias() const noexcept
{
    impl_->ensure_mandatory();
    return {impl_->vias.data(), impl_->vias.size()};
}

via const& message::top_via() const noexcept
{
    static constexpr via none{};
    auto const all = vias();
    return all.empty() ? none : all.front();
}
std::string_view message::body() const noexcept { return impl_->body; }
std::string_view message::bytes() const noexcept { return impl_->bytes(); }

using detail::fill_list_into;
using detail::lazy_result;

result<std::uint32_t> message::max_forwards() const
{
    if (!impl_->has(header_id::max_forwards))
        return errc::header_not_found; // without building the cache
    auto& v = impl_->cache().max_forwards;
    if (v.state == detail::lazy::unparsed) {
        auto f = find(header_id::max_forwards);
        std::uint64_t n = 0;
        if (!f)
            v.state = detail::lazy::absent;
        else if (detail::parse_uint(f->value, 255, n))
            v.set(static_cast<std::uint32_t>(n));
        else
            v.state = detail::lazy::malformed;
    }
    return lazy_result(v);
}

result<std::uint32_t> message::content_length() const
{
    return lazy_result(impl_->content_length); // read by the parser to frame the body
}

result<std::span<contact const>> message::contacts() const
{
    if (!impl_->has(header_id::contact))
        return errc::header_not_found; // without building the cache
    auto& l = impl_->cache().contacts;
    bool const first = l.state == detail::lazy::unparsed;
    fill_list_into(*this, header_id::contact, l, detail::parse_usual_contact_padded_into,
                   detail::parse_contact_padded_into);
    if (first && l.state == detail::lazy::present) {
        // RFC 3261 §10.2.2, §20.10: "*" stands alone, and only in a REGISTER (to remove
        // every binding).
        for (auto const& c : l.values) {
            if (c.star && (l.values.size() > 1 || !is_request() || method() != sip::method::register_)) {
                l.state = detail::lazy::malformed;
                l.error = errc::bad_header_value;
                l.values.clear();
                break;
            }
        }
    }
    return lazy_result(l);
}

result<std::span<name_addr const>> message::routes() const
{
    if (!impl_->has(header_id::route))
        return errc::header_not_found; // without building the cache
    fill_list_into(*this, header_id::route, impl_->cache().routes,
                   detail::parse_usual_name_addr_padded_into, detail::parse_name_addr_padded_into);
    return lazy_result(impl_->cache().routes);
}

result<std::span<name_addr const>> message::record_routes() const
{
    if (!impl_->has(header_id::record_route))
        return errc::header_not_found; // without building the cache
    fill_list_into(*this, header_id::record_route, impl_->cache().record_routes,
                   detail::parse_usual_name_addr_padded_into, detail::parse_name_addr_padded_into);
    return lazy_result(impl_->cache().record_routes);
}

// --- modification --------------------------------------------------------------------------

namespace {

bool renderable(std::string_view value) noexcept
{
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string render_field(std::string_view name, std::string_view value)
{
    std::string line;
    line.reserve(name.size() + value.size() + 4);
    line.append(name).append(": ").append(value).append("\r\n");
    return line;
}

} // namespace

boost::system::error_code message::rebuild(std::string bytes)
{
    // Re-parse with the options the message was parsed with: an edit made by a proxy that
    // parsed with validation::index must not fail on a header it never asked to be checked.
    auto parsed = message::parse(bytes, impl_->options);
    if (!parsed)
        return parsed.error().code;
    impl_ = std::move(parsed->impl_);
    return {};
}

boost::system::error_code message::set_header(header_id id, std::string_view value)
{
    if (id == header_id::other || !renderable(value))
        return errc::bad_argument;
    auto const all = bytes();
    std::string out;
    out.reserve(all.size() + value.size() + 32);
    bool replaced = false;
    std::uint32_t pos = 0;
    for (auto const& h : impl_->headers) {
        if (h.id != id)
            continue;
        out.append(all.substr(pos, h.line_begin - pos));
        if (!replaced)
            out += render_field(canonical_name(id), value);
        replaced = true;
        pos = h.line_end;
    }
    if (!replaced) {
        auto const end = impl_->headers.empty() ? static_cast<std::uint32_t>(all.find('\n') + 1)
                                                : impl_->headers.back().line_end;
        out.append(all.substr(0, end));
        out += render_field(canonical_name(id), value);
        pos = end;
    }
    out.append(all.substr(pos));
    return rebuild(std::move(out));
}

boost::system::error_code message::add_header(std::string_view name, std::string_view value)
{
    if (!detail::is_token(name) || !renderable(value))
        return errc::bad_argument;
    auto const all = bytes();
    auto const end = impl_->headers.empty() ? static_cast<std::uint32_t>(all.find('\n') + 1)
                                            : impl_->headers.back().line_end;
    std::string out(all.substr(0, end));
    out += render_field(name, value);
    out.append(all.substr(end));
    return rebuild(std::move(out));
}

std::size_t message::remove_header(header_id id)
{
    if (id == header_id::other)
        return 0; // header_id::other names no one header
    auto const all = bytes();
    std::string out;
    std::uint32_t pos = 0;
    std::size_t removed = 0;
    for (auto const& h : impl_->headers) {
        if (h.id != id)
            continue;
        out.append(all.substr(pos, h.line_begin - pos));
        pos = h.line_end;
        ++removed;
    }
    if (removed == 0)
        return 0;
    out.append(all.substr(pos));
    // Removing a mandatory header makes the message invalid; keep the old one in that case.
    if (rebuild(std::move(out)))
        return 0;
    return removed;
}

boost::system::error_code message::set_body(std::string_view body, std::string_view content_type)
{
    if (!renderable(content_type))
        return errc::bad_argument;
    // Render the new header block: Content-Length (and Content-Type) replaced, then the body.
    auto const all = bytes();
    std::string out;
    std::uint32_t pos = 0;
    for (auto const& h : impl_->headers) {
        // Content-Type goes when a new one is given, and when the body is emptied (an empty
        // body has no type; RFC 3261 §20.15).
        bool const drop_type = !content_type.empty() || body.empty();
        if (h.id != header_id::content_length && (!drop_type || h.id != header_id::content_type))
            continue;
        out.append(all.substr(pos, h.line_begin - pos));
        pos = h.line_end;
    }
    auto const header_end = impl_->headers.empty() ? static_cast<std::uint32_t>(all.find('\n') + 1)
                                                   : impl_->headers.back().line_end;
    if (pos < header_end)
        out.append(all.substr(pos, header_end - pos));
    if (!content_type.empty())
        out += render_field("Content-Type", content_type);
    out += render_field("Content-Length", std::to_string(body.size()));
    out += "\r\n";
    out.append(body);
    return rebuild(std::move(out));
}

} // namespace rvoip::sip
