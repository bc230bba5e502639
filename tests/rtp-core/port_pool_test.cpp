// RTP port pool: even RTP ports, RTCP = RTP + 1 unless muxed, release and reuse, veto.
#include <rvoip/rtp/port_pool.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

namespace rtp = rvoip::rtp;

BOOST_AUTO_TEST_SUITE(port_pool)

BOOST_AUTO_TEST_CASE(pairs_are_even_rtp_and_odd_rtcp_within_the_range)
{
    rtp::port_pool pool(10001, 10010); // even ports with room for RTCP: 10002..10008
    BOOST_TEST(pool.capacity() == 4u);
    std::set<std::uint16_t> seen;
    for (int i = 0; i < 4; ++i) {
        auto a = pool.allocate(false);
        BOOST_TEST_REQUIRE(a.has_value());
        BOOST_TEST(a->rtp % 2 == 0);
        BOOST_TEST(a->rtcp == a->rtp + 1);
        BOOST_TEST(a->rtp >= 10002);
        BOOST_TEST(a->rtcp <= 10010);
        seen.insert(a->rtp);
    }
    BOOST_TEST(seen.size() == 4u);
    BOOST_TEST(pool.allocate(false).error() == rtp::errc::ports_exhausted);
    BOOST_TEST(pool.available() == 0u);
}

BOOST_AUTO_TEST_CASE(muxed_allocation_uses_one_port_for_both)
{
    rtp::port_pool pool(20000, 20001);
    auto a = pool.allocate(true).value();
    BOOST_TEST(a.rtp == 20000);
    BOOST_TEST(a.rtcp == 20000);
    BOOST_TEST(a.muxed);
}

BOOST_AUTO_TEST_CASE(released_ports_come_back_last)
{
    rtp::port_pool pool(30000, 30005);
    auto a = pool.allocate(false).value();
    auto b = pool.allocate(false).value();
    BOOST_TEST(!pool.release(a.rtp));
    auto c = pool.allocate(false).value();
    BOOST_TEST(c.rtp == 30004); // round robin: the free one never used before
    auto d = pool.allocate(false).value();
    BOOST_TEST(d.rtp == a.rtp);
    BOOST_TEST(b.rtp == 30002);
    BOOST_TEST(pool.release(a.rtp + 1) == rtp::errc::port_not_allocated);
    BOOST_TEST(!pool.release(d.rtp));
    BOOST_TEST(pool.release(d.rtp) == rtp::errc::port_not_allocated);
    BOOST_TEST(pool.release(40000) == rtp::errc::port_not_allocated);
}

BOOST_AUTO_TEST_CASE(allocation_can_start_anywhere_in_the_range_and_wraps)
{
    rtp::port_pool pool(30000, 30007); // pairs at 30000, 30002, 30004, 30006
    pool.start_from(30005);            // an odd port means the pair it belongs to
    BOOST_TEST(pool.allocate(false).value().rtp == 30004);
    BOOST_TEST(pool.allocate(false).value().rtp == 30006);
    BOOST_TEST(pool.allocate(false).value().rtp == 30000);
    pool.start_from(65000); // beyond the range: its last pair
    BOOST_TEST(pool.allocate(false).value().rtp == 30002);
    pool.start_from(1); // below it: the first
    BOOST_TEST(pool.allocate(false).error() == rtp::errc::ports_exhausted);
    rtp::port_pool empty(30001, 30001);
    empty.start_from(30001);
    BOOST_TEST(empty.allocate(false).error() == rtp::errc::ports_exhausted);
}

BOOST_AUTO_TEST_CASE(empty_ranges_are_always_exhausted)
{
    rtp::port_pool one(5000, 5000);
    BOOST_TEST(one.capacity() == 0u);
    BOOST_TEST(one.allocate(true).error() == rtp::errc::ports_exhausted);
    rtp::port_pool reversed(6000, 5000);
    BOOST_TEST(reversed.capacity() == 0u);
    rtp::port_pool top(65534, 65535);
    BOOST_TEST(top.allocate(false).value().rtcp == 65535);
}

namespace {
struct veto_first final : rtp::port_check
{
    int calls = 0;
    bool usable(std::uint16_t, std::uint16_t, bool) override { return ++calls > 1; }
};
} // namespace

BOOST_AUTO_TEST_CASE(a_check_can_veto_ports)
{
    rtp::port_pool pool(40000, 40005);
    veto_first veto;
    auto a = pool.allocate(false, &veto).value();
    BOOST_TEST(a.rtp == 40002);
    BOOST_TEST(veto.calls == 2);
}

BOOST_AUTO_TEST_SUITE_END()
