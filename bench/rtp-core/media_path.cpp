#include "media_path.hpp"

#include <rvoip/rtp/packet.hpp>

#include <chrono>

namespace rvoip::bench {

unsigned build_and_parse(std::uint32_t n, std::array<std::uint8_t, 1500>& out) noexcept
{
    static constexpr std::array<std::uint8_t, pcmu_payload> payload{};
    rtp::packet_fields f;
    f.marker = n == 0;
    f.payload_type = 0;
    f.sequence_number = static_cast<std::uint16_t>(n);
    f.timestamp = n * 160;
    f.ssrc = 0x12345678;
    f.payload = payload;
    auto const size = rtp::build_packet(f, out);
    if (!size)
        return 0;
    auto p = rtp::parse_packet(std::span<std::uint8_t const>(out.data(), *size));
    return p ? p->sequence_number() + static_cast<unsigned>(p->payload().size()) : 0;
}

jitter_drive::jitter_drive() : jb_(rtp::jitter_buffer_options{}) {}

unsigned jitter_drive::step() noexcept
{
    using namespace std::chrono;
    auto const t = rtp::jitter_buffer::clock::time_point(microseconds(std::int64_t{n_} * 20'000));
    jb_.put(1, static_cast<std::uint16_t>(n_), n_ * 160, n_ == 0, payload_, t + 5ms);
    auto const f = jb_.get(t);
    ++n_;
    return static_cast<unsigned>(f.kind) + f.sequence_number;
}

} // namespace rvoip::bench
