#pragma once
// A lock-free single-producer single-consumer ring of samples: how the audio device's thread
// meets a stream's thread without locks (STYLE §7).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rvoip::media {

/// Fixed-capacity ring; push() from exactly one thread, pop() from exactly one other.
class spsc_ring
{
public:
    /// Holds up to `capacity` samples.
    explicit spsc_ring(std::size_t capacity) : buffer_(capacity + 1) {}

    /// Appends as many of `in` as fit; returns how many were taken.
    std::size_t push(std::span<std::int16_t const> in) noexcept
    {
        auto const head = head_.load(std::memory_order_relaxed);
        auto const tail = tail_.load(std::memory_order_acquire);
        auto const n = std::min(in.size(), free_space(head, tail));
        for (std::size_t i = 0; i < n; ++i)
            buffer_[(head + i) % buffer_.size()] = in[i];
        head_.store((head + n) % buffer_.size(), std::memory_order_release);
        return n;
    }

    /// Removes up to `out.size()` samples into `out`; returns how many.
    std::size_t pop(std::span<std::int16_t> out) noexcept
    {
        auto const tail = tail_.load(std::memory_order_relaxed);
        auto const head = head_.load(std::memory_order_acquire);
        auto const n = std::min(out.size(), used(head, tail));
        for (std::size_t i = 0; i < n; ++i)
            out[i] = buffer_[(tail + i) % buffer_.size()];
        tail_.store((tail + n) % buffer_.size(), std::memory_order_release);
        return n;
    }

    /// Samples waiting (exact from either side, approximate from a third thread).
    std::size_t size() const noexcept
    {
        return used(head_.load(std::memory_order_acquire), tail_.load(std::memory_order_acquire));
    }

    std::size_t capacity() const noexcept { return buffer_.size() - 1; }

private:
    std::size_t used(std::size_t head, std::size_t tail) const noexcept
    {
        return (head + buffer_.size() - tail) % buffer_.size();
    }
    std::size_t free_space(std::size_t head, std::size_t tail) const noexcept
    {
        return capacity() - used(head, tail);
    }

    std::vector<std::int16_t> buffer_;
    std::atomic<std::size_t> head_{0}; // written by the producer
    std::atomic<std::size_t> tail_{0}; // written by the consumer
};

} // namespace rvoip::media
