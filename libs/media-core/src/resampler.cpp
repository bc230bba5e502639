#include <rvoip/media/resampler.hpp>

#include <speex/speex_resampler.h>

namespace rvoip::media {

struct resampler::state
{
    SpeexResamplerState* st = nullptr;
    state() = default;
    ~state()
    {
        if (st)
            speex_resampler_destroy(st);
    }
    state(state const&) = delete;
    state& operator=(state const&) = delete;
};

result<resampler> resampler::create(int input_rate, int output_rate, int quality)
{
    if (input_rate < 8000 || input_rate > 192000 || output_rate < 8000 || output_rate > 192000)
        return errc::unsupported_rate;
    if (quality < 0 || quality > 10)
        return errc::bad_argument;
    auto s = std::make_unique<state>();
    int err = 0;
    s->st = speex_resampler_init(1, static_cast<spx_uint32_t>(input_rate),
                                 static_cast<spx_uint32_t>(output_rate), quality, &err);
    if (!s->st || err != RESAMPLER_ERR_SUCCESS)
        return errc::codec_failure;
    return resampler(std::move(s), input_rate, output_rate);
}

resampler::resampler(std::unique_ptr<state> s, int in_rate, int out_rate)
    : state_(std::move(s)), in_rate_(in_rate), out_rate_(out_rate)
{
}
resampler::~resampler() = default;
resampler::resampler(resampler&&) noexcept = default;
resampler& resampler::operator=(resampler&&) noexcept = default;

std::size_t resampler::output_size(std::size_t input_samples) const noexcept
{
    return (input_samples * static_cast<std::size_t>(out_rate_) +
            static_cast<std::size_t>(in_rate_) - 1) /
           static_cast<std::size_t>(in_rate_);
}

result<std::size_t> resampler::process(std::span<std::int16_t const> in,
                                       std::span<std::int16_t> out)
{
    if (out.size() < output_size(in.size()))
        return errc::buffer_too_small;
    if (in_rate_ == out_rate_) {
        std::copy(in.begin(), in.end(), out.begin());
        return in.size();
    }
    auto in_len = static_cast<spx_uint32_t>(in.size());
    auto out_len = static_cast<spx_uint32_t>(out.size());
    if (speex_resampler_process_int(state_->st, 0, in.data(), &in_len, out.data(), &out_len) !=
        RESAMPLER_ERR_SUCCESS)
        return errc::codec_failure;
    return static_cast<std::size_t>(out_len);
}

} // namespace rvoip::media
