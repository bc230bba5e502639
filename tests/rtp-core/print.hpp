#pragma once
// Lets Boost.Test print rtp-core values in failure messages.

#include <rvoip/rtp/error.hpp>

#include <ostream>

namespace rvoip::rtp {
inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}
} // namespace rvoip::rtp
