// libFuzzer target: any bytes as a WAV file. A file that parses must render and parse back to
// the same audio.
#include <rvoip/media/wav.hpp>

#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace media = rvoip::media;
    auto audio = media::parse_wav(std::span<std::uint8_t const>(data, size));
    if (!audio)
        return 0;
    (void)media::downmix_to_mono(*audio);
    auto const bytes = media::render_wav(*audio);
    auto again = media::parse_wav(bytes);
    if (!again || again->samples != audio->samples)
        std::abort();
    return 0;
}
