// libFuzzer target: any bytes as a URI, and URI equivalence against itself.
#include <rvoip/sip/uri.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace sip = rvoip::sip;
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto u = sip::parse_uri(text);
    if (!u)
        return 0;
    (void)u->user_decoded();
    for (auto const& p : u->parameters())
        (void)p.value;
    for (auto const& h : u->header_fields())
        (void)h.value;
    if (!sip::equivalent(*u, *u))
        std::abort(); // equivalence is reflexive
    return 0;
}
