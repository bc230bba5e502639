#pragma once
// The softphone's command lines from stdin. At a terminal: line editing, a history (also across
// runs, in ~/.rvoip_softphone_history) and Tab completion of the command names, by libedit;
// otherwise (a pipe, a file, a closed stdin) plain lines.

#include <functional>
#include <string>

namespace rvoip::softphone {

/// Reads lines until end of input, giving each to `on_line` (on the calling thread). Blocks.
void read_commands(std::function<void(std::string)> const& on_line);

} // namespace rvoip::softphone
