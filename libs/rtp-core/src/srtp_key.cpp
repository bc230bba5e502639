#include <rvoip/rtp/srtp_key.hpp>

#include <algorithm>
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
    return a.suite_ == b.suite_ &&
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
    return out;
}

result<srtp_key> parse_inline_key(crypto_suite suite, std::string_view key_info) noexcept
{
    if (key_info.find('|') != std::string_view::npos)
        return errc::bad_key; // lifetime / MKI parameters: not supported
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
    return k;
}

} // namespace rvoip::rtp
