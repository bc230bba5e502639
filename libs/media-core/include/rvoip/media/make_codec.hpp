#pragma once
// Creating a codec from its SDP encoding name.

#include <rvoip/media/codec.hpp>
#include <rvoip/media/opus_codec.hpp>

#include <memory>
#include <string_view>

namespace rvoip::media {

/// The encoding names make_codec() knows, in this layer's default preference order.
inline constexpr std::string_view supported_codecs[] = {"opus", "G722", "PCMU", "PCMA"};

/// A new codec for `encoding_name` (case-insensitive, RFC 4855 §3: "PCMU", "PCMA", "G722",
/// "opus"); `opus` configures Opus. errc::unsupported_codec for any other name.
result<std::unique_ptr<codec>> make_codec(std::string_view encoding_name,
                                          opus_options const& opus = {});

} // namespace rvoip::media
