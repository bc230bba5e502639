#pragma once
// Header values copied out of a message, for state that outlives it (dialogs, requests waiting
// for an answer).

#include <rvoip/sip/message.hpp>

#include <string>
#include <vector>

namespace rvoip::dialog::detail {

/// A value as one line: each line fold (CRLF and the white space after it, RFC 3261 §7.3.1)
/// becomes one SP, so that it can be written into a message of ours.
inline std::string unfolded(std::string_view v)
{
    if (v.find_first_of("\r\n") == std::string_view::npos)
        return std::string(v);
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '\r' && v[i] != '\n') {
            out += v[i];
            continue;
        }
        while (i + 1 < v.size() && (v[i + 1] == '\r' || v[i + 1] == '\n' || v[i + 1] == ' ' || v[i + 1] == '\t'))
            ++i;
        out += ' ';
    }
    return out;
}

/// The value of the first field with `id`, or "" (unfolded).
inline std::string field(sip::message const& m, sip::header_id id)
{
    auto const f = m.find(id);
    return f ? unfolded(f->value) : std::string();
}

/// The value of every field with `id`, in order (each field whole: a Via field with two
/// comma-separated values stays one string; unfolded).
inline std::vector<std::string> fields(sip::message const& m, sip::header_id id)
{
    std::vector<std::string> out;
    auto left = m.count(id);
    for (std::size_t i = m.first_index(id); left > 0 && i < m.header_count(); ++i) {
        auto const f = m.header(i);
        if (f.id == id) {
            out.push_back(unfolded(f.value));
            --left;
        }
    }
    return out;
}

} // namespace rvoip::dialog::detail
