#pragma once
// Lets Boost.Test print transaction-core values in failure messages.

#include <rvoip/transaction/error.hpp>
#include <rvoip/transaction/step.hpp>

#include <ostream>

namespace rvoip::transaction {
inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}
} // namespace rvoip::transaction
