#include <rvoip/rtp/srtp_session.hpp>

#include <srtp2/srtp.h>

#include <array>
#include <climits>
#include <string.h> // explicit_bzero
#include <utility>

namespace rvoip::rtp {
namespace {

/// libsrtp2 keeps its crypto kernel (cipher and auth registries, debug modules) in
/// process-wide state that srtp_init() must set up once before any session exists. That is
/// the library's requirement, not ours: it is done here, once and thread-safely, on first use,
/// and never shut down (sessions may outlive any owner we could pick). srtp_init() reports an
/// error when other code in the process initialised libsrtp2 first, so its status is not
/// trusted; srtp_create() fails if the library is really unusable.
void initialise_library() noexcept
{
    [[maybe_unused]] static srtp_err_status_t const status = srtp_init();
}

void set_policy(crypto_suite suite, srtp_policy_t& p) noexcept
{
    switch (suite) {
    case crypto_suite::aes_cm_128_hmac_sha1_80:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtcp);
        break;
    case crypto_suite::aes_cm_128_hmac_sha1_32:
        // RFC 4568 §6.2.2: the 32-bit tag applies to SRTP only; SRTCP keeps 80 bits
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p.rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtcp);
        break;
    case crypto_suite::aead_aes_128_gcm:
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
        break;
    }
}

} // namespace

result<srtp_session> srtp_session::create(srtp_direction direction, srtp_key const& key,
                                          srtp_options options) noexcept
{
    if (options.replay_window < 64 || options.replay_window >= 0x8000)
        return errc::bad_argument;
    initialise_library();
    std::array<unsigned char, 30> material{};
    std::copy(key.bytes().begin(), key.bytes().end(), material.begin());
    srtp_policy_t policy{};
    set_policy(key.suite(), policy);
    policy.ssrc.type = direction == srtp_direction::outbound ? ssrc_any_outbound : ssrc_any_inbound;
    // RFC 3711 §3.1: with an MKI every packet carries it; libsrtp2 takes the key then as a
    // list of master keys (here one) instead of policy.key, and needs the *_mki calls.
    std::array<unsigned char, 128> mki_bytes{};
    srtp_master_key_t master{material.data(), mki_bytes.data(), 0};
    srtp_master_key_t* masters[1] = {&master};
    if (auto const mki = key.mki()) {
        for (std::size_t i = 0; i < mki->length && i < 8; ++i)
            mki_bytes[mki->length - 1 - i] = static_cast<unsigned char>(mki->value >> (8 * i));
        master.mki_size = mki->length;
        policy.key = nullptr;
        policy.keys = masters;
        policy.num_master_keys = 1;
    } else {
        policy.key = material.data();
    }
    policy.window_size = options.replay_window;
    policy.allow_repeat_tx = 0;
    policy.next = nullptr;
    srtp_t ctx = nullptr;
    auto const status = srtp_create(&ctx, &policy);
    explicit_bzero(material.data(), material.size());
    if (status != srtp_err_status_ok)
        return errc::srtp_failure;
    return srtp_session(ctx, direction, key.mki().has_value());
}

srtp_session::srtp_session(srtp_session&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)), direction_(other.direction_),
      use_mki_(other.use_mki_), stats_(other.stats_)
{
}

srtp_session& srtp_session::operator=(srtp_session&& other) noexcept
{
    if (this != &other) {
        if (ctx_)
            srtp_dealloc(ctx_);
        ctx_ = std::exchange(other.ctx_, nullptr);
        direction_ = other.direction_;
        use_mki_ = other.use_mki_;
        stats_ = other.stats_;
    }
    return *this;
}

srtp_session::~srtp_session()
{
    if (ctx_)
        srtp_dealloc(ctx_);
}

result<std::size_t> srtp_session::finish(int status, int length) noexcept
{
    switch (static_cast<srtp_err_status_t>(status)) {
    case srtp_err_status_ok:
        ++stats_.packets;
        return static_cast<std::size_t>(length);
    case srtp_err_status_auth_fail:
        ++stats_.auth_failures;
        return errc::srtp_auth_failed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
        ++stats_.replays;
        return errc::srtp_replay;
    default:
        ++stats_.other_failures;
        return errc::srtp_failure;
    }
}

result<std::size_t> srtp_session::protect_rtp(std::span<std::uint8_t> buffer,
                                              std::size_t length) noexcept
{
    if (direction_ != srtp_direction::outbound || !ctx_)
        return errc::bad_argument;
    if (length > buffer.size() || buffer.size() - length < srtp_max_overhead ||
        length > INT_MAX / 2)
        return errc::buffer_too_small;
    int len = static_cast<int>(length);
    auto const status = srtp_protect_mki(ctx_, buffer.data(), &len, use_mki_, 0);
    return finish(status, len);
}

result<std::size_t> srtp_session::protect_rtcp(std::span<std::uint8_t> buffer,
                                               std::size_t length) noexcept
{
    if (direction_ != srtp_direction::outbound || !ctx_)
        return errc::bad_argument;
    if (length > buffer.size() || buffer.size() - length < srtp_max_overhead ||
        length > INT_MAX / 2)
        return errc::buffer_too_small;
    int len = static_cast<int>(length);
    auto const status = srtp_protect_rtcp_mki(ctx_, buffer.data(), &len, use_mki_, 0);
    return finish(status, len);
}

result<std::size_t> srtp_session::unprotect_rtp(std::span<std::uint8_t> packet) noexcept
{
    if (direction_ != srtp_direction::inbound || !ctx_)
        return errc::bad_argument;
    if (packet.size() > INT_MAX / 2)
        return errc::bad_argument;
    int len = static_cast<int>(packet.size());
    auto const status = srtp_unprotect_mki(ctx_, packet.data(), &len, use_mki_);
    return finish(status, len);
}

result<std::size_t> srtp_session::unprotect_rtcp(std::span<std::uint8_t> packet) noexcept
{
    if (direction_ != srtp_direction::inbound || !ctx_)
        return errc::bad_argument;
    if (packet.size() > INT_MAX / 2)
        return errc::bad_argument;
    int len = static_cast<int>(packet.size());
    auto const status = srtp_unprotect_rtcp_mki(ctx_, packet.data(), &len, use_mki_);
    return finish(status, len);
}

} // namespace rvoip::rtp
