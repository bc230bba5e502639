#pragma once
// SRTP crypto suites and master key material as SDES carries it (RFC 4568 §6.1: the inline
// key is base64 of master key || master salt; RFC 7714 §12 for AEAD_AES_128_GCM).

#include <rvoip/rtp/error.hpp>
#include <rvoip/rtp/random_source.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rvoip::rtp {

/// The SRTP crypto suites rtp-core offers.
enum class crypto_suite
{
    aes_cm_128_hmac_sha1_80, // RFC 4568 §6.2.1: 128-bit key, 112-bit salt, 80-bit tag
    aes_cm_128_hmac_sha1_32, // RFC 4568 §6.2.2: as above, 32-bit SRTP tag (SRTCP keeps 80)
    aead_aes_128_gcm,        // RFC 7714 §14.2: 128-bit key, 96-bit salt, 128-bit tag
};

/// The SDES name of a suite ("AES_CM_128_HMAC_SHA1_80").
std::string_view to_string(crypto_suite suite) noexcept;
/// The suite an SDES name denotes, if rtp-core supports it.
std::optional<crypto_suite> parse_crypto_suite(std::string_view name) noexcept;
/// Bytes of master key || master salt: 30 for the AES_CM suites, 28 for AEAD_AES_128_GCM.
std::size_t key_length(crypto_suite suite) noexcept;

/// Master key and salt for one direction of one suite. The bytes are wiped on destruction.
class srtp_key
{
public:
    srtp_key(srtp_key const&) = default;
    srtp_key& operator=(srtp_key const&) = default;
    ~srtp_key();

    crypto_suite suite() const noexcept { return suite_; }
    /// key || salt, key_length(suite()) bytes.
    std::span<std::uint8_t const> bytes() const noexcept
    {
        return {bytes_.data(), key_length(suite_)};
    }
    /// The RFC 4568 inline key-info: base64 of key || salt (no lifetime or MKI).
    std::string to_inline() const;

    friend bool operator==(srtp_key const& a, srtp_key const& b) noexcept;

private:
    friend result<srtp_key> make_srtp_key(crypto_suite, std::span<std::uint8_t const>) noexcept;
    srtp_key() = default;
    crypto_suite suite_ = crypto_suite::aes_cm_128_hmac_sha1_80;
    std::array<std::uint8_t, 30> bytes_{};
};

/// A key from raw key || salt bytes. Errors: errc::bad_key (wrong length for the suite).
result<srtp_key> make_srtp_key(crypto_suite suite,
                               std::span<std::uint8_t const> key_and_salt) noexcept;

/// A fresh key from `random`, which must be a CSPRNG (system_random in production).
/// Errors: errc::random_failed.
result<srtp_key> generate_srtp_key(crypto_suite suite, random_source& random) noexcept;

/// A key from an RFC 4568 inline key-info ("base64" or "base64|2^31|1:1"; the lifetime and
/// MKI are not supported and are rejected). Errors: errc::bad_key.
result<srtp_key> parse_inline_key(crypto_suite suite, std::string_view key_info) noexcept;

} // namespace rvoip::rtp
