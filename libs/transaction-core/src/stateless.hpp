#pragma once
// Private: responses built without a transaction (RFC 3261 §8.2.6, §16.7 stateless answers).

#include <rvoip/sip/message.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rvoip::transaction::detail {

/// A response to a request that did not parse: the status line with `reason` (control bytes
/// removed), and the Via, From, To, Call-ID and CSeq lines copied from the raw bytes, as far as
/// they can be found. Nullopt when the bytes are not a request or have no Via line (nowhere to
/// send a response, RFC 3261 §18.2.2).
std::optional<std::string> stateless_response_to_raw(std::string_view bytes, int status,
                                                     std::string_view reason);

/// A response to a parsed request (§8.2.6.1): Via, From, To (with `to_tag` added when the To
/// has none), Call-ID and CSeq copied, Content-Length 0.
std::string response_to(sip::message const& request, int status, std::string_view reason,
                        std::string_view to_tag);

} // namespace rvoip::transaction::detail
