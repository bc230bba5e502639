#pragma once
// SRTP protect+unprotect of one PCMU-sized packet, through rvoip::rtp::srtp_session and through
// libsrtp2 called directly with the same policy, keys and packets.

#include <cstdint>
#include <memory>

namespace rvoip::bench {

/// One sender and one receiver session (AES_CM_128_HMAC_SHA1_80) on our wrapper.
class ours_pair
{
public:
    ours_pair();
    ~ours_pair();
    /// Builds packet n, protects it, unprotects it; returns its final length (0 on failure).
    unsigned step() noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The same with srtp_create/srtp_protect/srtp_unprotect called directly.
class bare_pair
{
public:
    bare_pair();
    ~bare_pair();
    unsigned step() noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace rvoip::bench
