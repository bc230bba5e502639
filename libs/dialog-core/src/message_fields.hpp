#pragma once
// Header values copied out of a message, for state that outlives it (dialogs, requests waiting
// for an answer).

#include <rvoip/sip/message.hpp>

#include <string>
#include <vector>

namespace rvoip::dialog::detail {

/// The value of the first field with `id`, or "".
inline std::string field(sip::message const& m, sip::header_id id)
{
    auto const f = m.find(id);
    return f ? std::string(f->value) : std::string();
}

/// The value of every field with `id`, in order (each field whole: a Via field with two
/// comma-separated values stays one string).
inline std::vector<std::string> fields(sip::message const& m, sip::header_id id)
{
    std::vector<std::string> out;
    auto left = m.count(id);
    for (std::size_t i = m.first_index(id); left > 0 && i < m.header_count(); ++i) {
        auto const f = m.header(i);
        if (f.id == id) {
            out.emplace_back(f.value);
            --left;
        }
    }
    return out;
}

} // namespace rvoip::dialog::detail
