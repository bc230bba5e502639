#pragma once
// Codec workloads: one second of speech-like audio in 20 ms frames, through our wrappers and
// through the bare library calls with the same settings.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace rvoip::bench {

/// One second of a voiced, pitch-gliding signal with some noise at `rate`.
std::vector<std::int16_t> speech_like(int rate);

/// Encodes or decodes one second (50 frames of 20 ms) per run(); the same frames each time.
class codec_workload
{
public:
    virtual ~codec_workload() = default;
    virtual void encode_second() = 0;
    virtual void decode_second() = 0;
};

/// Our wrapper for "PCMU", "PCMA", "G722" or "opus".
std::unique_ptr<codec_workload> wrapped_codec(std::string_view name);
/// The bare library for "opus" (libopus) or "G722" (spandsp), configured as the wrapper is.
std::unique_ptr<codec_workload> bare_codec(std::string_view name);

void register_codec_benchmarks();

} // namespace rvoip::bench
