// media_config's presets and validation.
#include <rvoip/client/media_config.hpp>

#include "config_check.hpp"

#include <rvoip/media/make_codec.hpp>

#include <algorithm>

namespace rvoip::client {

media_config media_config::preset(media_preset p)
{
    media_config c;
    switch (p) {
    case media_preset::voice:
        c.echo_cancellation = true;
        c.noise_suppression = true;
        break;
    case media_preset::music:
        c.preferred_codecs = {"opus", "G722"};
        c.max_bandwidth_kbps = 128;
        break;
    case media_preset::low_bandwidth:
        c.preferred_codecs = {"opus", "PCMU"};
        c.max_bandwidth_kbps = 24;
        c.preferred_ptime = 40;
        c.noise_suppression = true;
        break;
    case media_preset::secure:
        c = preset(media_preset::voice);
        c.srtp = srtp_mode::mandatory;
        break;
    case media_preset::legacy:
        c.preferred_codecs = {"PCMU", "PCMA"};
        c.rtcp_mux = false;
        c.srtp = srtp_mode::off;
        break;
    }
    return c;
}

result<void> media_config::validate() const
{
    using detail::bad_field;
    if (preferred_codecs.empty())
        return bad_field("media.preferred_codecs", "empty; list at least one of opus, G722, PCMU, PCMA");
    for (auto const& name : preferred_codecs)
        if (std::none_of(std::begin(media::supported_codecs), std::end(media::supported_codecs),
                         [&](std::string_view s) { return detail::iequals(s, name); }))
            return bad_field("media.preferred_codecs",
                             "'" + name + "' is not a codec this build encodes; use opus, G722, PCMU or PCMA");
    if (preferred_ptime < 10 || preferred_ptime > 120 || preferred_ptime % 10 != 0)
        return bad_field("media.preferred_ptime", std::to_string(preferred_ptime) +
                                                      " ms; use a multiple of 10 from 10 to 120 (20 is usual)");
    if (rtp_port_start < 1024 || rtp_port_end <= rtp_port_start)
        return bad_field("media.rtp_ports", std::to_string(rtp_port_start) + "-" + std::to_string(rtp_port_end) +
                                                "; give start >= 1024 and end > start (e.g. 16384-32767)");
    if (max_bandwidth_kbps && (*max_bandwidth_kbps < 8 || *max_bandwidth_kbps > 2048))
        return bad_field("media.max_bandwidth_kbps",
                         std::to_string(*max_bandwidth_kbps) + "; use 8 to 2048 kbit/s, or leave it unset");
    for (auto const& [name, value] : custom_sdp_attributes) {
        bool const token = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
        });
        if (!token)
            return bad_field("media.custom_sdp_attributes",
                             "attribute name '" + name + "' is not a token (letters, digits, - _ .)");
        if (value.find_first_of("\r\n") != std::string::npos)
            return bad_field("media.custom_sdp_attributes", "the value of '" + name + "' has a line break");
    }
    return {};
}

result<media_config> media_config_builder::try_build() const
{
    if (auto v = config_.validate(); !v)
        return v.error();
    return config_;
}

} // namespace rvoip::client
