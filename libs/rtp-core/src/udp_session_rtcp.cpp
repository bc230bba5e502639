// Scheduled RTCP of a udp_session (RFC 3550 §6.3): compound reports at the randomised
// interval, BYE on close, LSR/DLSR from received SRs and round-trip times from report blocks.
#include "udp_session_impl.hpp"

#include <algorithm>

#include <rvoip/rtp/ntp_time.hpp>
#include <rvoip/rtp/rtcp_report.hpp>
#include <rvoip/rtp/rtcp_writer.hpp>

#include <array>
#include <cmath>

namespace rvoip::rtp {
namespace {

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// RFC 7022 §4.2: a short-term persistent CNAME is 96 random bits, base64 (16 characters).
result<std::string> random_cname(random_source& random)
{
    std::array<std::uint8_t, 12> b{};
    if (auto ec = random.fill(b))
        return ec;
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 3) {
        std::uint32_t const v = std::uint32_t{b[i]} << 16 | std::uint32_t{b[i + 1]} << 8 | b[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6)
            out += base64_alphabet[(v >> shift) & 63];
    }
    return out;
}

} // namespace

boost::system::error_code udp_session::impl::init_rtcp()
{
    if (!options.rtcp.cname.empty()) {
        if (options.rtcp.cname.size() > 255) // the SDES item length is one octet
            return errc::bad_argument;
        cname = options.rtcp.cname;
        return {};
    }
    auto c = random_cname(random);
    if (!c)
        return c.error();
    cname = std::move(*c);
    return {};
}

double udp_session::impl::rtcp_interval_seconds()
{
    // A two-party session: us and, once it has been heard, the peer (RFC 3550 §6.3.2, 6.3.3).
    rtcp_interval_input in;
    in.members = have_remote_ssrc ? 2 : 1;
    in.senders = (stats.packets_sent != sent_at_last_report ? 1u : 0u) +
                 (stats.packets_received != received_at_last_report ? 1u : 0u);
    in.rtcp_bandwidth = options.rtcp.session_bandwidth * 0.05;
    in.we_sent = stats.packets_sent != sent_at_last_report;
    in.average_rtcp_size = avg_rtcp_size;
    in.initial = rtcp_initial;
    in.minimum = options.rtcp.minimum;
    auto t = rtcp_interval(in, random);
    // without a random value the deterministic interval still keeps reports flowing
    return t ? t->count() : rtcp_deterministic_interval(in).count();
}

void udp_session::impl::schedule_rtcp()
{
    if (closed)
        return;
    last_rtcp = std::chrono::steady_clock::now();
    arm_rtcp(last_rtcp + std::chrono::microseconds(std::llround(rtcp_interval_seconds() * 1e6)));
}

void udp_session::impl::arm_rtcp(std::chrono::steady_clock::time_point at)
{
    rtcp_timer.expires_at(at);
    rtcp_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->closed)
            return;
        // RFC 3550 §6.3.6 and A.7, timer reconsideration: recompute T with what is known now
        // (members, senders, average size) and report only if tp + T has passed; otherwise
        // wait until it has.
        auto const now = std::chrono::steady_clock::now();
        auto const due = self->last_rtcp + std::chrono::microseconds(
                                               std::llround(self->rtcp_interval_seconds() * 1e6));
        if (due > now) {
            self->arm_rtcp(due);
            return;
        }
        if (self->remote_rtcp)
            self->send_report(false);
        self->schedule_rtcp();
    });
}

void udp_session::impl::send_report(bool bye) noexcept
{
    auto const now = std::chrono::steady_clock::now();
    sent_since_report = stats.packets_sent != sent_at_last_report;
    received_since_report = stats.packets_received != received_at_last_report;
    sent_at_last_report = stats.packets_sent;
    received_at_last_report = stats.packets_received;

    std::array<report_block, 1> blocks{};
    std::size_t block_count = 0;
    if (have_remote_ssrc && reception.received() > 0)
        blocks[block_count++] = reception.make_report_block(remote_ssrc, now);
    auto const reported = std::span<report_block const>(blocks.data(), block_count);

    rtcp_writer w(report_buffer);
    boost::system::error_code ec;
    if (sent_since_report) {
        // RFC 3550 §6.4.1: the RTP timestamp of the same instant as the NTP timestamp,
        // extrapolated from the last packet sent
        auto const since = std::chrono::duration<double>(now - last_send_time).count();
        sender_info info;
        info.ntp_timestamp = to_ntp(std::chrono::system_clock::now());
        info.rtp_timestamp =
            last_rtp_timestamp +
            static_cast<std::uint32_t>(std::llround(since * options.clock_rate) & 0xFFFFFFFF);
        info.packet_count = static_cast<std::uint32_t>(stats.packets_sent);
        info.octet_count = static_cast<std::uint32_t>(stats.bytes_sent);
        ec = w.add_sender_report(ssrc, info, reported);
    } else {
        ec = w.add_receiver_report(ssrc, reported);
    }
    if (!ec)
        ec = w.add_sdes_cname(ssrc, cname);
    if (!ec && xr_metrics && have_remote_ssrc) {
        // RFC 3611 §4.7: about the source we receive; the round trip is what we measured.
        auto m = *xr_metrics;
        m.ssrc = remote_ssrc;
        if (rtt)
            m.round_trip_delay = static_cast<std::uint16_t>(std::min<std::int64_t>(rtt->count() / 1000, 0xFFFF));
        ec = w.add_xr_voip_metrics(ssrc, m);
    }
    if (!ec && bye) {
        // RFC 3550 §6.3.7: the BYE back-off only matters above 50 members; two send at once
        std::array<std::uint32_t, 1> const us{ssrc};
        ec = w.add_bye(us);
    }
    if (ec) {
        ++stats.send_errors;
        return;
    }
    rtcp_initial = false;
    (void)send_compound(w.bytes()); // counted in stats by send_compound
}

void udp_session::impl::on_reports(rtcp_compound const& compound)
{
    avg_rtcp_size = average_rtcp_size(avg_rtcp_size, compound.bytes().size() + udp_ip_overhead);
    auto const arrival = std::chrono::steady_clock::now();
    auto const arrival_ntp = compact_ntp(to_ntp(std::chrono::system_clock::now()));
    auto const take_blocks = [&](report_block_list const& blocks) {
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            auto const b = blocks[i];
            if (b.ssrc != ssrc)
                continue;
            if (auto r = rtp::round_trip_time(arrival_ntp, b.last_sr, b.delay_since_last_sr))
                rtt = *r;
        }
    };
    for (auto const packet : compound) {
        if (packet.type() == rtcp_type::sender_report) {
            auto sr = parse_sender_report(packet);
            if (!sr)
                continue;
            if (!have_remote_ssrc) {
                // the SR came before any RTP: this is the source the statistics will follow
                have_remote_ssrc = true;
                remote_ssrc = sr->ssrc;
            }
            if (sr->ssrc == remote_ssrc)
                reception.on_sender_report(sr->info.ntp_timestamp, arrival);
            take_blocks(sr->blocks);
        } else if (packet.type() == rtcp_type::receiver_report) {
            if (auto rr = parse_receiver_report(packet))
                take_blocks(rr->blocks);
        }
    }
}

} // namespace rvoip::rtp
