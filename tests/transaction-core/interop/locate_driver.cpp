// Resolves a SIP URI with RFC 3263 through c-ares and prints the targets, one per line:
//   locate_driver DNS_IP:PORT URI   ->   udp 127.0.0.1 5070
#include <rvoip/transaction/server_location.hpp>

#include <cstdio>
#include <random>

int main(int argc, char** argv)
{
    namespace tx = rvoip::transaction;
    if (argc != 3) {
        std::fprintf(stderr, "usage: locate_driver DNS_IP:PORT URI\n");
        return 2;
    }
    auto uri = rvoip::sip::parse_uri(argv[2]);
    if (!uri) {
        std::fprintf(stderr, "bad URI\n");
        return 2;
    }
    auto dns = tx::make_cares_lookup(argv[1]);
    std::mt19937 rng(42); // deterministic weights for the test
    auto targets = tx::locate(*uri, *dns, [&] { return static_cast<std::uint32_t>(rng()); });
    if (!targets) {
        std::fprintf(stderr, "locate: %s\n", targets.error().message().c_str());
        return 1;
    }
    char const* names[] = {"udp", "tcp", "tls"};
    for (auto const& t : *targets)
        std::printf("%s %s %u\n", names[static_cast<int>(t.transport)], t.address.c_str(),
                    static_cast<unsigned>(t.port));
    return 0;
}
