#pragma once
// Reading test inputs: the shared SIP corpus and the per-layer data folders, as exact bytes.

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace rvoip::test {

/// The exact bytes of a file (throws when it cannot be read: a broken test setup).
inline std::string read_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A message of ../shared/corpus (copied into tests/corpus), e.g. "05_ack.sip".
inline std::string corpus(std::string const& name)
{
    return read_file(std::string(RVOIP_CORPUS_DIR) + "/" + name);
}

/// A file under this layer's tests/<layer>/data folder, e.g. "rfc4475/esc01.sip".
inline std::string data(std::string const& name)
{
    return read_file(std::string(RVOIP_TEST_DATA_DIR) + "/" + name);
}

/// The names of every message in the corpus with its weight from mix.tsv.
inline std::vector<std::pair<std::string, int>> corpus_mix()
{
    std::vector<std::pair<std::string, int>> out;
    std::ifstream in(std::string(RVOIP_CORPUS_DIR) + "/mix.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        auto const tab = line.find('\t');
        out.emplace_back(line.substr(0, tab), std::stoi(line.substr(tab + 1)));
    }
    return out;
}

} // namespace rvoip::test
