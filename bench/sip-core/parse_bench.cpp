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
    sip::parse_options opt;
    opt.check = sip::validation::mandatory;
    auto msg = sip::parse_message(bytes, opt);
    if (!msg)
        throw std::runtime_error("corpus message rejected: " + msg.error().message());
    auto const& m = *msg;
    // What the transaction and dialog layers read: matching (Via branch, sent-by, CSeq, tags,
    // Call-ID), routing (Max-Forwards, Route, Record-Route, Contact, Request-URI), bodies
    // (Content-Length, Content-Type), extensions and timers (Require, Supported, Expires,
    // Session-Expires, RSeq/RAck), events (Event, Subscription-State) and digest auth.
    unsigned sink = m.cseq().number;
    sink += static_cast<unsigned>(m.top_via().branch.size() + m.vias().size() + m.top_via().port);
    sink += static_cast<unsigned>(m.from().tag.size() + m.to().tag.size() + m.call_id().size());
    sink += static_cast<unsigned>(m.from().uri.host.size() + m.to().uri.user.size());
    if (m.is_request())
        sink += static_cast<unsigned>(m.request_uri().host.size());
    auto add = [&](auto const& r, auto&& fn) {
        if (r)
            sink += static_cast<unsigned>(fn(*r));
    };
    auto size = [](auto const& v) { return v.size(); };
    auto value = [](auto v) { return v; };
    add(m.max_forwards(), value);
    add(m.content_length(), value);
    add(m.contacts(), [](auto const& v) { return v.size() + v[0].address.uri.host.size(); });
    add(m.routes(), size);
    add(m.record_routes(), size);
    add(m.content_type(), [](auto const& v) { return v.subtype.size(); });
    add(m.expires(), value);
    add(m.require(), size);
    add(m.supported(), size);
    add(m.session_expires(), [](auto const& v) { return v.delta_seconds; });
    add(m.rseq(), value);
    add(m.rack_header(), [](auto const& v) { return v.response_num; });
    add(m.event(), [](auto const& v) { return v.type.size(); });
    add(m.subscription_state(), [](auto const& v) { return v.state_text.size(); });
    add(m.authorization(), [](auto const& v) { return v.nonce.size(); });
    add(m.www_authenticate(), [](auto const& v) { return v.nonce.size(); });
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
