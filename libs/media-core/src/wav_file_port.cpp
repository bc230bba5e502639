#include <rvoip/media/wav_file_port.hpp>

#include <rvoip/media/resampler.hpp>

#include <algorithm>

namespace rvoip::media {

result<wav_file_source> wav_file_source::open(std::string const& path, int pipeline_rate, bool loop)
{
    auto audio = read_wav_file(path);
    if (!audio)
        return audio.error();
    return from_audio(*audio, pipeline_rate, loop);
}

result<wav_file_source> wav_file_source::from_audio(wav_audio const& audio, int pipeline_rate,
                                                    bool loop)
{
    auto mono = downmix_to_mono(audio);
    if (audio.sample_rate == pipeline_rate)
        return wav_file_source(std::move(mono), pipeline_rate, loop);
    auto r = resampler::create(audio.sample_rate, pipeline_rate, 5);
    if (!r)
        return r.error();
    std::vector<std::int16_t> converted(r->output_size(mono.size()));
    auto const n = r->process(mono, converted);
    if (!n)
        return n.error();
    converted.resize(*n);
    return wav_file_source(std::move(converted), pipeline_rate, loop);
}

wav_file_source::wav_file_source(std::vector<std::int16_t> samples, int rate, bool loop)
    : samples_(std::move(samples)), rate_(rate), loop_(loop && !samples_.empty())
{
}

std::size_t wav_file_source::read(std::span<std::int16_t> out)
{
    std::size_t done = 0;
    while (done < out.size()) {
        if (pos_ >= samples_.size()) {
            if (!loop_)
                break;
            pos_ = 0;
        }
        auto const n = std::min(out.size() - done, samples_.size() - pos_);
        std::copy_n(samples_.begin() + static_cast<std::ptrdiff_t>(pos_), n,
                    out.begin() + static_cast<std::ptrdiff_t>(done));
        pos_ += n;
        done += n;
    }
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), std::int16_t{0});
    return done;
}

result<wav_file_sink> wav_file_sink::open(std::string const& path, int sample_rate)
{
    auto w = wav_writer::open(path, sample_rate, 1);
    if (!w)
        return w.error();
    return wav_file_sink(std::move(*w));
}

} // namespace rvoip::media
