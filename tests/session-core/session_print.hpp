#pragma once
// Lets Boost.Test print session-core values in failure messages.

#include <rvoip/session/error.hpp>
#include <rvoip/session/layer.hpp>

#include <rvoip/sip/sdp.hpp>

#include <optional>
#include <ostream>

namespace rvoip::session {
inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}
inline std::ostream& operator<<(std::ostream& os, end_reason r)
{
    return os << to_string(r);
}
inline std::ostream& operator<<(std::ostream& os, call_state s)
{
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, dtmf_path p)
{
    return os << static_cast<int>(p);
}
} // namespace rvoip::session

namespace rvoip::sip::sdp {
inline std::ostream& operator<<(std::ostream& os, direction d)
{
    return os << to_string(d);
}
} // namespace rvoip::sip::sdp

namespace std {
template<class T>
std::ostream& boost_test_print_type(std::ostream& os, std::optional<T> const& v)
{
    if (!v)
        return os << "nullopt";
    if constexpr (sizeof(T) == 1)
        return os << +*v;
    else
        return os << *v;
}
} // namespace std
