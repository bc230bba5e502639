// libFuzzer target for parse_sdp(): whatever parses must serialize to an SDP that parses back
// to the same model (the round-trip guarantee of sdp::to_string), and the typed readers must
// not fail on what the parser accepted.
#include <rvoip/sip/sdp.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const d = rvoip::sip::parse_sdp(text);
    if (!d)
        return 0;
    auto const again = rvoip::sip::parse_sdp(rvoip::sip::sdp::to_string(*d));
    if (!again || *again != *d)
        std::abort();
    for (auto const& m : d->media) {
        // parse_sdp checked these attributes, so every line of each kind must read back.
        if (m.rtpmaps().size() != m.attributes.find_all("rtpmap").size() ||
            m.cryptos().size() != m.attributes.find_all("crypto").size())
            std::abort();
        for (auto const& c : m.cryptos())
            if (!rvoip::sip::sdp::parse_crypto(rvoip::sip::sdp::to_string(c)))
                std::abort();
        for (auto const& r : m.rtpmaps())
            if (rvoip::sip::sdp::parse_rtpmap(rvoip::sip::sdp::to_string(r)).value() != r)
                std::abort();
        (void)m.effective_direction(*d);
        (void)m.rtcp_attribute();
        (void)m.ptime();
    }
    return 0;
}
