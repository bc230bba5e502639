#pragma once
// The shared SIP corpus (tests/corpus, a copy of ../shared/corpus) for the benchmarks.

#include <string>
#include <vector>

namespace rvoip::bench {

struct corpus_message
{
    std::string name;
    std::string bytes;
    int weight = 1;
};

/// Every message of mix.tsv with its weight.
std::vector<corpus_message> const& corpus();

/// The weighted mix: each message repeated `weight` times, interleaved deterministically.
std::vector<std::string> const& weighted_mix();

} // namespace rvoip::bench
