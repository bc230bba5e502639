#pragma once
#include <rvoip/sip/message_builder.hpp>

#include <string_view>

namespace rvoip::bench {
/// The INVITE with SDP that the serialization figure renders.
rvoip::sip::message_builder built_invite();
std::string_view invite_sdp();
} // namespace rvoip::bench
