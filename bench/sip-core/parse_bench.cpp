// Parse benchmarks: each corpus message and the weighted mix, in the "index" and "full"
// variants, with ns/message, messages/s and heap allocations per parse as counters.
#include "parse_bench.hpp"

#include "alloc_counter.hpp"
#include "corpus.hpp"

#include <rvoip/sip/message.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace rvoip::bench {

namespace sip = rvoip::sip;

std::vector<corpus_message> const& corpus()
{
    static std::vector<corpus_message> const messages = [] {
        std::vector<corpus_message> out;
        std::string const dir = RVOIP_CORPUS_DIR;
        std::ifstream mix(dir + "/mix.tsv");
        std::string line;
        while (std::getline(mix, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            auto const tab = line.find('\t');
            corpus_message m;
            m.name = line.substr(0, tab);
            m.weight = std::stoi(line.substr(tab + 1));
            std::ifstream in(dir + "/" + m.name, std::ios::binary);
            if (!in)
                throw std::runtime_error("cannot read corpus message " + m.name);
            m.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            out.push_back(std::move(m));
        }
        if (out.empty())
            throw std::runtime_error("empty corpus at " + dir);
        return out;
    }();
    return messages;
}

std::vector<std::string> const& weighted_mix()
{
    static std::vector<std::string> const mix = [] {
        std::vector<std::string> out;
        auto const& all = corpus();
        // Round-robin over the messages until each has appeared `weight` times, so that
        // consecutive parses see different messages as a busy proxy would.
        for (int round = 0;; ++round) {
            bool any = false;
            for (auto const& m : all) {
                if (round < m.weight) {
                    out.push_back(m.bytes);
                    any = true;
                }
            }
            if (!any)
                break;
        }
        return out;
    }();
    return mix;
}

unsigned parse_index(std::string_view bytes)
{
    sip::parse_options opt;
    opt.check = sip::validation::index;
    auto msg = sip::parse_message(bytes, opt);
    if (!msg)
        throw std::runtime_error("corpus message rejected: " + msg.error().message());
    return msg->cseq().number + static_cast<unsigned>(msg->header_count());
}

unsigned parse_full(std::string_view bytes)
{
    auto msg = sip::parse_message(bytes);
    if (!msg)
        throw std::runtime_error("corpus message rejected: " + msg.error().message());
    auto const& m = *msg;
    unsigned sink = m.cseq().number;
    sink += static_cast<unsigned>(m.top_via().branch.size() + m.vias().size());
    sink += static_cast<unsigned>(m.from().tag.size() + m.to().tag.size() + m.call_id().size());
    sink += static_cast<unsigned>(m.from().uri.host.size() + m.to().uri.user.size());
    if (auto v = m.max_forwards())
        sink += *v;
    if (auto v = m.content_length())
        sink += *v;
    if (auto v = m.contacts())
        sink += static_cast<unsigned>(v->size() + (*v)[0].address.uri.host.size());
    if (auto v = m.routes())
        sink += static_cast<unsigned>(v->size());
    if (auto v = m.record_routes())
        sink += static_cast<unsigned>(v->size());
    return sink;
}

namespace {

template<unsigned (*Parse)(std::string_view)>
void run_messages(benchmark::State& state, std::vector<std::string> const& messages)
{
    auto const before = allocations();
    std::uint64_t parsed = 0;
    for (auto _ : state) {
        for (auto const& bytes : messages)
            benchmark::DoNotOptimize(Parse(bytes));
        parsed += messages.size();
    }
    auto const allocs = allocations() - before;
    state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(parsed), benchmark::Counter::kIsRate);
    state.counters["ns/msg"] = benchmark::Counter(static_cast<double>(parsed),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["allocs/msg"] = static_cast<double>(allocs) / static_cast<double>(parsed ? parsed : 1);
}

template<unsigned (*Parse)(std::string_view)>
void register_variant(char const* variant)
{
    for (auto const& m : corpus()) {
        auto const* msg = &m;
        benchmark::RegisterBenchmark((std::string(variant) + "/" + m.name).c_str(),
                                     [msg](benchmark::State& s) { run_messages<Parse>(s, {msg->bytes}); });
    }
    benchmark::RegisterBenchmark((std::string(variant) + "/weighted_mix").c_str(),
                                 [](benchmark::State& s) { run_messages<Parse>(s, weighted_mix()); });
}

} // namespace

void register_parse_benchmarks()
{
    register_variant<parse_index>("parse_index");
    register_variant<parse_full>("parse_full");
}

} // namespace rvoip::bench
