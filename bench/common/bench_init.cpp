#include "bench_init.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

namespace rvoip::bench {

std::optional<bool> init_benchmark(std::vector<char*> args)
{
    bool smoke = false;
    std::vector<char*> rest;
    for (auto* a : args) {
        if (std::strcmp(a, "--smoke") == 0)
            smoke = true;
        else
            rest.push_back(a);
    }
    static std::string min_time = "--benchmark_min_time=0.02"; // must outlive Initialize's use
    if (smoke)
        rest.push_back(min_time.data());
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data()))
        return std::nullopt;
    return smoke;
}

} // namespace rvoip::bench
