#pragma once
// An N-party mixer for local conferences: every party hears the sum of the others, never
// itself, clipped to 16 bits.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rvoip::media {

/// Mixes fixed-size frames of up to any number of parties. Cost is O(parties x frame): the sum
/// of all is formed once and each party's own contribution subtracted from it.
class mixer
{
public:
    /// Identifies a party; stays valid until remove_party().
    using party_id = std::size_t;

    explicit mixer(std::size_t frame_samples);

    /// Adds a party (initially silent, not muted) and returns its id.
    party_id add_party();
    /// Removes a party; its id may be reused by a later add_party().
    void remove_party(party_id id);
    /// The number of parties.
    std::size_t parties() const noexcept;

    /// Sets what `id` says this frame (shorter input is padded with silence, longer cut).
    void set_input(party_id id, std::span<std::int16_t const> frame);
    /// A muted party is heard by nobody (it still hears the others).
    void set_muted(party_id id, bool muted);

    /// Mixes the current inputs; then output() holds each party's frame. Inputs are cleared
    /// to silence so that a party that sends nothing next frame is not repeated.
    void mix();

    /// What `id` hears, valid until the next mix(). Samples beyond 16 bits are saturated.
    std::span<std::int16_t const> output(party_id id) const noexcept;

    /// Samples saturated since construction (a measure of overload).
    std::size_t clipped_samples() const noexcept { return clipped_; }

private:
    struct party
    {
        bool active = false;
        bool muted = false;
    };
    std::size_t frame_;
    std::vector<party> parties_;
    std::vector<std::int16_t> inputs_;  // parties_ x frame_
    std::vector<std::int16_t> outputs_; // parties_ x frame_
    std::vector<std::int32_t> sum_;
    std::size_t clipped_ = 0;
};

} // namespace rvoip::media
