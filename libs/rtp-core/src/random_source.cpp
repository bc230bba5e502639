#include <rvoip/rtp/random_source.hpp>

#include <sys/random.h>

#include <array>
#include <cerrno>

namespace rvoip::rtp {

boost::system::error_code system_random::fill(std::span<std::uint8_t> out) noexcept
{
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t const n = ::getrandom(out.data() + done, out.size() - done, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errc::random_failed;
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

result<std::uint32_t> random_u32(random_source& r) noexcept
{
    std::array<std::uint8_t, 4> b{};
    if (auto ec = r.fill(b))
        return ec;
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           b[3];
}

result<double> random_unit(random_source& r) noexcept
{
    std::array<std::uint8_t, 8> b{};
    if (auto ec = r.fill(b))
        return ec;
    std::uint64_t v = 0;
    for (auto x : b)
        v = (v << 8) | x;
    return static_cast<double>(v >> 11) * 0x1.0p-53;
}

} // namespace rvoip::rtp
