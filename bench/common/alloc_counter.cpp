// Replaces the global operator new/delete of the benchmark program (not of the library) with
// counting forwards to malloc/free. The counter is the one piece of global state here: it
// must see every allocation in the process.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace {
std::atomic<std::uint64_t> count{0};
std::atomic<std::uint64_t> bytes{0};
std::atomic<std::int64_t> live{0};

void* track(void* p)
{
    live.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
    return p;
}

void release(void* p) noexcept
{
    if (p)
        live.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
    std::free(p);
}

void* counted(std::size_t n)
{
    count.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(n, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1))
        return track(p);
    throw std::bad_alloc();
}

void* counted_aligned(std::size_t n, std::align_val_t a)
{
    count.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(n, std::memory_order_relaxed);
    auto const align = static_cast<std::size_t>(a);
    if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align))
        return track(p);
    throw std::bad_alloc();
}
} // namespace

namespace rvoip::bench {
std::uint64_t allocations() noexcept { return count.load(std::memory_order_relaxed); }
std::uint64_t allocated_bytes() noexcept { return bytes.load(std::memory_order_relaxed); }
std::int64_t live_bytes() noexcept { return live.load(std::memory_order_relaxed); }
} // namespace rvoip::bench

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
