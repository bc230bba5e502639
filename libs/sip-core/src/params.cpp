#include <rvoip/sip/params.hpp>

#include "text.hpp"

#include <cstring>

namespace rvoip::sip {

param_list::iterator::iterator(std::string_view rest, char sep) noexcept
    : rest_(rest), sep_(sep), done_(false)
{
    load();
}

// Splits the next parameter off rest_: skips separators and LWS, then takes the text up to the
// next separator that is not inside a quoted string. Separators are found with memchr (SIMD);
// the byte-by-byte quote walk runs only for the rare parameter that has a '"' in it.
void param_list::iterator::load() noexcept
{
    std::size_t i = 0;
    while (i < rest_.size() && (rest_[i] == sep_ || detail::is_wsp(rest_[i]) ||
                                rest_[i] == '\r' || rest_[i] == '\n'))
        ++i;
    if (i == rest_.size()) {
        done_ = true;
        rest_ = {};
        return;
    }
    std::size_t const begin = i;
    char const* const base = rest_.data();
    std::size_t const n = rest_.size();
    auto const* sep = static_cast<char const*>(std::memchr(base + begin, sep_, n - begin));
    std::size_t end = sep ? static_cast<std::size_t>(sep - base) : n;
    if (std::memchr(base + begin, '"', end - begin)) {
        bool quoted = false;
        for (i = begin; i < n; ++i) {
            char const c = base[i];
            if (quoted) {
                if (c == '\\' && i + 1 < n)
                    ++i;
                else if (c == '"')
                    quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == sep_) {
                break;
            }
        }
        end = i < n ? i : n;
    }
    std::string_view const item(base + begin, end - begin);
    rest_ = rest_.substr(end);
    auto const* eq = static_cast<char const*>(std::memchr(item.data(), '=', item.size()));
    if (!eq) {
        current_ = param{detail::trim_lws(item), {}, false};
    } else {
        auto const at = static_cast<std::size_t>(eq - item.data());
        current_ = param{detail::trim_lws(item.substr(0, at)), detail::trim_lws(item.substr(at + 1)),
                         true};
    }
}

param_list::iterator& param_list::iterator::operator++() noexcept
{
    load();
    return *this;
}

std::optional<param> param_list::find(std::string_view name) const noexcept
{
    for (auto const& p : *this)
        if (detail::iequals(p.name, name))
            return p;
    return std::nullopt;
}

std::string_view param_list::value(std::string_view name) const noexcept
{
    auto p = find(name);
    return p ? p->value : std::string_view{};
}

std::string unquote(std::string_view value)
{
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return std::string(value);
    std::string out;
    out.reserve(value.size() - 2);
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '\\' && i + 2 < value.size())
            ++i;
        out += value[i];
    }
    return out;
}

std::string percent_decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && detail::is_hex(text[i + 1]) &&
            detail::is_hex(text[i + 2])) {
            out += static_cast<char>(detail::hex_value(text[i + 1]) * 16 +
                                     detail::hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace rvoip::sip
