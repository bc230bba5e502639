#pragma once
// The two parse variants the issue defines, shared by the Google Benchmark cases and the
// summary lines.

#include <string_view>

namespace rvoip::bench {

/// "index": framing, start line, header index, the mandatory headers (CSeq, Call-ID, From, To,
/// Via) checked; nothing else parsed. Returns a value derived from the message.
unsigned parse_index(std::string_view bytes);

/// "full": the mandatory headers' grammars checked (validation::mandatory), then every typed
/// header a transaction or dialog layer reads accessed (each parsed on that first access).
unsigned parse_full(std::string_view bytes);

} // namespace rvoip::bench
