#pragma once
// The private representation of a message: one heap block holding the index, the typed cache
// and, right after them, the message bytes. A message is therefore one allocation (two when it
// has more header fields or list values than the inline capacities below).

#include <rvoip/sip/message.hpp>

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <new>

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
    lazy state = lazy::unparsed;
    errc error = errc::bad_header_value;
    T value{};
};

template<class T, std::size_t N>
struct lazy_list
{
    lazy state = lazy::unparsed;
    errc error = errc::bad_header_value;
    small_vector<T, N> values;
};

struct message_impl
{
    std::uint32_t size = 0; ///< bytes that follow this object

    // start line
    bool request = false;
    sip::method method = sip::method::extension;
    std::string_view method_text;
    uri request_uri;
    std::string_view version;
    int status = 0;
    std::string_view reason;

    small_vector<header_slot, 20> headers;
    std::string_view body;

    // mandatory headers, filled by the parser
    std::string_view call_id;
    sip::cseq cseq;
    name_addr from;
    name_addr to;
    small_vector<via, 2> vias;

    // optional headers, filled on first access
    lazy_value<std::uint32_t> max_forwards;
    lazy_value<std::uint32_t> content_length;
    lazy_list<contact, 1> contacts;
    lazy_list<name_addr, 2> routes;
    lazy_list<name_addr, 2> record_routes;

    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
    char const* data() const noexcept { return reinterpret_cast<char const*>(this + 1); }
    std::string_view bytes() const noexcept { return {data(), size}; }
    std::string_view text(std::uint32_t begin, std::uint32_t end) const noexcept
    {
        return {data() + begin, end - begin};
    }

    /// Allocates an impl with room for `bytes` and copies them in.
    static std::unique_ptr<message_impl, message_impl_deleter> create(std::string_view bytes);

    static message make_message(std::unique_ptr<message_impl, message_impl_deleter> impl) noexcept
    {
        return message(std::move(impl));
    }
};

} // namespace rvoip::sip::detail
