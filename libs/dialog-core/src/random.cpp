#include "random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace rvoip::dialog::detail {

void openssl_random(unsigned char* out, std::size_t n)
{
    if (RAND_bytes(out, static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
}

std::string to_hex(unsigned char const* data, std::size_t n)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * n, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xf];
    }
    return out;
}

} // namespace rvoip::dialog::detail
