#include <rvoip/rtp/ntp_time.hpp>

namespace rvoip::rtp {

std::uint64_t to_ntp(std::chrono::system_clock::time_point t) noexcept
{
    auto const us =
        std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    auto const secs = static_cast<std::uint64_t>(us / 1'000'000);
    auto const frac_us = static_cast<std::uint64_t>(us % 1'000'000);
    return ((secs + ntp_unix_offset) << 32) | ((frac_us << 32) / 1'000'000);
}

std::chrono::system_clock::time_point from_ntp(std::uint64_t ntp) noexcept
{
    auto const secs =
        static_cast<std::int64_t>(ntp >> 32) - static_cast<std::int64_t>(ntp_unix_offset);
    // round to the nearest microsecond so to_ntp(from_ntp(x)) and back agree
    auto const frac_us =
        static_cast<std::int64_t>(((ntp & 0xFFFFFFFFull) * 1'000'000 + 0x80000000ull) >> 32);
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::microseconds(secs * 1'000'000 + frac_us)));
}

std::uint32_t to_compact(std::chrono::microseconds d) noexcept
{
    if (d.count() <= 0)
        return 0;
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(d.count()) << 16) / 1'000'000);
}

std::chrono::microseconds from_compact(std::uint32_t compact) noexcept
{
    return std::chrono::microseconds((std::uint64_t{compact} * 1'000'000) >> 16);
}

std::optional<std::chrono::microseconds>
round_trip_time(std::uint32_t arrival_compact, std::uint32_t lsr, std::uint32_t dlsr) noexcept
{
    if (lsr == 0)
        return std::nullopt;
    // modulo 2^32 arithmetic: the 16.16 clock wraps every 18 hours
    std::uint32_t const rtt = arrival_compact - lsr - dlsr;
    if (static_cast<std::int32_t>(rtt) < 0)
        return std::nullopt;
    return from_compact(rtt);
}

} // namespace rvoip::rtp
