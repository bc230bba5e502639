// libFuzzer target: the bytes are a script of put/get operations on a jitter buffer with a
// manual clock. Invariants: the buffer never holds more than its capacity, and between
// restarts frames come out in increasing sequence order.
#include <rvoip/rtp/jitter_buffer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace rtp = rvoip::rtp;
    using namespace std::chrono;
    rtp::jitter_buffer jb({.capacity = 16, .max_payload = 32});
    std::array<std::uint8_t, 40> payload{};
    auto now = rtp::jitter_buffer::clock::time_point(seconds(1));
    std::uint16_t seq = 0;
    std::uint32_t ts = 0;
    std::uint32_t ssrc = 1;
    bool have_last = false;
    std::uint16_t last = 0;
    std::uint64_t restarts = 0;
    // each record: op, seq delta, ts delta (x 40), time advance (ms)
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
        std::uint8_t const op = data[i];
        seq = static_cast<std::uint16_t>(seq + static_cast<std::int8_t>(data[i + 1]));
        ts += static_cast<std::uint32_t>(static_cast<std::int8_t>(data[i + 2]) * 40);
        now += milliseconds(data[i + 3] % 64);
        if (op & 1) {
            if (op & 0x80)
                ++ssrc;
            std::size_t const len = (op >> 1) % payload.size();
            jb.put(ssrc, seq, ts, (op & 0x40) != 0,
                   std::span<std::uint8_t const>(payload.data(), len), now);
        } else {
            auto const f = jb.get(now);
            auto const r = jb.stats().ssrc_changes + jb.stats().resyncs;
            if (r != restarts) {
                restarts = r;
                have_last = false;
            }
            if (f.kind == rtp::frame_kind::frame) {
                if (have_last && static_cast<std::int16_t>(f.sequence_number - last) <= 0)
                    std::abort();
                if (f.payload.size() > 32)
                    std::abort();
                have_last = true;
                last = f.sequence_number;
            }
        }
        if (jb.size() > 16)
            std::abort();
    }
    return 0;
}
