// SRTP/SRTCP over libsrtp2: known answers (the reference packets of libsrtp's srtp_validate,
// key e1f97a0d... salt 0ec675ad...), replay protection, forged packets, key handling.
#include <rvoip/rtp/srtp_key.hpp>
#include <rvoip/rtp/srtp_session.hpp>

#include "bytes.hpp"
#include "print.hpp"
#include "seeded_random.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace rtp = rvoip::rtp;
using rvoip::rtp::test::hex;

namespace {

auto const master = hex("e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6");
auto const rtp_plain = hex("800f1234decafbadcafebabe abababababababababababababababab");
auto const srtp_80 =
    hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
auto const rtcp_plain = hex("81c8000bcafebabe abababababababababababababababab");
auto const srtcp_80 =
    hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");

rtp::srtp_session make(rtp::srtp_direction d,
                       rtp::crypto_suite s = rtp::crypto_suite::aes_cm_128_hmac_sha1_80,
                       std::vector<std::uint8_t> const& key = master)
{
    return rtp::srtp_session::create(d, rtp::make_srtp_key(s, key).value()).value();
}

std::vector<std::uint8_t> room(std::vector<std::uint8_t> v)
{
    v.resize(v.size() + rtp::srtp_max_overhead);
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(srtp)

BOOST_AUTO_TEST_CASE(aes_cm_80_protects_to_the_reference_packet_and_back)
{
    auto tx = make(rtp::srtp_direction::outbound);
    auto buf = room(rtp_plain);
    auto n = tx.protect_rtp(buf, rtp_plain.size());
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST(
        (std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<long>(*n)) == srtp_80));
    auto rx = make(rtp::srtp_direction::inbound);
    auto in = srtp_80;
    auto m = rx.unprotect_rtp(in);
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(
        (std::vector<std::uint8_t>(in.begin(), in.begin() + static_cast<long>(*m)) == rtp_plain));
    BOOST_TEST(rx.stats().packets == 1u);
}

BOOST_AUTO_TEST_CASE(aes_cm_32_is_the_same_packet_with_a_4_byte_tag)
{
    auto tx = make(rtp::srtp_direction::outbound, rtp::crypto_suite::aes_cm_128_hmac_sha1_32);
    auto buf = room(rtp_plain);
    auto n = tx.protect_rtp(buf, rtp_plain.size());
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST(*n == 32u);
    BOOST_TEST((std::vector<std::uint8_t>(buf.begin(), buf.begin() + 32) ==
                std::vector<std::uint8_t>(srtp_80.begin(), srtp_80.begin() + 32)));
}

BOOST_AUTO_TEST_CASE(srtcp_reference_packet_carries_e_bit_and_index)
{
    auto tx = make(rtp::srtp_direction::outbound);
    auto buf = room(rtcp_plain);
    auto n = tx.protect_rtcp(buf, rtcp_plain.size());
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST(
        (std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<long>(*n)) == srtcp_80));
    auto rx = make(rtp::srtp_direction::inbound);
    auto in = srtcp_80;
    BOOST_TEST(rx.unprotect_rtcp(in).value() == rtcp_plain.size());
    BOOST_TEST((std::vector<std::uint8_t>(in.begin(), in.begin() + 24) == rtcp_plain));
}

BOOST_AUTO_TEST_CASE(every_suite_round_trips_and_hides_the_payload)
{
    rtp::test::seeded_random random(99);
    for (auto suite :
         {rtp::crypto_suite::aes_cm_128_hmac_sha1_80, rtp::crypto_suite::aes_cm_128_hmac_sha1_32,
          rtp::crypto_suite::aead_aes_128_gcm}) {
        auto key = rtp::generate_srtp_key(suite, random).value();
        auto tx = rtp::srtp_session::create(rtp::srtp_direction::outbound, key).value();
        auto rx = rtp::srtp_session::create(rtp::srtp_direction::inbound, key).value();
        for (std::uint16_t seq = 0; seq < 20; ++seq) {
            auto plain = rtp_plain;
            plain[3] = static_cast<std::uint8_t>(seq);
            auto buf = room(plain);
            auto n = tx.protect_rtp(buf, plain.size()).value();
            BOOST_TEST_REQUIRE(n > plain.size());
            BOOST_TEST_REQUIRE((
                std::search(buf.begin(), buf.end(), plain.begin() + 12, plain.end()) == buf.end()));
            std::span<std::uint8_t> wire(buf.data(), n);
            BOOST_TEST_REQUIRE(rx.unprotect_rtp(wire).value() == plain.size());
            BOOST_TEST_REQUIRE((std::vector<std::uint8_t>(buf.begin(), buf.begin() + 28) == plain));
        }
        BOOST_TEST(rx.stats().packets == 20u);
    }
}

BOOST_AUTO_TEST_CASE(replayed_packets_are_dropped_and_counted)
{
    auto rx = make(rtp::srtp_direction::inbound);
    auto a = srtp_80;
    auto b = srtp_80;
    BOOST_TEST(rx.unprotect_rtp(a).has_value());
    BOOST_TEST(rx.unprotect_rtp(b).error() == rtp::errc::srtp_replay);
    BOOST_TEST(rx.stats().replays == 1u);
    auto tx = make(rtp::srtp_direction::outbound);
    auto c = room(rtp_plain);
    auto d = room(rtp_plain);
    BOOST_TEST(tx.protect_rtp(c, rtp_plain.size()).has_value());
    BOOST_TEST(tx.protect_rtp(d, rtp_plain.size()).error() == rtp::errc::srtp_replay);
}

BOOST_AUTO_TEST_CASE(forged_or_damaged_packets_fail_authentication)
{
    for (std::size_t i : {std::size_t{2}, std::size_t{13}, std::size_t{37}}) {
        auto rx = make(rtp::srtp_direction::inbound);
        auto forged = srtp_80;
        forged[i] ^= 0x01;
        BOOST_TEST(rx.unprotect_rtp(forged).error() == rtp::errc::srtp_auth_failed);
        BOOST_TEST(rx.stats().auth_failures == 1u);
    }
    auto rx = make(rtp::srtp_direction::inbound);
    auto other_key = master;
    other_key[0] ^= 0xFF;
    auto tx =
        make(rtp::srtp_direction::outbound, rtp::crypto_suite::aes_cm_128_hmac_sha1_80, other_key);
    auto buf = room(rtp_plain);
    auto n = tx.protect_rtp(buf, rtp_plain.size()).value();
    BOOST_TEST(rx.unprotect_rtp(std::span<std::uint8_t>(buf.data(), n)).error() ==
               rtp::errc::srtp_auth_failed);
    auto rtcp = srtcp_80;
    rtcp[10] ^= 0x80;
    BOOST_TEST(rx.unprotect_rtcp(rtcp).error() == rtp::errc::srtp_auth_failed);
    auto tiny = hex("80 00");
    BOOST_TEST(!rx.unprotect_rtp(tiny).has_value());
}

BOOST_AUTO_TEST_CASE(protect_needs_room_and_the_right_direction)
{
    auto tx = make(rtp::srtp_direction::outbound);
    auto exact = rtp_plain;
    BOOST_TEST(tx.protect_rtp(exact, exact.size()).error() == rtp::errc::buffer_too_small);
    auto rx = make(rtp::srtp_direction::inbound);
    auto buf = room(rtp_plain);
    BOOST_TEST(rx.protect_rtp(buf, rtp_plain.size()).error() == rtp::errc::bad_argument);
    auto key = rtp::make_srtp_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80, master).value();
    BOOST_TEST(rtp::srtp_session::create(rtp::srtp_direction::inbound, key, {.replay_window = 10})
                   .error() == rtp::errc::bad_argument);
}

BOOST_AUTO_TEST_CASE(key_lengths_follow_the_suite)
{
    BOOST_TEST(rtp::key_length(rtp::crypto_suite::aes_cm_128_hmac_sha1_80) == 30u);
    BOOST_TEST(rtp::key_length(rtp::crypto_suite::aead_aes_128_gcm) == 28u);
    BOOST_TEST(rtp::make_srtp_key(rtp::crypto_suite::aead_aes_128_gcm, master).error() ==
               rtp::errc::bad_key);
    BOOST_TEST((rtp::parse_crypto_suite("AES_CM_128_HMAC_SHA1_32").value() ==
                rtp::crypto_suite::aes_cm_128_hmac_sha1_32));
    BOOST_TEST(!rtp::parse_crypto_suite("F8_128_HMAC_SHA1_80").has_value());
    BOOST_TEST(rtp::to_string(rtp::crypto_suite::aead_aes_128_gcm) == "AEAD_AES_128_GCM");
}

BOOST_AUTO_TEST_CASE(inline_key_of_rfc4568_is_base64_of_key_and_salt)
{
    // RFC 4568 §3.1 example key, without lifetime and MKI
    auto k = rtp::parse_inline_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80,
                                   "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(k->bytes().size() == 30u);
    BOOST_TEST(k->bytes()[0] == 0x3D); // 'P' 'S' -> 0x3D ...
    BOOST_TEST(k->to_inline() == "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    BOOST_TEST(rtp::parse_inline_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80, "PS1u!").error() ==
               rtp::errc::bad_key);
    BOOST_TEST(rtp::parse_inline_key(rtp::crypto_suite::aead_aes_128_gcm,
                                     "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")
                   .error() == rtp::errc::bad_key);
    auto gcm = rtp::make_srtp_key(rtp::crypto_suite::aead_aes_128_gcm,
                                  std::vector<std::uint8_t>(master.begin(), master.begin() + 28))
                   .value();
    BOOST_TEST(
        (rtp::parse_inline_key(rtp::crypto_suite::aead_aes_128_gcm, gcm.to_inline()).value() ==
         gcm));
}

BOOST_AUTO_TEST_CASE(inline_key_of_rfc4568_section_9_1_has_lifetime_and_mki)
{
    // RFC 4568 §9.1: a=crypto:1 AES_CM_128_HMAC_SHA1_80
    //                  inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 ...
    auto const line = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4";
    auto k = rtp::parse_inline_key(rtp::crypto_suite::aes_cm_128_hmac_sha1_80, line);
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(k->bytes().size() == 30u);
    BOOST_TEST(k->bytes()[0] == 'Y');
    BOOST_TEST(k->lifetime().value() == 1u << 20);
    BOOST_TEST((k->mki().value() == rtp::srtp_mki{1, 4}));
    BOOST_TEST(k->to_inline() == line);
}

BOOST_AUTO_TEST_CASE(inline_key_lifetime_and_mki_are_each_optional)
{
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    auto const key = std::string("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    auto decimal = rtp::parse_inline_key(suite, key + "|1000").value();
    BOOST_TEST(decimal.lifetime().value() == 1000u);
    BOOST_TEST(!decimal.mki().has_value());
    BOOST_TEST(decimal.to_inline() == key + "|1000");
    auto mki_only = rtp::parse_inline_key(suite, key + "|7:2").value();
    BOOST_TEST(!mki_only.lifetime().has_value());
    BOOST_TEST((mki_only.mki().value() == rtp::srtp_mki{7, 2}));
    BOOST_TEST(mki_only.to_inline() == key + "|7:2");
    BOOST_TEST(rtp::parse_inline_key(suite, key + "|2^31|1:32").value().to_inline() ==
               key + "|2^31|1:32");
}

BOOST_AUTO_TEST_CASE(inline_key_with_bad_lifetime_or_mki_is_rejected)
{
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    auto const key = std::string("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    for (auto const* tail : {"|", "|0", "|2^", "|2^49", "|2^x", "|-5", "|1:0", "|1:129",
                             "|256:1", "|1:4|2^20", "|2^20|2^20", "|1:4|2:4", "|:4", "|1:",
                             "|18446744073709551616:8"})
        BOOST_TEST(rtp::parse_inline_key(suite, key + tail).error() == rtp::errc::bad_key,
                   tail);
    auto k = rtp::parse_inline_key(suite, key).value();
    BOOST_TEST(k.set_mki({0x10000, 2}) == rtp::errc::bad_key);
    BOOST_TEST(k.set_lifetime(rtp::srtp_max_lifetime + 1) == rtp::errc::bad_key);
    BOOST_TEST(!k.set_lifetime(rtp::srtp_max_lifetime));
    BOOST_TEST(!k.set_mki({0xFFFF, 2}));
}

BOOST_AUTO_TEST_CASE(mki_is_carried_in_every_packet_and_checked_on_receipt)
{
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    auto with_mki = [&](std::uint64_t value) {
        auto k = rtp::make_srtp_key(suite, master).value();
        BOOST_TEST_REQUIRE(!k.set_mki({value, 4}));
        return k;
    };
    auto tx = rtp::srtp_session::create(rtp::srtp_direction::outbound, with_mki(0x01020304))
                  .value();
    auto rx = rtp::srtp_session::create(rtp::srtp_direction::inbound, with_mki(0x01020304))
                  .value();
    auto other = rtp::srtp_session::create(rtp::srtp_direction::inbound, with_mki(9)).value();

    auto buf = room(rtp_plain);
    auto const n = tx.protect_rtp(buf, rtp_plain.size()).value();
    // RFC 3711 §3.1: payload, then the MKI, then the 10-byte tag
    BOOST_TEST_REQUIRE(n == rtp_plain.size() + 4 + 10);
    auto const mki_at = buf.begin() + static_cast<std::ptrdiff_t>(rtp_plain.size());
    BOOST_TEST((std::vector<std::uint8_t>(mki_at, mki_at + 4) == hex("01020304")));
    auto copy =
        std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    BOOST_TEST(!other.unprotect_rtp(copy).has_value());
    BOOST_TEST(other.stats().packets == 0u);
    buf.resize(n);
    auto const plain = rx.unprotect_rtp(buf).value();
    BOOST_TEST(plain == rtp_plain.size());
    buf.resize(plain);
    BOOST_TEST((buf == rtp_plain));

    auto rtcp = room(rtcp_plain);
    auto const m = tx.protect_rtcp(rtcp, rtcp_plain.size()).value();
    BOOST_TEST(m == rtcp_plain.size() + 4 + 4 + 10); // SRTCP index, MKI, tag
    rtcp.resize(m);
    auto const plain_rtcp = rx.unprotect_rtcp(rtcp).value();
    BOOST_TEST(plain_rtcp == rtcp_plain.size());
    rtcp.resize(plain_rtcp);
    BOOST_TEST((rtcp == rtcp_plain));
}

BOOST_AUTO_TEST_CASE(generated_keys_come_from_the_random_source)
{
    rtp::test::seeded_random a(1), b(1), c(2);
    auto const suite = rtp::crypto_suite::aes_cm_128_hmac_sha1_80;
    BOOST_TEST(
        (rtp::generate_srtp_key(suite, a).value() == rtp::generate_srtp_key(suite, b).value()));
    BOOST_TEST(
        !(rtp::generate_srtp_key(suite, a).value() == rtp::generate_srtp_key(suite, c).value()));
    rtp::test::constant_random broken(0, true);
    BOOST_TEST(rtp::generate_srtp_key(suite, broken).error() == rtp::errc::random_failed);
    rtp::system_random os;
    auto k1 = rtp::generate_srtp_key(suite, os).value();
    auto k2 = rtp::generate_srtp_key(suite, os).value();
    BOOST_TEST(!(k1 == k2));
}

BOOST_AUTO_TEST_SUITE_END()
