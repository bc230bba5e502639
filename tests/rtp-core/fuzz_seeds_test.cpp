// The fuzz seed corpora hold valid packets: every RTP seed parses, every RTCP seed is a valid
// compound packet whose packets pass their typed parsers.
#include <rvoip/rtp/packet.hpp>
#include <rvoip/rtp/rtcp_app.hpp>
#include <rvoip/rtp/rtcp_bye.hpp>
#include <rvoip/rtp/rtcp_packet.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_sdes.hpp>
#include <rvoip/rtp/rtcp_xr.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace rtp = rvoip::rtp;
namespace fs = std::filesystem;

namespace {

fs::path const seeds = fs::path(RVOIP_TEST_DATA_DIR).parent_path() / "fuzz";

std::vector<std::uint8_t> read(fs::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool typed_parse_ok(rtp::rtcp_packet_view p)
{
    switch (p.type()) {
    case rtp::rtcp_type::sender_report:
        return rtp::parse_sender_report(p).has_value();
    case rtp::rtcp_type::receiver_report:
        return rtp::parse_receiver_report(p).has_value();
    case rtp::rtcp_type::sdes:
        return rtp::parse_sdes(p).has_value();
    case rtp::rtcp_type::bye:
        return rtp::parse_bye(p).has_value();
    case rtp::rtcp_type::app:
        return rtp::parse_app(p).has_value();
    case rtp::rtcp_type::xr: {
        auto x = rtp::parse_xr(p);
        std::array<rtp::xr_block, 2> b{};
        return x && x->blocks(b) == 1 && rtp::parse_voip_metrics(b[0]).has_value();
    }
    default:
        return false;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(fuzz_seeds)

BOOST_AUTO_TEST_CASE(rtp_seeds_parse)
{
    std::size_t n = 0;
    for (auto const& e : fs::directory_iterator(seeds / "seeds-rtp")) {
        auto const bytes = read(e.path());
        BOOST_TEST(rtp::parse_packet(bytes).has_value(), e.path());
        ++n;
    }
    BOOST_TEST(n >= 5u);
}

BOOST_AUTO_TEST_CASE(rtcp_seeds_are_valid_compound_packets)
{
    std::size_t n = 0;
    for (auto const& e : fs::directory_iterator(seeds / "seeds-rtcp")) {
        auto const bytes = read(e.path());
        auto c = rtp::parse_compound(bytes);
        BOOST_TEST_REQUIRE(c.has_value(), e.path());
        BOOST_TEST(c->size() == 2u);
        for (auto p : *c)
            BOOST_TEST(typed_parse_ok(p), e.path());
        ++n;
    }
    BOOST_TEST(n >= 4u);
}

BOOST_AUTO_TEST_SUITE_END()
