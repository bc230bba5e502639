#include "to_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace rvoip::siptool {
namespace {

namespace json = boost::json;

json::object params_object(sip::param_list params)
{
    json::object out;
    for (auto const& p : params)
        out[std::string(p.name)] = sip::percent_decode(sip::unquote(p.value));
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
    out["scheme"] = scheme;
    out["user"] = u.user_decoded();
    out["host"] = u.host;
    out["port"] = u.has_port ? json::value(u.port) : json::value(nullptr);
    out["params"] = params_object(u.parameters());
    out["headers"] = params_object(u.header_fields());
    return out;
}

json::object address_object(sip::name_addr const& a)
{
    json::object out;
    out["display"] = a.display_decoded();
    out["uri"] = a.uri.text;
    out["tag"] = a.tag.empty() ? json::value(nullptr) : json::value(a.tag);
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
        out["method"] = msg.method_text();
        out["request_uri"] = uri_object(msg.request_uri());
        out["status"] = nullptr;
        out["reason"] = nullptr;
    } else {
        out["method"] = msg.cseq().method_text;
        out["request_uri"] = nullptr;
        out["status"] = msg.status_code();
        out["reason"] = msg.reason_phrase();
    }
    out["version"] = msg.version();

    json::array headers;
    for (std::size_t i = 0; i < msg.header_count(); ++i) {
        auto const h = msg.header(i);
        json::object field;
        field["name"] = h.id == sip::header_id::other ? h.name : sip::canonical_name(h.id);
        field["value"] = h.value;
        headers.push_back(std::move(field));
    }
    out["headers"] = std::move(headers);

    out["call_id"] = msg.call_id();
    json::object cseq;
    cseq["number"] = msg.cseq().number;
    cseq["method"] = msg.cseq().method_text;
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
