#pragma once
// Known SIP header names as an enum; compact forms (RFC 3261 §7.3.3 and extensions) map to the
// same id as the long form. Unknown names are header_id::other and keep their text.

#include <cstdint>
#include <string_view>

namespace rvoip::sip {

/// Header names the stack knows. `other` is any extension header.
enum class header_id : std::uint8_t
{
    other = 0,
    accept,
    accept_contact,
    accept_encoding,
    accept_language,
    alert_info,
    allow,
    allow_events,
    authentication_info,
    authorization,
    call_id,
    call_info,
    contact,
    content_disposition,
    content_encoding,
    content_language,
    content_length,
    content_type,
    cseq,
    date,
    error_info,
    event,
    expires,
    from,
    identity,
    in_reply_to,
    max_forwards,
    mime_version,
    min_expires,
    min_se,
    organization,
    p_asserted_identity,
    p_preferred_identity,
    path,
    priority,
    privacy,
    proxy_authenticate,
    proxy_authorization,
    proxy_require,
    rack,
    reason,
    record_route,
    refer_to,
    referred_by,
    reject_contact,
    replaces,
    reply_to,
    request_disposition,
    require,
    retry_after,
    route,
    rseq,
    server,
    service_route,
    session_expires,
    sip_etag,
    sip_if_match,
    subject,
    subscription_state,
    supported,
    timestamp,
    to,
    unsupported,
    user_agent,
    via,
    warning,
    www_authenticate,
    count_ // number of ids; not a header
};

/// The id of a header name, case-insensitively; compact forms ("v", "i", ...) included.
/// Returns header_id::other for names the stack does not know.
header_id lookup_header(std::string_view name) noexcept;

/// The canonical long name of a known header ("Call-ID", "CSeq", "WWW-Authenticate");
/// empty for header_id::other.
std::string_view canonical_name(header_id id) noexcept;

/// The compact form of a header, or '\0' when it has none.
char compact_form(header_id id) noexcept;

/// True for headers whose values are comma-separated lists (RFC 3261 §7.3.1), so that one
/// header line may carry several values. Authorization-like headers and the like are not.
bool is_list_header(header_id id) noexcept;

} // namespace rvoip::sip
