#pragma once
// The media pipeline of one call stream. Send: captured frame -> echo cancellation / noise
// suppression / AGC / VAD -> microphone mute -> in-band DTMF -> level meter -> resampler ->
// encoder -> packet event. Receive: payload (or a loss) -> decoder / FEC / PLC -> resampler ->
// in-band DTMF detector -> speaker mute -> level meter -> the caller's mixer or sink, and the
// frame played becomes the echo reference and the right channel of a recording.
// It takes payloads and losses, not RTP packets: session-core puts an rtp-core jitter buffer
// in front of receive()/receive_lost() and an RTP sender behind the packet event.

#include <rvoip/media/audio_port.hpp>
#include <rvoip/media/audio_processor.hpp>
#include <rvoip/media/codec.hpp>
#include <rvoip/media/level_meter.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rvoip::media {

/// How a stream runs.
struct media_stream_options
{
    int pipeline_rate = 8000;            // rate of captured and played frames (the device rate)
    int ptime_ms = 20;                   // packet time (RFC 4566 a=ptime)
    audio_processing_options processing; // AEC / NS / AGC / VAD for this call
    bool detect_inband_dtmf = false;     // run the Goertzel detector on received audio
};

/// Events a stream reports upward, given when it is built.
struct media_stream_events
{
    /// One encoded payload, its RTP timestamp relative to the stream's start (codec RTP clock;
    /// the RTP session adds its random base) and whether it begins a talkspurt (the marker bit,
    /// RFC 3551 §4.1). Not called for DTX frames or, when VAD is on, for frames without
    /// voice, so timestamps then jump.
    std::function<void(std::span<std::uint8_t const> payload, std::uint32_t timestamp, bool marker)>
        packet_ready;
    /// A digit heard in the received audio (in-band DTMF).
    std::function<void(char digit)> dtmf_detected;
};

/// One call stream's media path. Not thread-safe: it lives on the stream's thread.
class media_stream
{
public:
    /// errc::bad_ptime when the codec cannot use `options.ptime_ms`; errors of the resampler
    /// and audio_processor for an unusable pipeline rate.
    static result<media_stream> create(std::unique_ptr<codec> c,
                                       media_stream_options const& options,
                                       media_stream_events events);

    ~media_stream();
    media_stream(media_stream&&) noexcept;
    media_stream& operator=(media_stream&&) noexcept;

    /// Samples per frame at the pipeline rate (what send() takes and receive() returns).
    std::size_t frame_samples() const noexcept;
    /// The codec in use.
    codec const& stream_codec() const noexcept;

    /// Sends one captured frame (frame_samples() long) through the send path; the echo
    /// reference is the last frame given to played(). Errors: bad_frame_size, and the codec's.
    result<void> send(std::span<std::int16_t const> captured);
    /// Reads one frame from `source` (which must run at the pipeline rate, else
    /// errc::unsupported_rate) and sends it.
    result<void> send_from(audio_source& source);

    /// Decodes a received payload. The frame (possibly longer than frame_samples() when the
    /// peer packs more per packet) stays valid until the next receive call.
    result<std::span<std::int16_t const>> receive(std::span<std::uint8_t const> payload);
    /// Conceals one lost packet, using `next_payload` for FEC when the codec has it (the caller
    /// must still receive() that payload afterwards).
    std::span<std::int16_t const> receive_lost(std::span<std::uint8_t const> next_payload = {});

    /// Tells the stream which frame was played (after mixing): the echo reference of the next
    /// send() and the right channel of a recording. Writes it to `sink` when given.
    result<void> played(std::span<std::int16_t const> frame, audio_sink* sink = nullptr);

    /// Queues digits to be sent as in-band tones in place of the microphone.
    std::size_t send_inband_dtmf(std::string_view digits);

    /// Starts recording both directions to a stereo WAV file (local left, remote right).
    result<void> start_recording(std::string const& path);
    /// Stops and finishes the recording.
    result<void> stop_recording();

    /// Microphone mute: sends digital silence (the encoder still runs, so timing holds).
    void set_microphone_muted(bool muted) noexcept { mic_muted_ = muted; }
    /// Speaker mute: received frames come out silent.
    void set_speaker_muted(bool muted) noexcept { speaker_muted_ = muted; }
    bool microphone_muted() const noexcept { return mic_muted_; }
    bool speaker_muted() const noexcept { return speaker_muted_; }

    /// Switches AEC / NS / AGC / VAD for this call.
    result<void> set_processing(audio_processing_options const& options);

    /// Levels of what was sent (after processing and mute) and what was received.
    level_meter const& send_level() const noexcept;
    level_meter const& receive_level() const noexcept;

    /// Counters for statistics.
    std::size_t packets_sent() const noexcept;
    std::size_t frames_concealed() const noexcept;

private:
    struct impl;
    explicit media_stream(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
    bool mic_muted_ = false;
    bool speaker_muted_ = false;
};

} // namespace rvoip::media
