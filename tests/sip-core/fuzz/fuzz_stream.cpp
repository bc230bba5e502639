// libFuzzer target: any bytes as a TCP stream, fed in pieces whose sizes come from the input.
// Framing must terminate, never buffer beyond its limits, and never crash.
#include <rvoip/sip/stream_framer.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace sip = rvoip::sip;
    if (size == 0)
        return 0;
    auto opt = sip::stream_framer::stream_options();
    opt.max_header_bytes = 4096;
    opt.max_body_bytes = 4096;
    sip::stream_framer framer(opt);
    std::size_t const piece = 1 + data[0] % 64;
    std::string_view rest(reinterpret_cast<char const*>(data + 1), size - 1);
    while (!rest.empty() && !framer.failed()) {
        auto const n = rest.size() < piece ? rest.size() : piece;
        framer.feed(rest.substr(0, n));
        rest.remove_prefix(n);
        for (int guard = 0; guard < 10000; ++guard) {
            auto item = framer.next();
            if (!item && (item.error().code == sip::errc::need_more || framer.failed()))
                break;
        }
        // Bounded: headers and body limits plus one piece.
        if (framer.buffered() > opt.max_header_bytes + opt.max_body_bytes + 4 + 64)
            std::abort();
    }
    return 0;
}
