// Advanced media configuration: a media_config built by hand (codec order, DSP, bandwidth,
// SRTP, packet time, SDP attributes) and the presets, each checked by what the call
// negotiated.
//   client-media-config
#include <rvoip/client/client.hpp>

#include <chrono>
#include <iostream>
#include <thread>

using namespace rvoip::client;

namespace {

/// Calls a client with `callee_media` from one with `caller_media`; prints what was agreed.
bool call_with(std::string const& title, media_config caller_media, media_config callee_media,
               std::string const& expect_codec, bool expect_srtp)
{
    auto callee = client_builder().user("callee").with_media(callee_media).auto_answer(true).audio_devices(false).build();
    auto caller = client_builder().user("caller").with_media(caller_media).audio_devices(false).build();
    callee->start().value();
    caller->start().value();
    auto id = caller->make_call("sip:callee@" + callee->local_address()).value();
    for (int i = 0; i < 100 && caller->get_call(id).value().state != call_state::connected; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    auto info = caller->get_call(id).value();
    auto codec = caller->get_call_codec_info(id);
    std::cout << title << ": " << to_string(info.state) << ", " << info.codec << " " << info.clock_rate << " Hz, "
              << info.ptime_ms << " ms, " << (info.srtp ? "SRTP" : "RTP") << ", DTMF "
              << (codec && codec->telephone_event ? "RFC 4733" : "SIP INFO") << "\n";
    (void)caller->hangup_call(id).get();
    return info.state == call_state::connected && info.codec == expect_codec && info.srtp == expect_srtp;
}

} // namespace

int main()
{
    try {
        auto custom = media_config_builder()
                          .preferred_codecs({"G722", "PCMU"})
                          .echo_cancellation(true)
                          .noise_suppression(true)
                          .max_bandwidth_kbps(96)
                          .srtp(srtp_mode::optional)
                          .srtp_profiles({srtp_profile::aead_aes_128_gcm, srtp_profile::aes_cm_128_hmac_sha1_80})
                          .preferred_ptime(30)
                          .custom_sdp_attribute("x-conference-room", "7")
                          .build();
        // SRTP optional on both sides: keys offered and taken. Against a peer with SRTP off the
        // same offer is answered without keys, and the call runs plain RTP.
        auto optional_peer = media_config_builder(media_preset::voice).srtp(srtp_mode::optional).build();
        bool ok = call_with("custom (G.722, SRTP optional) to optional", custom, optional_peer, "G722", true);
        ok &= call_with("custom to a peer without SRTP", custom, media_config::preset(media_preset::voice), "G722", false);
        ok &= call_with("secure preset both sides", media_config::preset(media_preset::secure),
                        media_config::preset(media_preset::secure), "opus", true);
        ok &= call_with("legacy preset calling voice", media_config::preset(media_preset::legacy),
                        media_config::preset(media_preset::voice), "PCMU", false);
        // A configuration error names its field and says what to use.
        auto bad = media_config_builder().preferred_codecs({"G729"}).try_build();
        std::cout << "a bad setting: " << bad.error().what() << "\n";
        return ok && !bad ? 0 : 1;
    } catch (error const& e) {
        std::cerr << "client-media-config: " << e.what() << "\n";
        return 1;
    }
}
