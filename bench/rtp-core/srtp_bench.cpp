#include "srtp_bench.hpp"

#include "media_path.hpp"

#include <rvoip/rtp/srtp_session.hpp>

#include <srtp2/srtp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace rvoip::bench {
namespace {

constexpr std::array<std::uint8_t, 30> master{
    0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41,
    0x39, 0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6};

/// The same RTP packet header for both loops: version 2, PT 0, the sequence number set per call.
void fill_packet(std::array<std::uint8_t, 1500>& buf, std::uint32_t n) noexcept
{
    std::memset(buf.data(), 0xD5, 12 + pcmu_payload);
    buf[0] = 0x80;
    buf[1] = 0x00;
    buf[2] = static_cast<std::uint8_t>(n >> 8);
    buf[3] = static_cast<std::uint8_t>(n);
    buf[4] = static_cast<std::uint8_t>(n >> 24); // timestamp: anything
    buf[8] = 0x12;
    buf[9] = 0x34;
    buf[10] = 0x56;
    buf[11] = 0x78;
}

[[noreturn]] void fail(char const* what)
{
    std::fprintf(stderr, "bench-rtp-core: %s\n", what);
    std::exit(1);
}

} // namespace

struct ours_pair::impl
{
    rtp::srtp_session tx;
    rtp::srtp_session rx;
    std::array<std::uint8_t, 1500> buf{};
    std::uint32_t n = 0;
};

ours_pair::ours_pair()
{
    auto key = rtp::make_srtp_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80, master);
    auto tx = rtp::srtp_session::create(rtp::srtp_direction::outbound, key.value());
    auto rx = rtp::srtp_session::create(rtp::srtp_direction::inbound, key.value());
    if (!tx || !rx)
        fail("srtp_session::create failed");
    impl_.reset(new impl{std::move(*tx), std::move(*rx)});
}

ours_pair::~ours_pair() = default;

unsigned ours_pair::step() noexcept
{
    auto& s = *impl_;
    fill_packet(s.buf, s.n++);
    auto const n = s.tx.protect_rtp(s.buf, 12 + pcmu_payload);
    if (!n)
        return 0;
    auto const m = s.rx.unprotect_rtp(std::span<std::uint8_t>(s.buf.data(), *n));
    return m ? static_cast<unsigned>(*m) : 0;
}

struct bare_pair::impl
{
    srtp_t tx = nullptr;
    srtp_t rx = nullptr;
    std::array<std::uint8_t, 1500> buf{};
    std::uint32_t n = 0;
};

bare_pair::bare_pair() : impl_(new impl)
{
    // fails harmlessly when the wrapper already initialised libsrtp2 in this process
    (void)srtp_init();
    std::array<unsigned char, 30> key{};
    std::memcpy(key.data(), master.data(), key.size());
    for (auto [ctx, type] :
         {std::pair{&impl_->tx, ssrc_any_outbound}, std::pair{&impl_->rx, ssrc_any_inbound}}) {
        srtp_policy_t policy{};
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
        policy.ssrc.type = type;
        policy.key = key.data();
        policy.window_size = 128;
        if (srtp_create(ctx, &policy) != srtp_err_status_ok)
            fail("srtp_create failed");
    }
}

bare_pair::~bare_pair()
{
    srtp_dealloc(impl_->tx);
    srtp_dealloc(impl_->rx);
}

unsigned bare_pair::step() noexcept
{
    auto& s = *impl_;
    fill_packet(s.buf, s.n++);
    int len = 12 + static_cast<int>(pcmu_payload);
    if (srtp_protect(s.tx, s.buf.data(), &len) != srtp_err_status_ok)
        return 0;
    if (srtp_unprotect(s.rx, s.buf.data(), &len) != srtp_err_status_ok)
        return 0;
    return static_cast<unsigned>(len);
}

} // namespace rvoip::bench
