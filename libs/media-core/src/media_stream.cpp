#include <rvoip/media/media_stream.hpp>

#include <rvoip/media/call_recorder.hpp>
#include <rvoip/media/dtmf.hpp>
#include <rvoip/media/resampler.hpp>

#include <algorithm>
#include <vector>

namespace rvoip::media {

struct media_stream::impl
{
    std::unique_ptr<codec> c;
    media_stream_options options;
    media_stream_events events;
    std::size_t frame = 0;       // pipeline samples per frame
    std::size_t codec_frame = 0; // codec samples per frame
    std::optional<resampler> to_codec;
    std::optional<resampler> from_codec;
    audio_processor processor;
    dtmf_generator dtmf_out;
    std::optional<dtmf_detector> dtmf_in;
    level_meter send_meter;
    level_meter receive_meter;
    std::optional<call_recorder> recorder;
    std::vector<std::int16_t> source_buf;  // what send_from() read
    std::vector<std::int16_t> capture_buf; // pipeline rate
    std::vector<std::int16_t> codec_buf;   // codec rate, send side
    std::vector<std::uint8_t> payload;
    std::vector<std::int16_t> decoded;   // codec rate, receive side (up to 120 ms)
    std::vector<std::int16_t> received;  // pipeline rate
    std::vector<std::int16_t> echo_ref;  // last played frame
    std::vector<std::int16_t> last_sent; // for the recording
    std::size_t packets_sent = 0;
    std::size_t concealed = 0;
    std::uint32_t timestamp = 0; // of the next frame, relative to the start
    bool talkspurt = false;      // the previous frame was sent

    impl(std::unique_ptr<codec> codec_, media_stream_options const& o, media_stream_events e,
         audio_processor p, std::size_t frame_, std::size_t codec_frame_)
        : c(std::move(codec_)), options(o), events(std::move(e)), frame(frame_),
          codec_frame(codec_frame_), processor(std::move(p)), dtmf_out(o.pipeline_rate),
          send_meter(o.pipeline_rate), receive_meter(o.pipeline_rate), source_buf(frame_),
          capture_buf(frame_), codec_buf(codec_frame_), payload(c->max_payload_size(codec_frame_)),
          decoded(static_cast<std::size_t>(c->sample_rate()) * 120 / 1000), echo_ref(frame_, 0),
          last_sent(frame_, 0)
    {
        if (o.detect_inband_dtmf)
            dtmf_in.emplace(o.pipeline_rate);
    }

    /// Converts decoded codec-rate samples to a pipeline-rate frame and runs the receive tail.
    result<std::span<std::int16_t const>> finish_receive(std::size_t n, bool speaker_muted)
    {
        auto const in = std::span<std::int16_t const>(decoded).first(n);
        if (from_codec) {
            received.resize(from_codec->output_size(n));
            auto const r = from_codec->process(in, received);
            if (!r)
                return r.error();
            received.resize(*r);
        } else {
            received.assign(in.begin(), in.end());
        }
        if (dtmf_in && events.dtmf_detected)
            for (char d : dtmf_in->feed(received))
                events.dtmf_detected(d);
        if (speaker_muted)
            std::fill(received.begin(), received.end(), std::int16_t{0});
        receive_meter.update(received);
        return std::span<std::int16_t const>(received);
    }
};

result<media_stream> media_stream::create(std::unique_ptr<codec> c,
                                          media_stream_options const& options,
                                          media_stream_events events)
{
    if (!c)
        return errc::bad_argument;
    auto const codec_frame = c->frame_samples(options.ptime_ms);
    if (!codec_frame)
        return codec_frame.error();
    if (options.pipeline_rate < 8000 || options.pipeline_rate > 48000)
        return errc::unsupported_rate;
    auto const frame = static_cast<std::size_t>(options.pipeline_rate) *
                       static_cast<std::size_t>(options.ptime_ms) / 1000;
    auto processor = audio_processor::create(options.pipeline_rate, frame, options.processing);
    if (!processor)
        return processor.error();
    auto const codec_rate = c->sample_rate();
    auto p = std::make_unique<impl>(std::move(c), options, std::move(events), std::move(*processor),
                                    frame, *codec_frame);
    if (codec_rate != options.pipeline_rate) {
        auto to = resampler::create(options.pipeline_rate, codec_rate);
        auto from = resampler::create(codec_rate, options.pipeline_rate);
        if (!to)
            return to.error();
        if (!from)
            return from.error();
        p->to_codec.emplace(std::move(*to));
        p->from_codec.emplace(std::move(*from));
    }
    return media_stream(std::move(p));
}

media_stream::media_stream(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
media_stream::~media_stream() = default;
media_stream::media_stream(media_stream&&) noexcept = default;
media_stream& media_stream::operator=(media_stream&&) noexcept = default;

std::size_t media_stream::frame_samples() const noexcept
{
    return impl_->frame;
}
codec const& media_stream::stream_codec() const noexcept
{
    return *impl_->c;
}
level_meter const& media_stream::send_level() const noexcept
{
    return impl_->send_meter;
}
level_meter const& media_stream::receive_level() const noexcept
{
    return impl_->receive_meter;
}
std::size_t media_stream::packets_sent() const noexcept
{
    return impl_->packets_sent;
}
std::size_t media_stream::frames_concealed() const noexcept
{
    return impl_->concealed;
}

result<void> media_stream::send(std::span<std::int16_t const> captured)
{
    auto& s = *impl_;
    if (captured.size() != s.frame)
        return errc::bad_frame_size;
    std::copy(captured.begin(), captured.end(), s.capture_buf.begin());
    bool const voice = s.processor.process(s.capture_buf, s.echo_ref);
    if (mic_muted_)
        std::fill(s.capture_buf.begin(), s.capture_buf.end(), std::int16_t{0});
    bool const tones = s.dtmf_out.fill(s.capture_buf);
    s.send_meter.update(s.capture_buf);
    std::copy(s.capture_buf.begin(), s.capture_buf.end(), s.last_sent.begin());
    std::span<std::int16_t const> pcm = s.capture_buf;
    if (s.to_codec) {
        auto const n = s.to_codec->process(s.capture_buf, s.codec_buf);
        if (!n)
            return n.error();
        pcm = std::span<std::int16_t const>(s.codec_buf).first(*n);
    }
    auto const len = s.c->encode(pcm, s.payload);
    if (!len)
        return len.error();
    auto const timestamp = s.timestamp;
    s.timestamp += s.c->rtp_timestamp_step(s.codec_frame);
    // VAD silence and Opus DTX frames (<= 2 bytes) need not be sent (RFC 7587 §3.1.3).
    if ((!voice && !tones) || *len <= 2) {
        s.talkspurt = false;
        return {};
    }
    bool const marker = !s.talkspurt;
    s.talkspurt = true;
    ++s.packets_sent;
    if (s.events.packet_ready)
        s.events.packet_ready(std::span<std::uint8_t const>(s.payload).first(*len), timestamp,
                              marker);
    return {};
}

result<void> media_stream::send_from(audio_source& source)
{
    if (source.sample_rate() != impl_->options.pipeline_rate)
        return errc::unsupported_rate;
    auto& buf = impl_->source_buf;
    source.read(buf);
    return send(buf);
}

result<std::span<std::int16_t const>> media_stream::receive(std::span<std::uint8_t const> payload)
{
    auto& s = *impl_;
    auto const n = s.c->decode(payload, s.decoded);
    if (!n)
        return n.error();
    return s.finish_receive(*n, speaker_muted_);
}

std::span<std::int16_t const> media_stream::receive_lost(std::span<std::uint8_t const> next_payload)
{
    auto& s = *impl_;
    ++s.concealed;
    auto const out = std::span<std::int16_t>(s.decoded).first(s.codec_frame);
    std::size_t n = 0;
    if (!next_payload.empty()) {
        auto const r = s.c->recover(next_payload, out);
        n = r ? *r : s.c->conceal(out);
    } else {
        n = s.c->conceal(out);
    }
    auto const frame = s.finish_receive(n, speaker_muted_);
    if (!frame) {
        s.received.assign(s.frame, 0);
        return s.received;
    }
    return *frame;
}

result<void> media_stream::played(std::span<std::int16_t const> frame, audio_sink* sink)
{
    auto& s = *impl_;
    auto const n = std::min(frame.size(), s.frame);
    std::copy_n(frame.begin(), n, s.echo_ref.begin());
    std::fill(s.echo_ref.begin() + static_cast<std::ptrdiff_t>(n), s.echo_ref.end(),
              std::int16_t{0});
    if (s.recorder) {
        auto const r = s.recorder->write(s.last_sent, frame);
        if (!r)
            return r;
    }
    if (sink)
        return sink->write(frame);
    return {};
}

std::size_t media_stream::send_inband_dtmf(std::string_view digits)
{
    return impl_->dtmf_out.queue(digits);
}

result<void> media_stream::start_recording(std::string const& path)
{
    auto r = call_recorder::open(path, impl_->options.pipeline_rate);
    if (!r)
        return r.error();
    impl_->recorder.emplace(std::move(*r));
    return {};
}

result<void> media_stream::stop_recording()
{
    if (!impl_->recorder)
        return {};
    auto const r = impl_->recorder->close();
    impl_->recorder.reset();
    return r;
}

result<void> media_stream::set_processing(audio_processing_options const& options)
{
    return impl_->processor.set_options(options);
}

} // namespace rvoip::media
