#include "to_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace rvoip::siptool {
namespace {

namespace json = boost::json;

/// JSON text must be UTF-8 (RFC 8259 §8.1): a SIP message may carry any byte in a quoted string
/// or an unknown header, so invalid sequences become U+FFFD.
std::string utf8(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        auto const b = static_cast<unsigned char>(in[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        bool valid = len != 0 && i + len <= in.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
        // Overlong two-byte forms and code points above U+10FFFF are invalid too.
        if (valid && len == 2 && b < 0xC2)
            valid = false;
        if (valid && len == 4 && b > 0xF4)
            valid = false;
        if (!valid) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        out.append(in.substr(i, len));
        i += len;
    }
    return out;
}

json::object params_object(sip::param_list params)
{
    json::object out;
    for (auto const& p : params)
        out[utf8(p.name)] = utf8(sip::percent_decode(sip::unquote(p.value)));
    return out;
}

std::string_view scheme_name(sip::uri const& u)
{
    switch (u.scheme) {
    case sip::uri_scheme::sip: return "sip";
    case sip::uri_scheme::sips: return "sips";
    case sip::uri_scheme::tel: return "tel";
    case sip::uri_scheme::other: break;
    }
    return u.scheme_text;
}

json::object uri_object(sip::uri const& u)
{
    json::object out;
    std::string scheme(scheme_name(u));
    for (auto& c : scheme)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    out["scheme"] = utf8(scheme);
    out["user"] = utf8(u.user_decoded());
    out["host"] = utf8(u.host);
    out["port"] = u.has_port ? json::value(u.port) : json::value(nullptr);
    out["params"] = params_object(u.parameters());
    out["headers"] = params_object(u.header_fields());
    return out;
}

json::object address_object(sip::name_addr const& a)
{
    json::object out;
    out["display"] = utf8(a.display_decoded());
    out["uri"] = utf8(a.uri.text);
    out["tag"] = a.tag.empty() ? json::value(nullptr) : json::value(utf8(a.tag));
    return out;
}

json::object via_object(sip::via const& v)
{
    json::object out;
    out["transport"] = v.transport;
    out["host"] = v.host;
    out["port"] = v.has_port ? json::value(v.port) : json::value(nullptr);
    out["branch"] = v.branch.empty() ? json::value(nullptr) : json::value(v.branch);
    out["received"] = v.received.empty() ? json::value(nullptr) : json::value(v.received);
    if (v.rport)
        out["rport"] = *v.rport;
    else
        out["rport"] = v.has_rport ? json::value(true) : json::value(nullptr);
    return out;
}

} // namespace

json::value to_json(sip::message const& msg)
{
    json::object out;
    out["kind"] = msg.is_request() ? "request" : "response";
    if (msg.is_request()) {
        out["method"] = utf8(msg.method_text());
        out["request_uri"] = uri_object(msg.request_uri());
        out["status"] = nullptr;
        out["reason"] = nullptr;
    } else {
        out["method"] = utf8(msg.cseq().method_text);
        out["request_uri"] = nullptr;
        out["status"] = msg.status_code();
        out["reason"] = utf8(msg.reason_phrase());
    }
    out["version"] = msg.version();

    json::array headers;
    for (std::size_t i = 0; i < msg.header_count(); ++i) {
        auto const h = msg.header(i);
        json::object field;
        field["name"] = utf8(h.id == sip::header_id::other ? h.name : sip::canonical_name(h.id));
        field["value"] = utf8(h.value);
        headers.push_back(std::move(field));
    }
    out["headers"] = std::move(headers);

    out["call_id"] = utf8(msg.call_id());
    json::object cseq;
    cseq["number"] = msg.cseq().number;
    cseq["method"] = utf8(msg.cseq().method_text);
    out["cseq"] = std::move(cseq);
    out["from"] = address_object(msg.from());
    out["to"] = address_object(msg.to());
    json::array vias;
    for (auto const& v : msg.vias())
        vias.push_back(via_object(v));
    out["via"] = std::move(vias);
    auto const cl = msg.content_length();
    out["content_length"] = cl ? json::value(*cl) : json::value(nullptr);
    out["body_length"] = msg.body().size();
    return out;
}

} // namespace rvoip::siptool
