#pragma once
// Randomness and hex text shared by the digest code and the dialog layer: OpenSSL's CSPRNG as
// the default source of tags, Call-IDs, branches, cnonces and nonce secrets.

#include <cstddef>
#include <string>

namespace rvoip::dialog::detail {

/// Fills `out` from OpenSSL's RAND_bytes; throws std::runtime_error if it fails (no entropy).
void openssl_random(unsigned char* out, std::size_t n);

/// Lower-case hex of `n` bytes.
std::string to_hex(unsigned char const* data, std::size_t n);

} // namespace rvoip::dialog::detail
