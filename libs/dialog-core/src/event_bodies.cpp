// Event package bodies: PIDF (RFC 3863, with an RFC 4480 activity), simple-message-summary
// (RFC 3842) and dialog-info (RFC 4235). XML is read with Boost.PropertyTree's parser (no DTDs,
// no entities beyond the five of XML) after a bound on size and nesting.
#include <rvoip/dialog/event_bodies.hpp>

#include <rvoip/dialog/error.hpp>

#include "text.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <charconv>
#include <optional>
#include <sstream>

namespace rvoip::dialog {

namespace {

namespace pt = boost::property_tree;

constexpr std::size_t max_body = 64 * 1024;
constexpr int max_depth = 32;

// --- writing -------------------------------------------------------------------------------------

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

// --- reading -------------------------------------------------------------------------------------

/// False when the XML nests deeper than max_depth (counted from tags: comments, CDATA and
/// processing instructions are not elements and are skipped).
bool shallow_enough(std::string_view x)
{
    int depth = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i] != '<')
            continue;
        auto const rest = x.substr(i);
        if (rest.starts_with("<!--")) {
            auto const end = x.find("-->", i + 4);
            if (end == std::string_view::npos)
                return true; // unterminated: the parser refuses it
            i = end + 2;
        } else if (rest.starts_with("<![CDATA[")) {
            auto const end = x.find("]]>", i + 9);
            if (end == std::string_view::npos)
                return true;
            i = end + 2;
        } else if (rest.starts_with("<?") || rest.starts_with("<!")) {
            continue;
        } else if (rest.starts_with("</")) {
            --depth;
        } else {
            auto const end = x.find('>', i);
            if (end == std::string_view::npos)
                return true;
            if (x[end - 1] != '/' && ++depth > max_depth)
                return false;
            i = end;
        }
    }
    return true;
}

std::optional<pt::ptree> read_xml(std::string_view body)
{
    if (body.size() > max_body || !shallow_enough(body))
        return std::nullopt;
    try {
        std::istringstream in{std::string(body)};
        pt::ptree tree;
        pt::read_xml(in, tree, pt::xml_parser::trim_whitespace);
        return tree;
    } catch (std::exception const&) {
        return std::nullopt;
    }
}

std::string_view local_name(std::string_view name)
{
    auto const colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// The first child element of `node` with local name `name`.
pt::ptree const* child(pt::ptree const& node, std::string_view name)
{
    for (auto const& [key, value] : node)
        if (key != "<xmlattr>" && key != "<xmlcomment>" && local_name(key) == name)
            return &value;
    return nullptr;
}

/// The attribute with local name `name` ("" when absent).
std::string attribute(pt::ptree const& node, std::string_view name)
{
    auto const attrs = node.get_child_optional("<xmlattr>");
    if (!attrs)
        return {};
    for (auto const& [key, value] : *attrs)
        if (local_name(key) == name)
            return value.data();
    return {};
}

std::string text_of(pt::ptree const* node)
{
    return node ? node->data() : std::string();
}

/// The document's root element if its local name is `name`.
pt::ptree const* root(pt::ptree const& doc, std::string_view name)
{
    pt::ptree const* found = nullptr;
    int elements = 0;
    for (auto const& [key, value] : doc) {
        if (key == "<xmlcomment>")
            continue;
        ++elements;
        if (local_name(key) == name)
            found = &value;
    }
    return elements == 1 ? found : nullptr;
}

bool to_number(std::string_view s, std::uint32_t& out)
{
    auto const r = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

} // namespace

// --- presence ----------------------------------------------------------------------------------

std::string to_pidf(presence_document const& doc)
{
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                    "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"";
    if (!doc.activity.empty())
        x += " xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\"";
    x += " entity=\"" + escape(doc.entity) + "\">\r\n";
    for (auto const& t : doc.tuples) {
        x += " <tuple id=\"" + escape(t.id) + "\">\r\n  <status><basic>";
        x += t.open ? "open" : "closed";
        x += "</basic></status>\r\n";
        if (!t.contact.empty())
            x += "  <contact>" + escape(t.contact) + "</contact>\r\n";
        if (!t.note.empty())
            x += "  <note>" + escape(t.note) + "</note>\r\n";
        x += " </tuple>\r\n";
    }
    if (!doc.activity.empty())
        x += " <dm:person id=\"p1\"><rpid:activities><rpid:" + escape(doc.activity) +
             "/></rpid:activities></dm:person>\r\n";
    if (!doc.note.empty())
        x += " <note>" + escape(doc.note) + "</note>\r\n";
    x += "</presence>\r\n";
    return x;
}

boost::system::result<presence_document> parse_pidf(std::string_view body)
{
    auto const tree = read_xml(body);
    if (!tree)
        return errc::bad_body;
    auto const* top = root(*tree, "presence");
    if (!top)
        return errc::bad_body;
    presence_document doc;
    doc.entity = attribute(*top, "entity");
    if (doc.entity.empty())
        return errc::bad_body; // RFC 3863 §4.1.1: entity is mandatory
    for (auto const& [key, value] : *top) {
        auto const name = local_name(key);
        if (key == "<xmlattr>" || key == "<xmlcomment>")
            continue;
        if (name == "tuple") {
            presence_tuple t;
            t.id = attribute(value, "id");
            if (auto const* status = child(value, "status"))
                t.open = detail::iequal(text_of(child(*status, "basic")), "open");
            t.contact = text_of(child(value, "contact"));
            t.note = text_of(child(value, "note"));
            doc.tuples.push_back(std::move(t));
        } else if (name == "note" && doc.note.empty()) {
            doc.note = value.data();
        } else if (name == "person" && doc.activity.empty()) {
            if (auto const* activities = child(value, "activities"))
                for (auto const& [k, v] : *activities)
                    if (k != "<xmlattr>" && k != "<xmlcomment>") {
                        doc.activity = std::string(local_name(k));
                        break;
                    }
        }
    }
    return doc;
}

// --- message-summary ---------------------------------------------------------------------------

std::string to_text(message_summary const& s)
{
    std::string out = std::string("Messages-Waiting: ") + (s.waiting ? "yes" : "no") + "\r\n";
    if (!s.account.empty())
        out += "Message-Account: " + s.account + "\r\n";
    for (auto const& c : s.counts) {
        out += c.message_class;
        // RFC 3842 §5.2: the class names are written capitalised ("Voice-Message").
        for (std::size_t i = out.size() - c.message_class.size(); i < out.size(); ++i)
            if (i == out.size() - c.message_class.size() || out[i - 1] == '-')
                out[i] = static_cast<char>(out[i] >= 'a' && out[i] <= 'z' ? out[i] - 32 : out[i]);
        out += ": " + std::to_string(c.new_messages) + "/" + std::to_string(c.old_messages);
        if (c.new_urgent || c.old_urgent)
            out += " (" + std::to_string(c.new_urgent) + "/" + std::to_string(c.old_urgent) + ")";
        out += "\r\n";
    }
    return out;
}

boost::system::result<message_summary> parse_message_summary(std::string_view body)
{
    if (body.size() > max_body)
        return errc::bad_body;
    static constexpr std::string_view classes[] = {"voice-message", "fax-message", "pager-message",
                                                   "multimedia-message", "text-message", "none"};
    message_summary s;
    bool status_seen = false;
    while (!body.empty()) {
        auto const end = body.find('\n');
        auto const line = trim(body.substr(0, end));
        body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
        auto const colon = line.find(':');
        if (line.empty() || colon == std::string_view::npos)
            continue;
        auto const name = trim(line.substr(0, colon));
        auto const value = trim(line.substr(colon + 1));
        if (detail::iequal(name, "Messages-Waiting")) {
            if (detail::iequal(value, "yes"))
                s.waiting = true;
            else if (!detail::iequal(value, "no"))
                return errc::bad_body;
            status_seen = true;
            continue;
        }
        if (detail::iequal(name, "Message-Account")) {
            s.account = std::string(value);
            continue;
        }
        auto const known = std::find_if(std::begin(classes), std::end(classes),
                                        [&](std::string_view c) { return detail::iequal(c, name); });
        if (known == std::end(classes))
            continue; // an optional message header (RFC 3842 §5.2): not ours to read
        // newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ]
        message_counts c;
        c.message_class = std::string(*known);
        auto const paren = value.find('(');
        auto const main = trim(value.substr(0, paren));
        auto const slash = main.find('/');
        if (slash == std::string_view::npos || !to_number(trim(main.substr(0, slash)), c.new_messages) ||
            !to_number(trim(main.substr(slash + 1)), c.old_messages))
            return errc::bad_body;
        if (paren != std::string_view::npos) {
            auto const close = value.find(')', paren);
            if (close == std::string_view::npos)
                return errc::bad_body;
            auto const urgent = trim(value.substr(paren + 1, close - paren - 1));
            auto const us = urgent.find('/');
            if (us == std::string_view::npos || !to_number(trim(urgent.substr(0, us)), c.new_urgent) ||
                !to_number(trim(urgent.substr(us + 1)), c.old_urgent))
                return errc::bad_body;
        }
        s.counts.push_back(std::move(c));
    }
    if (!status_seen)
        return errc::bad_body;
    return s;
}

// --- dialog-info -------------------------------------------------------------------------------

std::string to_xml(dialog_info const& info)
{
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                    "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"" +
                    std::to_string(info.version) + "\" state=\"" + (info.full ? "full" : "partial") + "\" entity=\"" +
                    escape(info.entity) + "\">\r\n";
    for (auto const& d : info.dialogs) {
        x += " <dialog id=\"" + escape(d.id) + "\"";
        if (!d.call_id.empty())
            x += " call-id=\"" + escape(d.call_id) + "\" local-tag=\"" + escape(d.local_tag) + "\" remote-tag=\"" +
                 escape(d.remote_tag) + "\"";
        if (!d.direction.empty())
            x += " direction=\"" + escape(d.direction) + "\"";
        x += ">\r\n  <state>" + escape(d.state) + "</state>\r\n";
        if (!d.local_identity.empty())
            x += "  <local><identity>" + escape(d.local_identity) + "</identity></local>\r\n";
        if (!d.remote_identity.empty())
            x += "  <remote><identity>" + escape(d.remote_identity) + "</identity></remote>\r\n";
        x += " </dialog>\r\n";
    }
    x += "</dialog-info>\r\n";
    return x;
}

boost::system::result<dialog_info> parse_dialog_info(std::string_view body)
{
    auto const tree = read_xml(body);
    if (!tree)
        return errc::bad_body;
    auto const* top = root(*tree, "dialog-info");
    if (!top)
        return errc::bad_body;
    dialog_info info;
    info.entity = attribute(*top, "entity");
    auto const state = attribute(*top, "state");
    if (info.entity.empty() || !to_number(attribute(*top, "version"), info.version) ||
        (state != "full" && state != "partial"))
        return errc::bad_body;
    info.full = state == "full";
    static constexpr std::string_view states[] = {"trying", "proceeding", "early", "confirmed", "terminated"};
    for (auto const& [key, value] : *top) {
        if (key == "<xmlattr>" || key == "<xmlcomment>" || local_name(key) != "dialog")
            continue;
        dialog_info_entry d;
        d.id = attribute(value, "id");
        d.call_id = attribute(value, "call-id");
        d.local_tag = attribute(value, "local-tag");
        d.remote_tag = attribute(value, "remote-tag");
        d.direction = attribute(value, "direction");
        d.state = text_of(child(value, "state"));
        if (d.id.empty() || std::find(std::begin(states), std::end(states), d.state) == std::end(states))
            return errc::bad_body;
        if (auto const* local = child(value, "local"))
            d.local_identity = text_of(child(*local, "identity"));
        if (auto const* remote = child(value, "remote"))
            d.remote_identity = text_of(child(*remote, "identity"));
        info.dialogs.push_back(std::move(d));
    }
    return info;
}

} // namespace rvoip::dialog
