#pragma once
// The JSON form of a parsed message that `siptool parse --json` prints (../shared/CONTRACT.md).

#include <rvoip/sip/message.hpp>

#include <boost/json/value.hpp>

namespace rvoip::siptool {

boost::json::value to_json(sip::message const& msg);

} // namespace rvoip::siptool
