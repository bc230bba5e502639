// libFuzzer target: any bytes as the peer's offer (to an engine of each SRTP policy) and as
// the answer to our offer. Whatever is accepted must be a negotiation the media path can run:
// a codec of ours, a remote port, keys in pairs; and our answer must parse again.
#include <rvoip/session/offer_answer.hpp>

#include "seeded_random.hpp"

#include <rvoip/sip/sdp.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace session = rvoip::session;

namespace {

void check(session::negotiated_audio const& n)
{
    static constexpr std::string_view ours[] = {"opus", "G722", "PCMU", "PCMA"};
    bool known = false;
    for (auto o : ours)
        known = known || o == n.codec.encoding_name;
    if (!known || n.codec.clock_rate == 0 || n.ptime_ms < 10 || n.ptime_ms > 60 ||
        n.send_key.has_value() != n.receive_key.has_value())
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const sdp(reinterpret_cast<char const*>(data), size);
    session::local_media const local{"192.0.2.1", 40000, 0};
    for (auto policy : {session::srtp_policy::off, session::srtp_policy::optional, session::srtp_policy::mandatory}) {
        rvoip::rtp::test::seeded_random random{size};
        session::media_options o;
        o.srtp = policy;
        session::offer_answer answerer{o, random};
        if (auto a = answerer.receive_offer(sdp, local)) {
            check(a->audio);
            if (!rvoip::sip::parse_sdp(a->sdp))
                std::abort();
            // A re-offer after that must also hold.
            if (!answerer.create_offer(local))
                std::abort();
        }
        session::offer_answer offerer{o, random};
        if (!offerer.create_offer(local))
            std::abort();
        if (auto n = offerer.receive_answer(sdp))
            check(*n);
    }
    return 0;
}
