#include <rvoip/rtp/srtp_key.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <string.h> // explicit_bzero

namespace rvoip::rtp {
namespace {

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) noexcept
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/// Decimal digits only (no sign, no spaces), as RFC 4568's 1*(DIGIT).
std::optional<std::uint64_t> parse_decimal(std::string_view text) noexcept
{
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
            return c >= '0' && c <= '9';
        }))
        return std::nullopt;
    std::uint64_t v = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return v;
}

/// lifetime = ["2^"] 1*(DIGIT)
std::optional<std::uint64_t> parse_lifetime(std::string_view text) noexcept
{
    if (text.starts_with("2^")) {
        auto const n = parse_decimal(text.substr(2));
        if (!n || *n >= 64)
            return std::nullopt;
        return std::uint64_t{1} << *n;
    }
    return parse_decimal(text);
}

/// mki = mki-value ":" mki-length
std::optional<srtp_mki> parse_mki(std::string_view text) noexcept
{
    auto const colon = text.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    auto const value = parse_decimal(text.substr(0, colon));
    auto const length = parse_decimal(text.substr(colon + 1));
    if (!value || !length || *length > 255)
        return std::nullopt;
    return srtp_mki{*value, static_cast<std::uint8_t>(*length)};
}

} // namespace

std::string_view to_string(crypto_suite suite) noexcept
{
    switch (suite) {
    case crypto_suite::aes_cm_128_hmac_sha1_80:
        return "AES_CM_128_HMAC_SHA1_80";
    case crypto_suite::aes_cm_128_hmac_sha1_32:
        return "AES_CM_128_HMAC_SHA1_32";
    case crypto_suite::aead_aes_128_gcm:
        return "AEAD_AES_128_GCM";
    }
    return {};
}

std::optional<crypto_suite> parse_crypto_suite(std::string_view name) noexcept
{
    for (auto s : {crypto_suite::aes_cm_128_hmac_sha1_80, crypto_suite::aes_cm_128_hmac_sha1_32,
                   crypto_suite::aead_aes_128_gcm})
        if (to_string(s) == name)
            return s;
    return std::nullopt;
}

std::size_t key_length(crypto_suite suite) noexcept
{
    return suite == crypto_suite::aead_aes_128_gcm ? 28 : 30;
}

srtp_key::~srtp_key()
{
    explicit_bzero(bytes_.data(), bytes_.size());
}

bool operator==(srtp_key const& a, srtp_key const& b) noexcept
{
    return a.suite_ == b.suite_ && a.lifetime_ == b.lifetime_ && a.mki_ == b.mki_ &&
           std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin(), b.bytes().end());
}

result<srtp_key> make_srtp_key(crypto_suite suite,
                               std::span<std::uint8_t const> key_and_salt) noexcept
{
    if (key_and_salt.size() != key_length(suite))
        return errc::bad_key;
    srtp_key k;
    k.suite_ = suite;
    std::copy(key_and_salt.begin(), key_and_salt.end(), k.bytes_.begin());
    return k;
}

result<srtp_key> generate_srtp_key(crypto_suite suite, random_source& random) noexcept
{
    std::array<std::uint8_t, 30> b{};
    auto const n = key_length(suite);
    if (auto ec = random.fill(std::span<std::uint8_t>(b.data(), n)))
        return ec;
    auto k = make_srtp_key(suite, std::span<std::uint8_t const>(b.data(), n));
    explicit_bzero(b.data(), b.size());
    return k;
}

boost::system::error_code srtp_key::set_lifetime(std::uint64_t packets) noexcept
{
    if (packets == 0 || packets > srtp_max_lifetime)
        return errc::bad_key;
    lifetime_ = packets;
    return {};
}

boost::system::error_code srtp_key::set_mki(srtp_mki mki) noexcept
{
    // RFC 4568 §6.1: mki-length is 1..128 bytes; libsrtp2's SRTP_MAX_MKI_LEN is the same
    if (mki.length < 1 || mki.length > 128)
        return errc::bad_key;
    if (mki.length < 8 && mki.value >> (8 * mki.length) != 0)
        return errc::bad_key;
    mki_ = mki;
    return {};
}

std::string srtp_key::to_inline() const
{
    auto const b = bytes();
    std::string out;
    out.reserve((b.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < b.size(); i += 3) {
        std::uint32_t v = std::uint32_t{b[i]} << 16;
        if (i + 1 < b.size())
            v |= std::uint32_t{b[i + 1]} << 8;
        if (i + 2 < b.size())
            v |= b[i + 2];
        out += base64_alphabet[(v >> 18) & 63];
        out += base64_alphabet[(v >> 12) & 63];
        out += i + 1 < b.size() ? base64_alphabet[(v >> 6) & 63] : '=';
        out += i + 2 < b.size() ? base64_alphabet[v & 63] : '=';
    }
    if (lifetime_) {
        out += '|';
        if ((*lifetime_ & (*lifetime_ - 1)) == 0) {
            out += "2^";
            out += std::to_string(std::countr_zero(*lifetime_));
        } else {
            out += std::to_string(*lifetime_);
        }
    }
    if (mki_) {
        out += '|';
        out += std::to_string(mki_->value);
        out += ':';
        out += std::to_string(mki_->length);
    }
    return out;
}

result<srtp_key> parse_inline_key(crypto_suite suite, std::string_view key_info) noexcept
{
    std::optional<std::uint64_t> lifetime;
    std::optional<srtp_mki> mki;
    auto const bar = key_info.find('|');
    if (bar != std::string_view::npos) {
        auto params = key_info.substr(bar + 1);
        key_info = key_info.substr(0, bar);
        // key-salt ["|" lifetime] ["|" mki]: at most one of each, the lifetime first
        while (true) {
            auto const next = params.find('|');
            auto const field = params.substr(0, next);
            if (field.find(':') != std::string_view::npos) {
                if (mki || !(mki = parse_mki(field)))
                    return errc::bad_key;
            } else if (mki || lifetime || !(lifetime = parse_lifetime(field))) {
                return errc::bad_key;
            }
            if (next == std::string_view::npos)
                break;
            params.remove_prefix(next + 1);
        }
    }
    while (!key_info.empty() && key_info.back() == '=')
        key_info.remove_suffix(1);
    std::array<std::uint8_t, 32> b{};
    std::size_t n = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : key_info) {
        int const v = base64_value(c);
        if (v < 0)
            return errc::bad_key;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == b.size())
                return errc::bad_key;
            b[n++] = static_cast<std::uint8_t>(acc >> bits);
        }
    }
    auto k = make_srtp_key(suite, std::span<std::uint8_t const>(b.data(), n));
    explicit_bzero(b.data(), b.size());
    if (!k)
        return k;
    if (lifetime)
        if (auto ec = k->set_lifetime(*lifetime))
            return ec;
    if (mki)
        if (auto ec = k->set_mki(*mki))
            return ec;
    return k;
}

} // namespace rvoip::rtp
