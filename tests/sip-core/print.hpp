#pragma once
// Lets Boost.Test print sip-core values in failure messages.

#include <rvoip/sip/error.hpp>

#include <ostream>

namespace rvoip::sip {
inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}
} // namespace rvoip::sip
