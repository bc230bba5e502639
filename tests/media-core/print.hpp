#pragma once
// Lets Boost.Test print media-core values in failure messages.

#include <rvoip/media/error.hpp>

#include <ostream>

namespace rvoip::media {
inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}
} // namespace rvoip::media
