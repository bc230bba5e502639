#pragma once
// Private: the strict check of one header value against its grammar (parse_options::strict).

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/header_id.hpp>

#include <optional>
#include <string_view>

namespace rvoip::sip {
class message;
}

namespace rvoip::sip::detail {

/// errc{} when `value` matches the grammar of header `id` (or the stack has no grammar for
/// it beyond "no control characters"), else the error to report.
errc validate_header(header_id id, std::string_view value) noexcept;

/// errc{} when the typed accessor of header `id` parses every field of it (the result is
/// cached in the message), else its error; nullopt for ids without a typed accessor.
std::optional<errc> check_typed(message const& m, header_id id);

/// rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §20.17: only GMT).
bool valid_sip_date(std::string_view value) noexcept;

} // namespace rvoip::sip::detail
