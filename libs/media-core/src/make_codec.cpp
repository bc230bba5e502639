#include <rvoip/media/make_codec.hpp>

#include <rvoip/media/g711.hpp>
#include <rvoip/media/g722_codec.hpp>

#include <algorithm>
#include <cctype>

namespace rvoip::media {
namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

result<std::unique_ptr<codec>> make_codec(std::string_view encoding_name, opus_options const& opus)
{
    if (iequals(encoding_name, "PCMU"))
        return std::unique_ptr<codec>(std::make_unique<g711_codec>(g711_law::ulaw));
    if (iequals(encoding_name, "PCMA"))
        return std::unique_ptr<codec>(std::make_unique<g711_codec>(g711_law::alaw));
    if (iequals(encoding_name, "G722"))
        return std::unique_ptr<codec>(std::make_unique<g722_codec>());
    if (iequals(encoding_name, "opus")) {
        auto c = opus_codec::create(opus);
        if (!c)
            return c.error();
        return std::unique_ptr<codec>(std::make_unique<opus_codec>(std::move(*c)));
    }
    return errc::unsupported_codec;
}

} // namespace rvoip::media
