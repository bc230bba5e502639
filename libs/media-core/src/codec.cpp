#include <rvoip/media/codec.hpp>

namespace rvoip::media {

result<std::size_t> codec::frame_samples(int ptime_ms) const noexcept
{
    if (ptime_ms < min_ptime_ms || ptime_ms > max_ptime_ms || !supports_ptime(ptime_ms))
        return errc::bad_ptime;
    return static_cast<std::size_t>(sample_rate()) * static_cast<std::size_t>(ptime_ms) / 1000;
}

std::uint32_t codec::rtp_timestamp_step(std::size_t samples) const noexcept
{
    auto const scaled = static_cast<std::uint64_t>(samples) *
                        static_cast<std::uint64_t>(rtp_clock_rate()) /
                        static_cast<std::uint64_t>(sample_rate());
    return static_cast<std::uint32_t>(scaled);
}

std::string codec::rtpmap() const
{
    std::string out(encoding_name());
    out += '/';
    out += std::to_string(rtp_clock_rate());
    if (rtpmap_channels() != 1) {
        out += '/';
        out += std::to_string(rtpmap_channels());
    }
    return out;
}

} // namespace rvoip::media
