// Replaces the global operator new/delete of the benchmark program (not of the library) with
// counting forwards to malloc/free. The counter is the one piece of global state here: it
// must see every allocation in the process.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace {
// Each thread counts in a slot of its own with plain loads and stores (a locked add on every
// allocation would cost a rate measurement a tenth of its time); readers add the slots up.
// Threads beyond the slots share the last one, with atomic additions.
struct slot
{
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<std::int64_t> live{0};
};
constexpr int slot_count = 64;
slot slots[slot_count];
std::atomic<int> slots_taken{0};
thread_local int my_slot = -1;

template<typename T, typename V>
void add(std::atomic<T>& a, V v, bool shared) noexcept
{
    if (shared)
        a.fetch_add(static_cast<T>(v), std::memory_order_relaxed);
    else
        a.store(a.load(std::memory_order_relaxed) + static_cast<T>(v), std::memory_order_relaxed);
}

slot& mine(bool& shared) noexcept
{
    if (my_slot < 0) {
        auto const n = slots_taken.fetch_add(1, std::memory_order_relaxed);
        my_slot = n < slot_count - 1 ? n : slot_count - 1;
    }
    shared = my_slot == slot_count - 1;
    return slots[my_slot];
}

void* track(void* p, std::size_t n)
{
    bool shared = false;
    auto& s = mine(shared);
    add(s.count, 1, shared);
    add(s.bytes, n, shared);
    add(s.live, static_cast<std::int64_t>(malloc_usable_size(p)), shared);
    return p;
}

void release(void* p) noexcept
{
    if (p) {
        bool shared = false;
        add(mine(shared).live, -static_cast<std::int64_t>(malloc_usable_size(p)), shared);
    }
    std::free(p);
}

void* counted(std::size_t n)
{
    if (void* p = std::malloc(n ? n : 1))
        return track(p, n);
    throw std::bad_alloc();
}

void* counted_aligned(std::size_t n, std::align_val_t a)
{
    auto const align = static_cast<std::size_t>(a);
    if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align))
        return track(p, n);
    throw std::bad_alloc();
}

template<typename T>
T total(std::atomic<T> slot::*field) noexcept
{
    T sum = 0;
    for (auto const& s : slots)
        sum += (s.*field).load(std::memory_order_relaxed);
    return sum;
}
} // namespace

namespace rvoip::bench {
std::uint64_t allocations() noexcept { return total(&slot::count); }
std::uint64_t allocated_bytes() noexcept { return total(&slot::bytes); }
std::int64_t live_bytes() noexcept { return total(&slot::live); }
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
