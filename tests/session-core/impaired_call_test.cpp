// Calls through the impairing relay (tools/netimpair): the call survives 5% loss and 30 ms of
// jitter and its measured quality drops; SRTP puts no plaintext audio on the wire.
#include <rvoip/session/layer.hpp>

#include "impair_relay.hpp"
#include "session_print.hpp"
#include "session_test_support.hpp"

#include <rvoip/media/g711.hpp>

#include <boost/test/unit_test.hpp>

using namespace rvoip::session;
using namespace rvoip::session::test;
using namespace std::chrono_literals;
namespace netimpair = rvoip::netimpair;

namespace {

// Bob receives RTP on one known port pair behind a relay on 127.0.0.2 that keeps the port
// numbers, and advertises the relay's address: what Alice sends him crosses the relay.
constexpr std::uint16_t bob_rtp = 41000;

layer_options behind_relay(layer_options o = {})
{
    o.rtp_port_min = bob_rtp;
    o.rtp_port_max = bob_rtp + 1;
    o.media_advertised_address = "127.0.0.2";
    o.media.codecs = {"PCMU"};
    return o;
}

// Alice keeps sending to the relay even though Bob's first packets come from him directly.
layer_options direct(layer_options o)
{
    o.symmetric_rtp = false;
    return o;
}

struct relayed_call
{
    relayed_call(netimpair::impairment imp, layer_options alice_options = {}, layer_options bob_options = {})
        : alice(io, "alice", 11, direct(std::move(alice_options))), bob(io, "bob", 12, behind_relay(std::move(bob_options)))
    {
        netimpair::relay_options r;
        r.listen_address = "127.0.0.2";
        r.listen_port = bob_rtp;
        r.target_port = bob_rtp;
        r.forward = imp;
        r.seed = 7;
        r.tap = [this](std::span<std::uint8_t const> d, bool forward) {
            if (forward)
                wire.emplace_back(d.begin(), d.end());
        };
        relay = std::make_unique<netimpair::impair_relay>(io, r);
        (void)call_and_connect(io, alice, bob, 1000);
    }

    boost::asio::io_context io;
    party alice, bob;
    std::unique_ptr<netimpair::impair_relay> relay;
    std::vector<std::vector<std::uint8_t>> wire; // what Alice put on the wire to Bob
};

double mean_mos(std::vector<quality_sample> const& q)
{
    double sum = 0;
    for (auto const& s : q)
        sum += s.mos;
    return q.empty() ? 0 : sum / static_cast<double>(q.size());
}

} // namespace

BOOST_AUTO_TEST_CASE(five_percent_loss_and_30ms_jitter_keep_the_call_and_lower_the_mos)
{
    std::vector<quality_sample> clean_quality;
    {
        relayed_call clean{{}};
        BOOST_TEST_REQUIRE(run_until(clean.io, [&] { return clean.bob.quality.size() >= 4; }, 4s));
        clean_quality = clean.bob.quality;
    }

    netimpair::impairment bad;
    bad.loss_pct = 5;
    bad.jitter = 30ms;
    relayed_call lossy{bad};
    BOOST_TEST_REQUIRE(run_until(lossy.io, [&] { return lossy.bob.quality.size() >= 8; }, 8s));
    BOOST_TEST(lossy.relay->forward().dropped > 0u);
    BOOST_TEST(lossy.bob.ended.empty());
    BOOST_TEST(tone_present(*lossy.bob.heard, 1000)); // concealment keeps the tone
    double loss = 0, jitter = 0;
    for (auto const& s : lossy.bob.quality) {
        loss += s.loss_pct;
        jitter = std::max(jitter, s.jitter_ms);
    }
    loss /= static_cast<double>(lossy.bob.quality.size());
    BOOST_TEST_MESSAGE("relay dropped " << lossy.relay->forward().dropped << " of " << lossy.relay->forward().received
                                        << "; Bob measured " << loss << "% loss, " << jitter << " ms jitter, MOS "
                                        << mean_mos(lossy.bob.quality) << " (clean " << mean_mos(clean_quality) << ")");
    BOOST_TEST(loss > 2.0);
    BOOST_TEST(loss < 10.0);
    BOOST_TEST(jitter > 5.0);
    BOOST_TEST(mean_mos(clean_quality) > 4.2);
    BOOST_TEST(mean_mos(lossy.bob.quality) < mean_mos(clean_quality) - 0.3);
    auto const report = lossy.bob.ua->report(lossy.bob.incoming.at(0));
    BOOST_TEST(report->overall.mos < 4.0);
    BOOST_TEST(report->media.packets_lost > 0);
}

BOOST_AUTO_TEST_CASE(mandatory_srtp_puts_no_plaintext_audio_on_the_wire)
{
    layer_options a, b;
    a.media.srtp = srtp_policy::mandatory;
    b.media.srtp = srtp_policy::mandatory;
    std::vector<std::vector<std::uint8_t>> wire;
    {
        relayed_call secure{{}, a, b};
        run_for(secure.io, 600ms);
        BOOST_TEST(secure.alice.ua->info(secure.alice.ua->calls().at(0))->srtp);
        wire = secure.wire;
    }
    std::vector<std::int16_t> decoded;
    std::size_t rtp = 0, tagged = 0;
    for (auto const& d : wire) {
        if (d.size() < 12 || (d[1] & 0x7f) != 0)
            continue; // RTCP, or not PCMU
        ++rtp;
        // 12 header bytes, 160 payload bytes (20 ms PCMU), the 10-byte HMAC-SHA1-80 tag.
        if (d.size() == 12 + 160 + 10)
            ++tagged;
        for (std::size_t i = 12; i < 12 + 160 && i < d.size(); ++i)
            decoded.push_back(rvoip::media::ulaw_to_linear(d[i]));
    }
    BOOST_TEST(rtp > 10u);
    BOOST_TEST(tagged == rtp);
    // Read as PCMU, the payloads hold no trace of Alice's 1 kHz tone: its power is that of
    // noise, under 1% of what the same tone has in plaintext RTP (below).
    std::span<std::int16_t const> all{decoded};
    double const tone = rvoip::test::tone_power(all, 1000, 8000);


    // The same call without SRTP: the tone is right there in the datagrams.
    relayed_call plain{{}};
    run_for(plain.io, 600ms);
    decoded.clear();
    for (auto const& d : plain.wire)
        if (d.size() == 12 + 160 && (d[1] & 0x7f) == 0)
            for (std::size_t i = 12; i < d.size(); ++i)
                decoded.push_back(rvoip::media::ulaw_to_linear(d[i]));
    std::span<std::int16_t const> clear{decoded};
    double const plain_tone = rvoip::test::tone_power(clear, 1000, 8000);
    BOOST_TEST(plain_tone > 20 * rvoip::test::tone_power(clear, 1300, 8000));
    BOOST_TEST(tone < plain_tone / 100);
}

BOOST_AUTO_TEST_CASE(a_peer_gone_silent_is_hung_up_after_the_media_timeout)
{
    // Alice's RTP and RTCP reach Bob through the relay; closing it is Alice's host vanishing
    // (no BYE). Bob hangs up once nothing has come for his media timeout, and Alice, whose
    // signalling still works here, hears of it as a BYE.
    layer_options b;
    b.media_timeout = 1s;
    relayed_call call{{}, {}, b};
    run_for(call.io, 1500ms);
    BOOST_TEST_REQUIRE(call.bob.ended.empty()); // media flowing: no timeout
    call.relay->close();
    auto const closed = std::chrono::steady_clock::now();
    BOOST_TEST_REQUIRE(run_until(call.io, [&] { return !call.bob.ended.empty(); }, 4s));
    auto const took = std::chrono::steady_clock::now() - closed;
    BOOST_TEST((call.bob.ended.at(0).reason == end_reason::timeout), to_string(call.bob.ended.at(0).reason));
    BOOST_TEST(took >= 900ms);
    BOOST_TEST(took < 2500ms);
    BOOST_TEST_REQUIRE(run_until(call.io, [&] { return !call.alice.ended.empty(); }, 2s));
    BOOST_TEST((call.alice.ended.at(0).reason == end_reason::remote_hangup));
}

BOOST_AUTO_TEST_CASE(a_held_call_is_not_timed_out)
{
    // Alice holds: she stops sending RTP, and many peers stop RTCP too on hold. Bob's media
    // timeout waits for the call to be resumed.
    layer_options b;
    b.media_timeout = 1s;
    relayed_call call{{}, {}, b};
    run_for(call.io, 500ms);
    BOOST_TEST_REQUIRE(!call.alice.ua->hold(call.alice.ua->calls().at(0)));
    run_for(call.io, 300ms);
    call.relay->close(); // not even RTCP comes now
    run_for(call.io, 2000ms);
    BOOST_TEST(call.bob.ended.empty());
    BOOST_TEST(call.alice.ended.empty());
}
