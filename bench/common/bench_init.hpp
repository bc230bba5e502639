#pragma once
// The command line every benchmark program shares (../shared/CONTRACT.md): Google Benchmark's
// flags plus --smoke, a run of a few seconds that still measures.

#include <optional>
#include <vector>

namespace rvoip::bench {

/// Removes --smoke from `args` (argv[0] first, the program's own options already taken out),
/// shortens Google Benchmark's minimum time when it was given, and initialises Google
/// Benchmark with the rest. Returns whether --smoke was given, or nullopt after Google
/// Benchmark reported an unknown flag (exit 2).
std::optional<bool> init_benchmark(std::vector<char*> args);

} // namespace rvoip::bench
