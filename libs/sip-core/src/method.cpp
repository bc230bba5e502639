#include <rvoip/sip/method.hpp>

#include <array>

namespace rvoip::sip {
namespace {

constexpr std::array<std::string_view, 15> method_names{
    "",        "INVITE", "ACK",  "BYE",  "CANCEL",    "REGISTER", "OPTIONS", "PRACK",
    "UPDATE",  "INFO",   "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH",
};

} // namespace

method lookup_method(std::string_view token) noexcept
{
    if (token.size() < 3 || token.size() > 9)
        return method::extension;
    for (std::size_t i = 1; i < method_names.size(); ++i)
        if (method_names[i] == token)
            return static_cast<method>(i);
    return method::extension;
}

std::string_view to_string(method m) noexcept
{
    return method_names[static_cast<std::size_t>(m)];
}

} // namespace rvoip::sip
