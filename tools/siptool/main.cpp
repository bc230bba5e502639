// siptool: parse and serialize one SIP message from the command line.
//
//   siptool parse [--json] FILE|-     exit 0 accepted, 1 rejected (one error line), 2 usage
//   siptool roundtrip FILE|-          parse, serialize, print
#include "to_json.hpp"

#include <rvoip/sip/message.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::size_t max_input = 16 * 1024 * 1024;
constexpr char const* usage_text =
    "usage: siptool parse [--json] FILE|-\n"
    "       siptool roundtrip FILE|-\n";

int usage(std::string_view problem)
{
    std::cerr << "siptool: " << problem << '\n' << usage_text;
    return 2;
}

/// The exact bytes of FILE, or of stdin for "-"; nullopt (after printing why) on failure.
std::optional<std::string> read_input(std::string const& path)
{
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
        std::cerr << "error: cannot open " << path << '\n';
        return std::nullopt;
    }
    std::string data;
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        data.append(buf, n);
        if (data.size() > max_input) {
            std::cerr << "error: input larger than " << max_input << " bytes\n";
            if (f != stdin)
                std::fclose(f);
            return std::nullopt;
        }
    }
    if (f != stdin)
        std::fclose(f);
    return data;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usage("missing command");
    auto const command = args[0];
    bool json = false;
    std::optional<std::string> file;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json" && command == "parse")
            json = true;
        else if (args[i] == "-h" || args[i] == "--help") {
            std::cout << usage_text;
            return 0;
        } else if ((args[i].empty() || args[i][0] != '-' || args[i] == "-") && !file)
            file = args[i];
        else
            return usage("unexpected argument '" + args[i] + "'");
    }
    if (command != "parse" && command != "roundtrip")
        return usage("unknown command '" + command + "'");
    if (!file)
        return usage("missing FILE (use - for stdin)");

    auto input = read_input(*file);
    if (!input)
        return 1;
    auto msg = rvoip::sip::parse_message(*input);
    if (!msg) {
        std::cerr << "error: " << msg.error().message() << '\n';
        return 1;
    }
    if (command == "roundtrip") {
        auto const out = msg->bytes();
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (json)
        std::cout << boost::json::serialize(rvoip::siptool::to_json(*msg)) << '\n';
    else
        std::cout << (msg->is_request() ? "request " : "response ")
                  << (msg->is_request() ? std::string(msg->method_text())
                                        : std::to_string(msg->status_code()))
                  << ": " << msg->header_count() << " headers, body " << msg->body().size()
                  << " bytes\n";
    return 0;
}
