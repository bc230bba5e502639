// libFuzzer target: any bytes as an RTP payload for every codec (a hostile peer chooses the
// payload), plus RFC 4733 telephone-event parsing. Decoding may fail; it must not crash or
// write past the frame.
#include <rvoip/media/make_codec.hpp>
#include <rvoip/media/telephone_event.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace media = rvoip::media;
    std::span<std::uint8_t const> const payload(data, size);
    (void)media::parse_telephone_event(payload);
    for (auto name : media::supported_codecs) {
        auto c = media::make_codec(name);
        if (!c)
            continue;
        // 120 ms at 48 kHz: the largest frame any of the codecs produces.
        std::vector<std::int16_t> out(5760 * 2);
        (void)(*c)->decode(payload, out);
        (void)(*c)->recover(payload, std::span<std::int16_t>(out.data(), 960));
        (void)(*c)->conceal(std::span<std::int16_t>(out.data(), 960));
    }
    return 0;
}
