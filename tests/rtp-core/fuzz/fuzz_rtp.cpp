// libFuzzer target: any bytes as an RTP packet; what parses must rebuild to the same fields.
#include <rvoip/rtp/demux.hpp>
#include <rvoip/rtp/packet.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace rtp = rvoip::rtp;
    std::span<std::uint8_t const> const bytes(data, size);
    (void)rtp::classify(bytes);
    auto p = rtp::parse_packet(bytes);
    if (!p)
        return 0;
    std::array<std::uint32_t, 15> csrcs{};
    for (std::size_t i = 0; i < p->csrc_count(); ++i)
        csrcs[i] = p->csrc(i);
    std::vector<rtp::extension_element> ext(p->extensions().begin(), p->extensions().end());
    rtp::packet_fields f;
    f.marker = p->marker();
    f.payload_type = p->payload_type();
    f.sequence_number = p->sequence_number();
    f.timestamp = p->timestamp();
    f.ssrc = p->ssrc();
    f.csrcs = std::span<std::uint32_t const>(csrcs.data(), p->csrc_count());
    f.extensions = ext;
    f.payload = p->payload();
    f.padding = static_cast<std::uint8_t>(p->padding_size());
    std::vector<std::uint8_t> out(size + 1024);
    auto n = rtp::build_packet(f, out);
    if (!n)
        std::abort(); // every parsed packet can be rebuilt
    auto q = rtp::parse_packet(std::span<std::uint8_t const>(out.data(), *n));
    if (!q || q->sequence_number() != p->sequence_number() || q->timestamp() != p->timestamp() ||
        q->ssrc() != p->ssrc() || q->marker() != p->marker() ||
        q->payload_type() != p->payload_type() || q->csrc_count() != p->csrc_count() ||
        !std::equal(q->payload().begin(), q->payload().end(), p->payload().begin(),
                    p->payload().end()))
        std::abort();
    std::vector<rtp::extension_element> again(q->extensions().begin(), q->extensions().end());
    if (again.size() != ext.size())
        std::abort();
    for (std::size_t i = 0; i < ext.size(); ++i)
        if (again[i].id != ext[i].id || !std::equal(again[i].data.begin(), again[i].data.end(),
                                                    ext[i].data.begin(), ext[i].data.end()))
            std::abort();
    return 0;
}
