#include "stateless.hpp"

#include <rvoip/sip/message_builder.hpp>

namespace rvoip::transaction::detail {

std::optional<std::string> stateless_response_to_raw(std::string_view bytes, int status,
                                                     std::string_view reason)
{
    auto const first_end = bytes.find('\n');
    if (first_end == std::string_view::npos || bytes.substr(0, 4) == "SIP/" ||
        bytes.substr(0, 4) == "sip/")
        return std::nullopt;
    std::string out = "SIP/2.0 " + std::to_string(status) + " ";
    for (char c : reason)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F)
            out += c;
    out += "\r\n";
    bool has_via = false;
    std::size_t pos = first_end + 1;
    while (pos < bytes.size()) {
        auto end = bytes.find('\n', pos);
        if (end == std::string_view::npos)
            end = bytes.size();
        auto line = bytes.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            break;
        auto const colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        auto name = line.substr(0, colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        auto const id = sip::lookup_header(name);
        if (id != sip::header_id::via && id != sip::header_id::from && id != sip::header_id::to &&
            id != sip::header_id::call_id && id != sip::header_id::cseq)
            continue;
        if (line.find('\0') != std::string_view::npos || line.find('\r') != std::string_view::npos)
            continue; // never echo bytes that would break the response
        has_via = has_via || id == sip::header_id::via;
        out.append(line).append("\r\n");
    }
    if (!has_via)
        return std::nullopt;
    out += "Content-Length: 0\r\n\r\n";
    return out;
}

std::string response_to(sip::message const& request, int status, std::string_view reason,
                        std::string_view to_tag)
{
    auto b = sip::message_builder::response(status, reason);
    for (std::size_t i = 0; i < request.header_count(); ++i) {
        auto const f = request.header(i);
        switch (f.id) {
        case sip::header_id::via:
        case sip::header_id::from:
        case sip::header_id::call_id:
        case sip::header_id::cseq:
        case sip::header_id::record_route:
            b.header(f.id, f.value);
            break;
        case sip::header_id::to:
            if (request.to().tag.empty() && !to_tag.empty())
                b.header(f.id, std::string(f.value) + ";tag=" + std::string(to_tag));
            else
                b.header(f.id, f.value);
            break;
        default:
            break;
        }
    }
    return b.render();
}

} // namespace rvoip::transaction::detail
