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

/// A Master Key Identifier (RFC 4568 §6.1 "mki-value:mki-length"; RFC 3711 §3.1): the
/// value, carried big-endian in `length` bytes at the end of every SRTP/SRTCP packet.
struct srtp_mki
{
    std::uint64_t value = 0;
    std::uint8_t length = 0; // bytes, 1..128; value must fit in them
    friend bool operator==(srtp_mki const&, srtp_mki const&) = default;
};

/// The longest key lifetime accepted, in packets: RFC 3711 §9.2 caps an SRTP master key at
/// 2^48 packets (SRTCP's 2^31 is enforced by libsrtp2 itself).
inline constexpr std::uint64_t srtp_max_lifetime = std::uint64_t{1} << 48;

/// Master key and salt for one direction of one suite, with the optional RFC 4568 lifetime
/// and MKI that travel with it. The bytes are wiped on destruction.
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
    /// The signalled key lifetime in packets, if any. It is carried for the signalling
    /// layer (re-keying is its job); libsrtp2 enforces the RFC 3711 maxima on its own.
    std::optional<std::uint64_t> lifetime() const noexcept { return lifetime_; }
    /// The MKI, if any: srtp_session then adds it to (and expects it on) every packet.
    std::optional<srtp_mki> mki() const noexcept { return mki_; }

    /// Sets the lifetime. Errors: errc::bad_key (0 or above srtp_max_lifetime).
    boost::system::error_code set_lifetime(std::uint64_t packets) noexcept;
    /// Sets the MKI. Errors: errc::bad_key (length outside 1..128, value does not fit).
    boost::system::error_code set_mki(srtp_mki mki) noexcept;

    /// The RFC 4568 inline key-info: base64 of key || salt, then "|lifetime" when set (as
    /// "2^n" when a power of two, else decimal), then "|value:length" when an MKI is set.
    std::string to_inline() const;

    friend bool operator==(srtp_key const& a, srtp_key const& b) noexcept;

private:
    friend result<srtp_key> make_srtp_key(crypto_suite, std::span<std::uint8_t const>) noexcept;
    srtp_key() = default;
    crypto_suite suite_ = crypto_suite::aes_cm_128_hmac_sha1_80;
    std::array<std::uint8_t, 30> bytes_{};
    std::optional<std::uint64_t> lifetime_;
    std::optional<srtp_mki> mki_;
};

/// A key from raw key || salt bytes. Errors: errc::bad_key (wrong length for the suite).
result<srtp_key> make_srtp_key(crypto_suite suite,
                               std::span<std::uint8_t const> key_and_salt) noexcept;

/// A fresh key from `random`, which must be a CSPRNG (system_random in production).
/// Errors: errc::random_failed.
result<srtp_key> generate_srtp_key(crypto_suite suite, random_source& random) noexcept;

/// A key from an RFC 4568 §6.1 inline key-info:
///
///     key-info  = key-salt ["|" lifetime] ["|" mki]
///     lifetime  = ["2^"] 1*(DIGIT)
///     mki       = mki-value ":" mki-length     ; mki-length 1..128
///
/// e.g. "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32". Errors: errc::bad_key (bad
/// base64, wrong key length, lifetime 0 or above srtp_max_lifetime, MKI value above 2^64-1 or
/// not fitting its length, any other syntax error).
result<srtp_key> parse_inline_key(crypto_suite suite, std::string_view key_info) noexcept;

} // namespace rvoip::rtp
