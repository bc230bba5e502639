// libFuzzer target: any bytes as compound RTCP; every packet through its typed parser.
#include <rvoip/rtp/rtcp_app.hpp>
#include <rvoip/rtp/rtcp_bye.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_sdes.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace {

unsigned walk(rvoip::rtp::rtcp_packet_view p)
{
    namespace rtp = rvoip::rtp;
    unsigned sink = 0;
    switch (p.type()) {
    case rtp::rtcp_type::sender_report:
        if (auto sr = rtp::parse_sender_report(p))
            for (std::size_t i = 0; i < sr->blocks.size(); ++i)
                sink += sr->blocks[i].jitter;
        break;
    case rtp::rtcp_type::receiver_report:
        if (auto rr = rtp::parse_receiver_report(p))
            for (std::size_t i = 0; i < rr->blocks.size(); ++i)
                sink += rr->blocks[i].fraction_lost;
        break;
    case rtp::rtcp_type::sdes:
        if (auto s = rtp::parse_sdes(p)) {
            std::array<rtp::sdes_item, 8> items{};
            auto const n = s->items(items);
            if (n > s->size() || (s->size() >= 8 && n != 8))
                std::abort();
            for (std::size_t i = 0; i < n; ++i)
                sink += static_cast<unsigned>(items[i].text.size()) +
                        (s->cname(items[i].ssrc) ? 1u : 0u);
        }
        break;
    case rtp::rtcp_type::bye:
        if (auto b = rtp::parse_bye(p)) {
            for (std::size_t i = 0; i < b->size(); ++i)
                sink += b->ssrc(i);
            sink += static_cast<unsigned>(b->reason().size());
        }
        break;
    case rtp::rtcp_type::app:
        if (auto a = rtp::parse_app(p))
            sink += static_cast<unsigned>(a->data.size()) + static_cast<unsigned>(a->name.size());
        break;
    case rtp::rtcp_type::xr:
        if (auto x = rtp::parse_xr(p)) {
            std::array<rtp::xr_block, 4> blocks{};
            auto const n = x->blocks(blocks);
            for (std::size_t i = 0; i < n; ++i)
                if (auto m = rtp::parse_voip_metrics(blocks[i]))
                    sink += m->mos_lq;
        }
        break;
    default:
        sink += static_cast<unsigned>(p.body().size());
    }
    return sink;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace rtp = rvoip::rtp;
    std::span<std::uint8_t const> const bytes(data, size);
    volatile unsigned sink = 0;
    if (auto c = rtp::parse_compound(bytes, {.report_first = false})) {
        std::size_t count = 0;
        for (auto p : *c) {
            sink = sink + walk(p);
            ++count;
        }
        if (count != c->size())
            std::abort();
    }
    if (auto p = rtp::parse_rtcp_packet(bytes))
        sink = sink + walk(*p);
    return 0;
}
