#pragma once
// The end-to-end loopback figure of bench-rtp-core: N concurrent 20 ms PCMU-sized streams,
// each a sending udp_session and a receiving one on 127.0.0.1 (SRTP and RTCP off), every
// received packet put into the stream's jitter buffer and one frame taken from each buffer
// per 20 ms, all on one io_context run by one thread.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace rvoip::bench {

/// What one run with a fixed number of streams showed.
struct loopback_result
{
    std::size_t streams = 0;
    std::uint64_t sent = 0;     // RTP packets the senders sent
    std::uint64_t received = 0; // RTP packets the receivers got (counted on the receive side)
    bool kept_up = true;        // no 20 ms tick started more than one period late
    bool opened = true;         // every socket could be opened (file descriptors, ports)
    std::uint64_t allocations = 0; // heap allocations while the streams ran (send + receive)

    bool lossless() const noexcept { return opened && kept_up && sent > 0 && received == sent; }
};

/// Runs `streams` streams for `duration`, then waits up to 200 ms for packets in flight.
loopback_result run_loopback(std::size_t streams, std::chrono::duration<double> duration);

/// Raises RLIMIT_NOFILE to its hard limit (each stream needs two sockets); returns the limit.
std::uint64_t raise_file_limit() noexcept;

} // namespace rvoip::bench
