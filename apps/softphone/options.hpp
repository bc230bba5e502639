#pragma once
// The softphone's options (../shared/CONTRACT.md): parsed from the command line and an optional
// `--config FILE` of `key = value` lines (flags override the file), and checked before
// anything starts, so that a bad flag, URI, port range or address is one line and exit 2.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rvoip::softphone {

/// Where a call's audio comes from or goes to (`null`, `tone:HZ`, `file:PATH`, `device[:NAME]`).
struct audio_spec
{
    enum class kind : std::uint8_t { null, tone, file, device };
    kind what = kind::device;
    double tone_hz = 0;
    std::string path;   ///< file
    std::string device; ///< device: empty for the system's default
};

enum class event_format : std::uint8_t { text, json };
enum class log_level : std::uint8_t { trace, debug, info, warn, error };

struct options
{
    std::string bind = "127.0.0.1:5060";
    std::vector<std::string> transports{"udp"};
    std::string user = "softphone";
    std::string display;
    std::string registrar, password, auth_user;
    std::uint32_t expires = 3600;
    std::string outbound_proxy;
    std::vector<std::string> codecs;
    audio_spec audio_in{};
    audio_spec audio_out{};
    std::string record;
    std::optional<std::uint32_t> auto_answer_ms;
    std::string call;
    std::string dtmf;
    std::optional<double> hangup_after_s;
    bool exit_after_call = false;
    std::string srtp = "off";
    std::uint16_t rtp_low = 16384, rtp_high = 32767;
    /// Put in the SDP instead of the bound address: a static NAT's public address, or a relay
    /// (netimpair) in front of this phone's RTP ports that keeps their numbers.
    std::string media_public_address;
    bool symmetric_rtp = true; ///< RFC 4961: send to where the peer's RTP comes from
    std::uint32_t media_timeout_s = 30; ///< hang up a call whose peer went silent (0: never)
    std::string tls_cert, tls_key, tls_ca;
    event_format events = event_format::text;
    log_level log = log_level::warn;
};

/// What parsing gave: options to run with, text to print and exit 0 (help), or a usage error.
struct parsed
{
    std::optional<options> opts;
    std::string help;  ///< non-empty: print it and exit 0
    std::string error; ///< non-empty: print it (one line) and exit 2
};

parsed parse_options(int argc, char const* const* argv);

/// Parses an audio spec; `output` forbids tones. Empty on a bad spec, with `why` set.
std::optional<audio_spec> parse_audio(std::string const& text, bool output, std::string& why);
/// True for a sip:, sips: or tel: URI (a name-addr "Bob <sip:...>" too).
bool is_call_target(std::string const& text);
/// True when every character is a DTMF key (0-9, A-D, *, #) and there is at least one.
bool is_dtmf(std::string const& digits);

} // namespace rvoip::softphone
