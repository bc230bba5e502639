#pragma once
// Parameter lists (";name=value" after a URI, a Via, a name-addr; "&"-separated URI headers;
// ","-separated auth-params), kept as the raw text of the message and scanned on demand, so
// reading a parameter never allocates.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rvoip::sip {

/// One parameter: its name and, when it has "=value", the value as written (quoted strings
/// keep their quotes; see unquote()).
struct param
{
    std::string_view name;
    std::string_view value;
    bool has_value = false;
};

/// A view over a parameter list such as ";lr;transport=tcp". Iterating yields each parameter in
/// order; names compare case-insensitively. Separators inside quoted strings are respected.
/// The views live as long as the text given to the constructor.
class param_list
{
public:
    class iterator
    {
    public:
        using value_type = param;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(std::string_view rest, char sep) noexcept;
        param const& operator*() const noexcept { return current_; }
        param const* operator->() const noexcept { return &current_; }
        iterator& operator++() noexcept;
        iterator operator++(int) noexcept
        {
            auto copy = *this;
            ++*this;
            return copy;
        }
        bool operator==(iterator const& o) const noexcept { return done_ == o.done_ && (done_ || rest_.data() == o.rest_.data()); }

    private:
        void load() noexcept;
        std::string_view rest_;
        std::string_view next_;
        param current_;
        char sep_ = ';';
        bool done_ = true;
    };

    param_list() = default;
    /// `text` starts with the separator or is empty: ";a=b;c" (sep ';'), "a=b,c=d" (sep ',').
    explicit param_list(std::string_view text, char sep = ';') noexcept : text_(text), sep_(sep) {}

    iterator begin() const noexcept { return iterator(text_, sep_); }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }

    /// The parameter named `name` (case-insensitive), or nullopt. A flag parameter (no "=")
    /// yields an empty value with has_value false.
    std::optional<param> find(std::string_view name) const noexcept;
    /// True when a parameter named `name` is present (with or without a value).
    bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    /// The value of `name` as written, or empty when absent or a flag.
    std::string_view value(std::string_view name) const noexcept;

    /// The raw text, separators included.
    std::string_view text() const noexcept { return text_; }

private:
    std::string_view text_;
    char sep_ = ';';
};

/// The content of a quoted-string with its quoted-pairs resolved ("\"a\\\"b\"" -> a"b); an
/// unquoted value is returned as it is.
std::string unquote(std::string_view value);

/// Percent-decodes RFC 3986/3261 escapes ("%41" -> "A"); malformed escapes are kept as written.
std::string percent_decode(std::string_view text);

} // namespace rvoip::sip
