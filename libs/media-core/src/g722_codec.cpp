#include <rvoip/media/g722_codec.hpp>

#include <spandsp/telephony.h>
// g722.h needs telephony.h's macros first.
#include <spandsp/g722.h>

namespace rvoip::media {

struct g722_codec::state
{
    g722_encode_state_t* encoder = nullptr;
    g722_decode_state_t* decoder = nullptr;

    state()
        : encoder(g722_encode_init(nullptr, 64000, 0)), decoder(g722_decode_init(nullptr, 64000, 0))
    {
    }
    ~state()
    {
        if (encoder)
            g722_encode_free(encoder);
        if (decoder)
            g722_decode_free(decoder);
    }
    state(state const&) = delete;
    state& operator=(state const&) = delete;
};

g722_codec::g722_codec() : state_(std::make_unique<state>()), plc_(16000) {}
g722_codec::~g722_codec() = default;
g722_codec::g722_codec(g722_codec&&) noexcept = default;
g722_codec& g722_codec::operator=(g722_codec&&) noexcept = default;

result<std::size_t> g722_codec::encode(std::span<std::int16_t const> pcm,
                                       std::span<std::uint8_t> out)
{
    if (pcm.empty() || pcm.size() % 160 != 0)
        return errc::bad_frame_size;
    if (out.size() < pcm.size() / 2)
        return errc::buffer_too_small;
    if (!state_->encoder)
        return errc::codec_failure;
    int const n =
        g722_encode(state_->encoder, out.data(), pcm.data(), static_cast<int>(pcm.size()));
    if (n < 0)
        return errc::codec_failure;
    return static_cast<std::size_t>(n);
}

result<std::size_t> g722_codec::decode(std::span<std::uint8_t const> payload,
                                       std::span<std::int16_t> out)
{
    if (payload.empty())
        return errc::bad_payload;
    if (out.size() < payload.size() * 2)
        return errc::buffer_too_small;
    if (!state_->decoder)
        return errc::codec_failure;
    int const n =
        g722_decode(state_->decoder, out.data(), payload.data(), static_cast<int>(payload.size()));
    if (n < 0)
        return errc::codec_failure;
    auto const samples = static_cast<std::size_t>(n);
    plc_.good_frame(out.first(samples));
    return samples;
}

std::size_t g722_codec::conceal(std::span<std::int16_t> out)
{
    plc_.conceal(out);
    return out.size();
}

} // namespace rvoip::media
