#include <rvoip/media/audio_processor.hpp>

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>
#include <vector>

namespace rvoip::media {

struct audio_processor::state
{
    SpeexEchoState* echo = nullptr;
    SpeexPreprocessState* pre = nullptr;
    std::vector<std::int16_t> out;

    state() = default;
    ~state() { reset(); }
    state(state const&) = delete;
    state& operator=(state const&) = delete;

    void reset()
    {
        if (pre)
            speex_preprocess_state_destroy(pre);
        if (echo)
            speex_echo_state_destroy(echo);
        pre = nullptr;
        echo = nullptr;
    }
};

result<audio_processor> audio_processor::create(int sample_rate, std::size_t frame_samples,
                                                audio_processing_options const& options)
{
    if (sample_rate != 8000 && sample_rate != 16000 && sample_rate != 32000 && sample_rate != 48000)
        return errc::unsupported_rate;
    if (frame_samples == 0 || frame_samples > static_cast<std::size_t>(sample_rate / 10))
        return errc::bad_argument;
    audio_processor p(sample_rate, frame_samples);
    auto r = p.set_options(options);
    if (!r)
        return r.error();
    return p;
}

audio_processor::audio_processor(int rate, std::size_t frame)
    : state_(std::make_unique<state>()), vad_(rate), rate_(rate), frame_(frame)
{
    state_->out.resize(frame);
}
audio_processor::~audio_processor() = default;
audio_processor::audio_processor(audio_processor&&) noexcept = default;
audio_processor& audio_processor::operator=(audio_processor&&) noexcept = default;

result<void> audio_processor::set_options(audio_processing_options const& o)
{
    if (o.echo_tail_ms < 10 || o.echo_tail_ms > 1000 || o.noise_suppress_db > 0 ||
        o.agc_target <= 0)
        return errc::bad_argument;
    auto& s = *state_;
    bool const echo_changed = o.echo_cancellation != options_.echo_cancellation ||
                              o.echo_tail_ms != options_.echo_tail_ms;
    if (echo_changed || !s.pre)
        s.reset();
    options_ = o;
    // Nothing to run, no Speex state: creating the preprocessor costs about 100 us, which a
    // server answering thousands of calls a second without DSP should not pay per call.
    if (!o.echo_cancellation && !o.noise_suppression && !o.automatic_gain_control) {
        s.reset();
        return {};
    }
    auto const frame = static_cast<int>(frame_);
    if (o.echo_cancellation && !s.echo) {
        s.echo = speex_echo_state_init(frame, rate_ * o.echo_tail_ms / 1000);
        if (!s.echo)
            return errc::codec_failure;
        int rate = rate_;
        speex_echo_ctl(s.echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    }
    if (!s.pre) {
        s.pre = speex_preprocess_state_init(frame, rate_);
        if (!s.pre)
            return errc::codec_failure;
    }
    int on = o.noise_suppression ? 1 : 0;
    speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
    int level = o.noise_suppress_db;
    speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &level);
    on = o.automatic_gain_control ? 1 : 0;
    speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_AGC, &on);
    if (o.automatic_gain_control) {
        int target = o.agc_target;
        speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_AGC_TARGET, &target);
    }
    // With the canceller on, the preprocessor also suppresses the residual echo it leaves.
    speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_ECHO_STATE, s.echo);
    on = 0;
    speex_preprocess_ctl(s.pre, SPEEX_PREPROCESS_SET_DEREVERB, &on);
    return {};
}

bool audio_processor::process(std::span<std::int16_t> capture,
                              std::span<std::int16_t const> playback)
{
    auto& s = *state_;
    if (capture.size() != frame_)
        return true;
    if (s.echo && playback.size() == frame_) {
        speex_echo_cancellation(s.echo, capture.data(), playback.data(), s.out.data());
        std::copy(s.out.begin(), s.out.end(), capture.begin());
    }
    if (options_.noise_suppression || options_.automatic_gain_control || options_.echo_cancellation)
        speex_preprocess_run(s.pre, capture.data());
    return !options_.voice_activity_detection || vad_.update(capture);
}

} // namespace rvoip::media
