// Address and URI checks for configuration validation.
#include "config_check.hpp"

#include <rvoip/sip/name_addr.hpp>
#include <rvoip/sip/uri.hpp>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rvoip::client::detail {

bool is_ip(std::string_view text)
{
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(std::string{text}, ec);
    return !ec;
}

bool split_host_port(std::string_view text, std::string& ip, unsigned& port)
{
    port = 0;
    std::string_view host = text;
    std::string_view rest;
    if (text.starts_with('[')) {
        auto const close = text.find(']');
        if (close == std::string_view::npos)
            return false;
        host = text.substr(1, close - 1);
        rest = text.substr(close + 1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        auto const colon = text.find(':');
        host = text.substr(0, colon);
        rest = text.substr(colon);
    }
    if (!rest.empty()) {
        if (rest.front() != ':' || rest.size() < 2)
            return false;
        auto const digits = rest.substr(1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (ec != std::errc{} || end != digits.data() + digits.size() || port > 65535)
            return false;
    }
    ip = std::string{host};
    return is_ip(host);
}

bool is_sip_uri(std::string_view text)
{
    auto check = [](sip::uri const& u) { return u.scheme != sip::uri_scheme::other; };
    if (text.find('<') != std::string_view::npos) {
        auto na = sip::parse_name_addr(text);
        return na && check(na->uri);
    }
    auto u = sip::parse_uri(text);
    return u && check(*u);
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace rvoip::client::detail
