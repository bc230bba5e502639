#include "options.hpp"

#include <rvoip/client/types.hpp>
#include <rvoip/client/client.hpp>
#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/uri.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace rvoip::softphone {

namespace po = boost::program_options;

namespace {

bool iequal(std::string_view a, std::string_view b)
{
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

template<class T> bool to_number(std::string_view s, T& out)
{
    auto const* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc{} && p == end && !s.empty();
}

bool check_address(std::string const& text, std::string& why)
{
    auto const colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        why = "expected IP:PORT, e.g. 127.0.0.1:5060";
        return false;
    }
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(host, ec);
    if (ec) {
        why = "'" + host + "' is not an IP address";
        return false;
    }
    unsigned port = 0;
    if (!to_number(std::string_view(text).substr(colon + 1), port) || port > 65535) {
        why = "'" + text.substr(colon + 1) + "' is not a port (0-65535)";
        return false;
    }
    return true;
}

std::vector<std::string> split(std::string const& text, char sep)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, sep);) {
        auto const b = item.find_first_not_of(" \t");
        auto const e = item.find_last_not_of(" \t");
        if (b != std::string::npos)
            out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

std::string one_line(std::string s)
{
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

} // namespace

bool is_call_target(std::string const& text)
{
    auto const na = sip::parse_name_addr(text);
    auto const uri = na ? sip::parse_uri(na->uri.text) : sip::parse_uri(text);
    if (!uri)
        return false;
    if (uri->scheme == sip::uri_scheme::tel)
        return true;
    return (uri->scheme == sip::uri_scheme::sip || uri->scheme == sip::uri_scheme::sips) && !uri->host.empty();
}

bool is_dtmf(std::string const& digits)
{
    return !digits.empty() && std::ranges::all_of(digits, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd') || c == '*' || c == '#';
    });
}

std::optional<audio_spec> parse_audio(std::string const& text, bool output, std::string& why)
{
    audio_spec s;
    auto const colon = text.find(':');
    auto const head = text.substr(0, colon);
    auto const rest = colon == std::string::npos ? std::string{} : text.substr(colon + 1);
    if (head == "null" && colon == std::string::npos) {
        s.what = audio_spec::kind::null;
    } else if (head == "device") {
        s.what = audio_spec::kind::device;
        s.device = rest;
    } else if (head == "tone" && !output) {
        s.what = audio_spec::kind::tone;
        if (!to_number(rest, s.tone_hz) || s.tone_hz <= 0 || s.tone_hz > 20000) {
            why = "tone:HZ needs a frequency between 0 and 20000, e.g. tone:440";
            return std::nullopt;
        }
    } else if (head == "file" && !rest.empty()) {
        s.what = audio_spec::kind::file;
        s.path = rest;
        if (!output && !std::ifstream(rest).good()) {
            why = "cannot read '" + rest + "'";
            return std::nullopt;
        }
    } else {
        why = output ? "expected null, file:PATH.wav or device[:NAME]"
                     : "expected null, tone:HZ, file:PATH.wav or device[:NAME]";
        return std::nullopt;
    }
    return s;
}

parsed parse_options(int argc, char const* const* argv)
{
    std::string bind, registrar, codecs, audio_in, audio_out, srtp, rtp_ports, events, log_level, config;
    std::string symmetric_rtp = "on";
    std::vector<std::string> transports;
    std::string auto_answer;
    double hangup_after = -1;
    options o;
    po::options_description d("softphone: a SIP user agent on rvoip (commands on stdin; 'help' lists them)\n"
                              "Usage: softphone [options]\nOptions");
    // clang-format off
    d.add_options()
        ("help,h", "print this help")
        ("bind", po::value(&bind)->default_value(o.bind), "local SIP address IP:PORT (port 0: any free one)")
        ("transport", po::value(&transports)->composing(), "udp|tcp|tls|ws, may repeat (default udp)")
        ("user", po::value(&o.user)->default_value(o.user), "local user name (From, Contact)")
        ("display", po::value(&o.display), "display name")
        ("registrar", po::value(&o.registrar), "register at this URI and keep the registration refreshed")
        ("password", po::value(&o.password), "password for digest authentication")
        ("auth-user", po::value(&o.auth_user), "authentication user name (default: --user)")
        ("expires", po::value(&o.expires)->default_value(o.expires), "registration expiry in seconds")
        ("outbound-proxy", po::value(&o.outbound_proxy), "send all requests through this proxy URI")
        ("codecs", po::value(&codecs), "preference order, e.g. opus,G722,PCMU,PCMA")
        ("audio-in", po::value(&audio_in)->default_value("device"), "null, tone:HZ, file:PATH.wav, device[:NAME]")
        ("audio-out", po::value(&audio_out)->default_value("device"), "null, file:PATH.wav, device[:NAME]")
        ("record", po::value(&o.record), "record calls to this stereo WAV (left local, right remote)")
        ("auto-answer", po::value(&auto_answer)->implicit_value("0"), "answer incoming calls, after MS milliseconds")
        ("call", po::value(&o.call), "call this URI at start-up")
        ("dtmf", po::value(&o.dtmf), "send these digits once the call is connected")
        ("hangup-after", po::value(&hangup_after), "hang up S seconds after a call connects")
        ("exit-after-call", po::bool_switch(&o.exit_after_call), "exit once the first call has ended")
        ("srtp", po::value(&srtp)->default_value("off"), "SDES-SRTP policy: off, optional, mandatory")
        ("rtp-ports", po::value(&rtp_ports), "RTP port range LO-HI")
        ("media-public-address", po::value(&o.media_public_address),
         "IP put in the SDP instead of the bound one (a static NAT, or a relay keeping port numbers)")
        ("media-timeout", po::value(&o.media_timeout_s)->default_value(o.media_timeout_s),
         "hang up a call after S seconds without RTP or RTCP from the peer (0: never)")
        ("symmetric-rtp", po::value(&symmetric_rtp)->default_value("on"),
         "on: send RTP to where the peer's comes from (RFC 4961); off: to its SDP address")
        ("tls-cert", po::value(&o.tls_cert), "TLS certificate (PEM)")
        ("tls-key", po::value(&o.tls_key), "TLS private key (PEM)")
        ("tls-ca", po::value(&o.tls_ca), "CA certificates to check servers with (PEM)")
        ("events", po::value(&events)->default_value("text"), "event output: text or json")
        ("log-level", po::value(&log_level)->default_value("warn"), "trace, debug, info, warn, error (stderr)")
        ("config", po::value(&config), "read options from FILE (key = value lines); flags override");
    // clang-format on
    parsed out;
    auto fail = [&](std::string const& what) {
        out.error = "softphone: " + one_line(what) + " (softphone --help lists the options)";
        return out;
    };
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(d).style(po::command_line_style::unix_style &
                                                                        ~po::command_line_style::allow_guessing).run(),
                  vm);
        if (vm.count("help")) {
            std::ostringstream text;
            text << d;
            out.help = text.str();
            return out;
        }
        if (vm.count("config")) {
            auto const path = vm["config"].as<std::string>();
            std::ifstream file(path);
            if (!file)
                return fail("--config: cannot read '" + path + "'");
            po::store(po::parse_config_file(file, d), vm); // what the command line set stays
        }
        po::notify(vm);
    } catch (po::error const& e) {
        return fail(e.what());
    }

    std::string why;
    if (!check_address(bind, why))
        return fail("--bind " + bind + ": " + why);
    o.bind = bind;
    if (!transports.empty()) {
        o.transports.clear();
        for (auto const& list : transports)
            for (auto const& t : split(list, ',')) {
                if (t != "udp" && t != "tcp" && t != "tls" && t != "ws")
                    return fail("--transport " + t + ": expected udp, tcp, tls or ws");
                if (std::ranges::find(o.transports, t) == o.transports.end())
                    o.transports.push_back(t);
            }
    }
    if (o.user.empty() || o.user.find_first_of(" \t<>@:;\"") != std::string::npos)
        return fail("--user '" + o.user + "': a user name without spaces, '@', ':' or '<>'");
    if (!o.registrar.empty() && !is_call_target(o.registrar))
        return fail("--registrar " + o.registrar + ": not a SIP URI (e.g. sip:example.com or sip:10.0.0.1:5060)");
    if (!o.outbound_proxy.empty() && !is_call_target(o.outbound_proxy))
        return fail("--outbound-proxy " + o.outbound_proxy + ": not a SIP URI (e.g. sip:proxy.example.com;lr)");
    if ((!o.password.empty() || !o.auth_user.empty()) && o.registrar.empty())
        return fail("--password/--auth-user need --registrar");
    if (o.expires == 0 || o.expires > 0x7fffffff)
        return fail("--expires: a number of seconds above 0");
    if (!codecs.empty()) {
        auto const available = client::client::get_available_codecs();
        for (auto const& c : split(codecs, ',')) {
            auto const it = std::ranges::find_if(available, [&](auto const& a) { return iequal(a.name, c); });
            if (it == available.end() || iequal(c, "telephone-event")) {
                std::string names;
                for (auto const& a : available)
                    if (!iequal(a.name, "telephone-event"))
                        names += (names.empty() ? "" : ", ") + a.name;
                return fail("--codecs: unknown codec '" + c + "' (this build encodes " + names + ")");
            }
            o.codecs.push_back(it->name);
        }
        if (o.codecs.empty())
            return fail("--codecs: name at least one codec");
    }
    auto in = parse_audio(audio_in, false, why);
    if (!in)
        return fail("--audio-in " + audio_in + ": " + why);
    o.audio_in = *in;
    auto out_spec = parse_audio(audio_out, true, why);
    if (!out_spec)
        return fail("--audio-out " + audio_out + ": " + why);
    o.audio_out = *out_spec;
    if (!o.record.empty() && o.record.find_first_not_of(" \t") == std::string::npos)
        return fail("--record: a file name");
    if (!auto_answer.empty()) {
        std::uint32_t ms = 0;
        if (!to_number(std::string_view(auto_answer), ms))
            return fail("--auto-answer " + auto_answer + ": a delay in milliseconds (or none)");
        o.auto_answer_ms = ms;
    }
    if (!o.call.empty() && !is_call_target(o.call))
        return fail("--call " + o.call + ": not a SIP URI (e.g. sip:bob@127.0.0.1:5062)");
    if (!o.dtmf.empty() && !is_dtmf(o.dtmf))
        return fail("--dtmf " + o.dtmf + ": only 0-9, A-D, * and # are DTMF keys");
    if (vm.count("hangup-after")) {
        if (!(hangup_after >= 0) || hangup_after > 86400.0 * 365)
            return fail("--hangup-after: a number of seconds, 0 or more");
        o.hangup_after_s = hangup_after;
    }
    if (srtp != "off" && srtp != "optional" && srtp != "mandatory")
        return fail("--srtp " + srtp + ": expected off, optional or mandatory");
    o.srtp = srtp;
    if (!rtp_ports.empty()) {
        auto const dash = rtp_ports.find('-');
        unsigned lo = 0, hi = 0;
        if (dash == std::string::npos || !to_number(std::string_view(rtp_ports).substr(0, dash), lo) ||
            !to_number(std::string_view(rtp_ports).substr(dash + 1), hi) || lo < 1024 || hi > 65535 || lo >= hi)
            return fail("--rtp-ports " + rtp_ports + ": expected LO-HI with 1024 <= LO < HI <= 65535, e.g. 20000-20999");
        o.rtp_low = static_cast<std::uint16_t>(lo);
        o.rtp_high = static_cast<std::uint16_t>(hi);
    }
    if (!o.media_public_address.empty()) {
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address(o.media_public_address, ec);
        if (ec)
            return fail("--media-public-address " + o.media_public_address + ": an IPv4 or IPv6 address");
    }
    if (o.media_timeout_s > 86400)
        return fail("--media-timeout: seconds from 0 (never) to 86400");
    if (symmetric_rtp != "on" && symmetric_rtp != "off")
        return fail("--symmetric-rtp " + symmetric_rtp + ": expected on or off");
    o.symmetric_rtp = symmetric_rtp == "on";
    for (auto const* f : {&o.tls_cert, &o.tls_key, &o.tls_ca})
        if (!f->empty() && !std::ifstream(*f).good())
            return fail("cannot read TLS file '" + *f + "'");
    if (events == "text")
        o.events = event_format::text;
    else if (events == "json")
        o.events = event_format::json;
    else
        return fail("--events " + events + ": expected text or json");
    static constexpr std::pair<std::string_view, enum log_level> levels[] = {
        {"trace", log_level::trace}, {"debug", log_level::debug}, {"info", log_level::info},
        {"warn", log_level::warn},   {"warning", log_level::warn}, {"error", log_level::error}};
    auto const level = std::ranges::find(levels, log_level, &std::pair<std::string_view, enum log_level>::first);
    if (level == std::end(levels))
        return fail("--log-level " + log_level + ": expected trace, debug, info, warn or error");
    o.log = level->second;
    out.opts = std::move(o);
    return out;
}

} // namespace rvoip::softphone
