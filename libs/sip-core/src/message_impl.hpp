#pragma once
// The private representation of a message: one heap block holding the index, the typed cache
// and, right after them, the message bytes. A message is therefore one allocation (more only
// when it has more header fields or list values than the inline capacities below).

#include <rvoip/sip/message.hpp>

#include <boost/container/small_vector.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

namespace rvoip::sip::detail {

template<class T, std::size_t N>
using small_vector = boost::container::small_vector<T, N>;

/// One header field: offsets into the bytes (std::uint32_t: messages stay below 4 GB).
struct header_slot
{
    std::uint32_t line_begin;  ///< first byte of the name
    std::uint32_t line_end;    ///< one past the line ending of the last (folded) line
    std::uint32_t value_begin; ///< value without leading LWS
    std::uint32_t value_end;   ///< value without trailing LWS
    std::uint16_t name_length;
    header_id id;
};

/// State of a lazily parsed typed header.
enum class lazy : std::uint8_t
{
    unparsed,
    present,
    absent,
    malformed,
};

template<class T>
struct lazy_value
{
    static_assert(std::is_trivially_destructible_v<T> && std::is_trivially_copyable_v<T>);

    lazy state = lazy::unparsed;
    errc error = errc::bad_header_value;
    union
    {
        T value; ///< constructed (and meaningful) only in state present
    };

    // The value is left unconstructed: a message's cache holds some forty of these, and
    // zeroing every one on the first typed access cost more than parsing a header.
    lazy_value() noexcept {}

    void set(T const& v) noexcept
    {
        std::construct_at(&value, v);
        state = lazy::present;
    }
};

template<class T, std::size_t N>
struct lazy_list
{
    lazy state = lazy::unparsed;
    errc error = errc::bad_header_value;
    small_vector<T, N> values;
};

/// The lazily parsed optional headers of a message.
struct typed_cache
{
    lazy_value<std::uint32_t> max_forwards;
    lazy_list<name_addr, 2> routes;
    lazy_list<name_addr, 2> record_routes;

    // more optional headers (message_typed.cpp)
    lazy_value<credentials> authorization;
    lazy_value<credentials> proxy_authorization;
    lazy_value<challenge> www_authenticate;
    lazy_value<challenge> proxy_authenticate;
    lazy_value<media_type> content_type;
    lazy_list<media_type, 2> accept;
    lazy_value<event_header> event;
    lazy_value<sip::subscription_state> subscription_state;
    lazy_value<name_addr> refer_to;
    lazy_value<name_addr> referred_by;
    lazy_value<sip::replaces> replaces;
    lazy_value<sip::session_expires> session_expires;
    lazy_value<std::uint32_t> min_se;
    lazy_value<std::uint32_t> rseq;
    lazy_value<sip::rack> rack;
    lazy_value<std::uint32_t> expires;
    lazy_value<std::uint32_t> min_expires;
    lazy_value<std::string_view> user_agent;
    lazy_value<std::string_view> server;
    lazy_list<std::string_view, 16> allow;
    lazy_list<std::string_view, 8> supported;
    lazy_list<std::string_view, 1> require;
    lazy_list<std::string_view, 1> proxy_require;
    lazy_list<std::string_view, 1> unsupported;
    lazy_list<std::string_view, 2> allow_events;
    lazy_list<warning, 1> warnings;
    lazy_value<sip::retry_after> retry_after;
    // A REGISTER response lists every binding.
    lazy_list<contact, 4> contacts;
};

struct message_impl
{
    std::uint32_t size = 0; ///< bytes that follow this object
    std::size_t block_size = 0; ///< the whole block's, for message_impl_deleter
    parse_options options;  ///< what the message was parsed with: edits re-parse with the same

    // start line
    bool request = false;
    sip::method method = sip::method::extension;
    std::string_view method_text;
    std::string_view version;
    int status = 0;
    std::string_view reason;

    small_vector<header_slot, 20> headers;
    /// 1 + the index of the first field of each known header id (0: absent), and how many
    /// fields of that id there are (saturating at 255): find(id) and count(id) in O(1).
    std::array<std::uint16_t, static_cast<std::size_t>(header_id::count_)> first_field{};
    std::array<std::uint8_t, static_cast<std::size_t>(header_id::count_)> field_count{};
    std::string_view body;

    // mandatory headers, filled by the parser (or on first access after validation::index)
    bool mandatory_parsed = false;
    std::string_view request_uri_text;
    std::string_view call_id;
    sip::cseq cseq;
    // Constructed by parse_mandatory(), which every reader runs first (ensure_mandatory()): a
    // message parsed with validation::index and only forwarded never writes these 576 bytes.
    union
    {
        uri request_uri;
    };
    union
    {
        name_addr from;
    };
    union
    {
        name_addr to;
    };
    small_vector<via, 2> vias;

    lazy_value<std::uint32_t> content_length; // read by the parser to frame the body

    // Optional headers, filled on first access. Their cache lives in this block after the
    // bytes, constructed when the first one is read: a message that is only forwarded never
    // touches it, and one that is read costs no second allocation.
    typed_cache& cache()
    {
        if (!typed_)
            typed_ = ::new (typed_storage_) typed_cache;
        return *typed_;
    }

    message_impl() noexcept {} // the unions above stay unconstructed
    message_impl(message_impl const&) = delete;
    message_impl& operator=(message_impl const&) = delete;
    ~message_impl()
    {
        if (typed_)
            typed_->~typed_cache();
    }

    /// Whether a field of this known header is present (O(1)).
    bool has(header_id id) const noexcept { return first_field[static_cast<std::size_t>(id)] != 0; }

    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
    char const* data() const noexcept { return reinterpret_cast<char const*>(this + 1); }
    std::string_view bytes() const noexcept { return {data(), size}; }
    std::string_view text(std::uint32_t begin, std::uint32_t end) const noexcept
    {
        return {data() + begin, end - begin};
    }

    /// Parses the Request-URI, Call-ID, From, To and Via when the parser has not (after
    /// validation::index); malformed ones stay empty.
    void ensure_mandatory() noexcept;

    /// Allocates an impl with room for `bytes` and copies them in.
    static std::unique_ptr<message_impl, message_impl_deleter> create(std::string_view bytes);

    static message make_message(std::unique_ptr<message_impl, message_impl_deleter> impl) noexcept
    {
        return message(std::move(impl));
    }

private:
    typed_cache* typed_ = nullptr;
    void* typed_storage_ = nullptr; ///< room for the cache after the bytes (see create())
};

} // namespace rvoip::sip::detail
