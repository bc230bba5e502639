#include <rvoip/rtp/rtcp_interval.hpp>

namespace rvoip::rtp {

std::chrono::duration<double> rtcp_deterministic_interval(rtcp_interval_input const& in) noexcept
{
    // RFC 3550 A.7 rtcp_interval(), without the random factor
    constexpr double sender_fraction = 0.25;
    constexpr double receiver_fraction = 1.0 - sender_fraction;
    double const min_time = in.initial ? in.minimum.count() / 2 : in.minimum.count();
    double bandwidth = in.rtcp_bandwidth;
    auto n = static_cast<double>(in.members);
    if (static_cast<double>(in.senders) <= static_cast<double>(in.members) * sender_fraction) {
        if (in.we_sent) {
            bandwidth *= sender_fraction;
            n = static_cast<double>(in.senders);
        } else {
            bandwidth *= receiver_fraction;
            n -= static_cast<double>(in.senders);
        }
    }
    double t = bandwidth > 0 ? in.average_rtcp_size * n / bandwidth : min_time;
    if (t < min_time)
        t = min_time;
    return std::chrono::duration<double>(t);
}

result<std::chrono::duration<double>> rtcp_interval(rtcp_interval_input const& in,
                                                    random_source& random) noexcept
{
    // e - 3/2 compensates for timer reconsideration converging below the intended average
    constexpr double compensation = 2.71828 - 1.5;
    auto const u = random_unit(random);
    if (!u)
        return u.error();
    double const t = rtcp_deterministic_interval(in).count() * (*u + 0.5) / compensation;
    return std::chrono::duration<double>(t);
}

} // namespace rvoip::rtp
