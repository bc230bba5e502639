// client_builder / media_config: validation that names the field, presets that are real
// settings, and the errors' categories.
#include <rvoip/client/client.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace client = rvoip::client;
using client::client_builder;
using client::errc;

namespace {

client::error build_error(client_builder const& b)
{
    auto r = b.try_build();
    BOOST_TEST_REQUIRE(!r.has_value());
    return r.error();
}

bool names(client::error const& e, std::string const& field)
{
    BOOST_TEST_MESSAGE(e.what());
    return std::string{e.what()}.starts_with(field + ":");
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_builder_test)

BOOST_AUTO_TEST_CASE(a_default_builder_builds_a_client_that_is_not_started)
{
    auto c = client_builder().audio_devices(false).build();
    BOOST_TEST(!c->is_running());
    auto r = c->make_call("sip:bob@127.0.0.1").get();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code() == errc::not_started));
    BOOST_TEST((r.error().category() == client::error_category::system));
}

BOOST_AUTO_TEST_CASE(each_bad_field_is_named_in_a_configuration_error)
{
    auto check = [](client_builder const& b, std::string const& field) {
        auto e = build_error(b);
        BOOST_TEST((e.code() == errc::bad_configuration));
        BOOST_TEST((e.category() == client::error_category::configuration));
        BOOST_TEST(!e.is_recoverable());
        BOOST_TEST(names(e, field), "expected the field " << field << " in: " << e.what());
    };
    check(client_builder().local_address("localhost:5060"), "local_address");
    check(client_builder().local_address("127.0.0.1:70000"), "local_address");
    check(client_builder().media_address("not-an-ip"), "media_address");
    check(client_builder().user("al ice"), "user");
    check(client_builder().transports({}), "transports");
    check(client_builder().transports({client::transport::tls}), "transports");
    check(client_builder().registrar("example.com", "sip:alice@example.com", "alice", "pw"), "registrar");
    check(client_builder().registrar("sip:example.com", "alice", "alice", "pw"), "registrar");
    check(client_builder().outbound_proxy("proxy"), "outbound_proxy");
    check(client_builder().max_concurrent_calls(0), "max_concurrent_calls");
    check(client_builder().session_timer(std::chrono::seconds{30}), "session_timer");
    check(client_builder().audio_rate(11025), "audio_rate");
    check(client_builder().codecs({"G729"}), "media.preferred_codecs");
    check(client_builder().codecs({}), "media.preferred_codecs");
    check(client_builder().rtp_ports(30000, 20000), "media.rtp_ports");
    client::media_config odd_ptime;
    odd_ptime.preferred_ptime = 25;
    check(client_builder().with_media(odd_ptime), "media.preferred_ptime");
}

BOOST_AUTO_TEST_CASE(media_config_builder_validates_and_names_the_field)
{
    auto r = client::media_config_builder().preferred_ptime(7).try_build();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(names(r.error(), "media.preferred_ptime"));
    auto bw = client::media_config_builder().max_bandwidth_kbps(2).try_build();
    BOOST_TEST_REQUIRE(!bw.has_value());
    BOOST_TEST(names(bw.error(), "media.max_bandwidth_kbps"));
    auto attr = client::media_config_builder().custom_sdp_attribute("bad name").try_build();
    BOOST_TEST(!attr.has_value());
    BOOST_CHECK_THROW(client::media_config_builder().preferred_codecs({"iLBC"}).build(), client::error);
    auto ok = client::media_config_builder()
                  .preferred_codecs({"PCMA", "PCMU"})
                  .audio_processing(true)
                  .max_bandwidth_kbps(64)
                  .require_srtp(true)
                  .preferred_ptime(30)
                  .custom_sdp_attribute("x-room", "42")
                  .build();
    BOOST_TEST(ok.echo_cancellation);
    BOOST_TEST(ok.noise_suppression);
    BOOST_TEST(ok.auto_gain_control);
    BOOST_TEST(ok.require_srtp());
}

BOOST_AUTO_TEST_CASE(presets_are_each_a_real_set_of_settings)
{
    using client::media_config;
    using client::media_preset;
    auto voice = media_config::preset(media_preset::voice);
    BOOST_TEST(voice.echo_cancellation);
    BOOST_TEST(voice.noise_suppression);
    BOOST_TEST(voice.preferred_codecs.front() == "opus");
    auto music = media_config::preset(media_preset::music);
    BOOST_TEST(!music.echo_cancellation);
    BOOST_TEST(music.max_bandwidth_kbps.value_or(0) == 128u);
    auto low = media_config::preset(media_preset::low_bandwidth);
    BOOST_TEST(low.max_bandwidth_kbps.value_or(0) == 24u);
    BOOST_TEST(low.preferred_ptime == 40);
    auto secure = media_config::preset(media_preset::secure);
    BOOST_TEST(secure.require_srtp());
    auto legacy = media_config::preset(media_preset::legacy);
    BOOST_TEST((legacy.preferred_codecs == std::vector<std::string>{"PCMU", "PCMA"}));
    BOOST_TEST(!legacy.rtcp_mux);
    for (auto p : {media_preset::voice, media_preset::music, media_preset::low_bandwidth, media_preset::secure,
                   media_preset::legacy})
        BOOST_TEST(media_config::preset(p).validate().has_value());
}

BOOST_AUTO_TEST_CASE(available_codecs_are_the_ones_media_core_encodes)
{
    auto codecs = client::client::get_available_codecs();
    BOOST_TEST_REQUIRE(codecs.size() == 4u);
    BOOST_TEST(codecs[0].name == "opus");
    BOOST_TEST(codecs[0].clock_rate == 48000u);
    BOOST_TEST(codecs[2].name == "PCMU");
    BOOST_TEST(codecs[2].payload_type == 0);
}

BOOST_AUTO_TEST_CASE(an_occupied_port_is_a_transport_error_that_names_the_address)
{
    auto first = client_builder().audio_devices(false).build();
    first->start().value();
    auto taken = first->local_address();
    auto second = client_builder().local_address(taken).audio_devices(false).build();
    auto r = second->start().get();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code() == errc::transport_failure));
    BOOST_TEST((r.error().category() == client::error_category::transport));
    BOOST_TEST(std::string{r.error().what()}.find(taken) != std::string::npos);
    BOOST_TEST(!second->is_running());
    auto again = first->start().get();
    BOOST_TEST((!again.has_value() && again.error().code() == errc::already_started));
}

BOOST_AUTO_TEST_SUITE_END()
