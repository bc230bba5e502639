#pragma once
// Counts heap allocations made through operator new in this benchmark process, so the
// benchmarks can print allocations per message.

#include <cstdint>

namespace rvoip::bench {

/// Allocations so far (every form of operator new).
std::uint64_t allocations() noexcept;

/// Bytes requested from operator new so far (not reduced by delete).
std::uint64_t allocated_bytes() noexcept;

/// Bytes held now through operator new (malloc's usable sizes: what the heap really gives).
std::int64_t live_bytes() noexcept;

} // namespace rvoip::bench
