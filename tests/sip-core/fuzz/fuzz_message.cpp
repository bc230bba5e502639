// libFuzzer target: any bytes as a SIP datagram. A message that parses must serialize back to
// the bytes it holds, re-parse, and answer every accessor without crashing.
#include <rvoip/sip/message.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace sip = rvoip::sip;
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    for (auto level : {sip::validation::index, sip::validation::strict}) {
        sip::parse_options opt;
        opt.check = level;
        auto msg = sip::parse_message(bytes, opt);
        if (!msg) {
            (void)msg.error().message();
            continue;
        }
        auto const& m = *msg;
        (void)m.request_uri().user_decoded();
        (void)m.from().display_decoded();
        (void)m.to().tag;
        for (auto const& v : m.vias())
            (void)v.branch;
        (void)m.top_via();
        (void)m.max_forwards();
        (void)m.contacts();
        (void)m.routes();
        (void)m.record_routes();
        for (std::size_t i = 0; i < m.header_count(); ++i)
            (void)m.header(i);
        auto again = sip::parse_message(m.bytes(), opt);
        if (!again)
            std::abort(); // a parsed message must re-parse from its own bytes
    }
    return 0;
}
