// Serialization: rendering a built INVITE with an SDP body, and copying out an unchanged
// parsed message.
#include "serialize_bench.hpp"

#include <rvoip/sip/message_builder.hpp>

#include <benchmark/benchmark.h>

namespace rvoip::bench {

namespace sip = rvoip::sip;

std::string_view invite_sdp()
{
    return "v=0\r\n"
           "o=- 3912345678 3912345678 IN IP4 192.0.2.10\r\n"
           "s=rvoip\r\n"
           "c=IN IP4 192.0.2.10\r\n"
           "t=0 0\r\n"
           "m=audio 4000 RTP/AVP 96 9 8 0 101\r\n"
           "a=rtpmap:96 opus/48000/2\r\n"
           "a=fmtp:96 useinbandfec=1\r\n"
           "a=rtpmap:9 G722/8000\r\n"
           "a=rtpmap:8 PCMA/8000\r\n"
           "a=rtpmap:0 PCMU/8000\r\n"
           "a=rtpmap:101 telephone-event/8000\r\n"
           "a=fmtp:101 0-16\r\n"
           "a=sendrecv\r\n";
}

sip::message_builder built_invite()
{
    auto b = sip::message_builder::request(sip::method::invite, "sip:bob@example.com");
    b.via("UDP", "192.0.2.10", 5060, "z9hG4bK776asdhds", ";rport")
        .max_forwards(70)
        .from({"Alice", "sip:alice@example.com", "1928301774", {}})
        .to({{}, "sip:bob@example.com", {}, {}})
        .call_id("a84b4c76e66710@pc33.example.com")
        .cseq(314159, "INVITE")
        .contact({{}, "sip:alice@192.0.2.10:5060", {}, {}})
        .header(sip::header_id::allow, "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, REFER, NOTIFY")
        .header(sip::header_id::supported, "replaces, timer")
        .header(sip::header_id::user_agent, "rvoip/0.1")
        .body("application/sdp", invite_sdp());
    return b;
}

namespace {

void serialize_built_invite(benchmark::State& state)
{
    auto const b = built_invite();
    std::string out;
    for (auto _ : state) {
        out.clear();
        b.render_to(out);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(serialize_built_invite);

} // namespace
} // namespace rvoip::bench
