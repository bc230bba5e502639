#pragma once
// One audio stream of a call: the rtp-core UDP session (RTCP, SRTP, latching) wired to a
// media-core pipeline, with a jitter buffer in front of the decoder, RFC 4733 events both ways
// and the quality measured from what arrives. Runs on the layer's io_context; the layer's media
// clock calls tick() every few milliseconds and each stream sends and plays one frame per
// packet time.

#include <rvoip/session/call_quality.hpp>
#include <rvoip/session/offer_answer.hpp>

#include <rvoip/media/audio_port.hpp>
#include <rvoip/media/media_stream.hpp>
#include <rvoip/rtp/jitter_buffer.hpp>
#include <rvoip/rtp/telephone_event.hpp>
#include <rvoip/rtp/udp_session.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace rvoip::session::detail {

struct stream_config
{
    std::string address;         // where RTP is received (bound and put in the SDP)
    std::uint16_t rtp_port = 0;  // reserved from the layer's port pool, with rtp_port + 1
    int audio_rate = 16000;      // the pipeline rate: what sources give and sinks take
    bool detect_inband_dtmf = true;
    media::audio_processing_options processing{}; // the capture DSP of the call
    bool latch = true;           // symmetric RTP: follow the peer's source address
    std::chrono::milliseconds quality_interval{5000};
    std::chrono::milliseconds rtcp_interval{5000};
    /// No RTP or RTCP for this long while the peer should send (0: never): `silent` fires once.
    std::chrono::milliseconds media_timeout{0};
};

struct stream_events
{
    std::function<void(char digit, dtmf_path via)> dtmf;
    std::function<void(quality_sample const&)> quality;
    std::function<void()> silent; ///< stream_config::media_timeout ran out (called from tick())
};

class audio_stream
{
public:
    using clock = std::chrono::steady_clock;

    audio_stream(boost::asio::io_context& io, rtp::random_source& random, stream_config config,
                 stream_events events);
    ~audio_stream();
    audio_stream(audio_stream const&) = delete;
    audio_stream& operator=(audio_stream const&) = delete;

    /// Where the audio comes from and goes to (null: silence, nothing). Both at the pipeline
    /// rate; a source at another rate is errc::bad_argument.
    boost::system::error_code set_audio(std::unique_ptr<media::audio_source> source,
                                        std::unique_ptr<media::audio_sink> sink);
    /// Moves the audio ports out (a call replaced by another takes them over).
    void take_audio(std::unique_ptr<media::audio_source>& source, std::unique_ptr<media::audio_sink>& sink);

    /// Binds the RTP port and the RTCP port after it, so that both are ours from the first
    /// offer or answer on (a negotiation that muxes RTCP gives the second back).
    /// Errors: errc::media_failure (one of them is taken).
    boost::system::error_code open();
    /// Runs what was negotiated: opens the RTP session (again when rtcp-mux or the SRTP keys
    /// changed; the SSRC, sequence and timestamp carry on otherwise), points it at the peer
    /// and switches the codec when it changed. Errors: errc::media_failure.
    boost::system::error_code apply(negotiated_audio const& n, bool local_hold);
    /// Local hold stops our sending (RFC 6337: the holding side sends nothing).
    void set_local_hold(bool hold) noexcept { local_hold_ = hold; }

    /// The media clock: sends and plays every frame that is due by `now`.
    void tick(clock::time_point now);

    /// Queues digits: as RFC 4733 events when telephone-event was negotiated (and not
    /// `inband`), else as tones in the audio. Returns how many were queued.
    std::size_t send_dtmf(std::string_view digits, bool inband);
    bool telephone_event() const noexcept { return negotiated_ && negotiated_->send_telephone_event.has_value(); }

    boost::system::error_code start_recording(std::string const& path);
    boost::system::error_code stop_recording();
    void set_microphone_muted(bool muted);
    void set_speaker_muted(bool muted);
    bool microphone_muted() const noexcept { return mic_muted_; }
    bool speaker_muted() const noexcept { return speaker_muted_; }

    /// Conference mode: what is sent comes from set_conference_input() instead of the source,
    /// and what is played is kept (last_played()) for the mix instead of going to the sink.
    void set_conference(bool on);
    bool in_conference() const noexcept { return conference_; }
    void set_conference_input(std::span<std::int16_t const> frame);
    std::span<std::int16_t const> last_played() const noexcept { return last_played_; }
    /// Samples per frame at the pipeline rate (0 before media runs).
    std::size_t frame_samples() const noexcept { return media_ ? media_->frame_samples() : 0; }

    media_statistics statistics() const;
    call_report report() const;
    std::optional<negotiated_audio> const& negotiated() const noexcept { return negotiated_; }
    /// The local RTP endpoint of the open session (with its SSRC), for tests and reports.
    std::optional<std::uint32_t> ssrc() const noexcept;
    /// Where RTP goes now (the signalled address, or the latched source).
    std::optional<rtp::udp_endpoint> remote_endpoint() const;
    /// Ends the media: RTCP BYE, sockets closed. Events stop.
    void close() noexcept;

private:
    void on_event(rtp::session_event const& e);
    void on_rtp(rtp::rtp_packet_received const& p);
    void on_rtcp(rtp::rtcp_packet_received const& p);
    void send_frame();
    void send_telephone_event();
    void receive_frame(clock::time_point now);
    void sample_quality(clock::time_point now);
    void watch_peer(clock::time_point now);
    quality_sample rate(double loss_pct, double mean_burst, clock::time_point now) const;
    boost::system::error_code open_session(bool rtcp_mux, std::optional<rtp::srtp_key> const& send,
                                           std::optional<rtp::srtp_key> const& receive);
    boost::system::error_code make_pipeline(negotiated_audio const& n);

    boost::asio::io_context& io_;
    rtp::random_source& random_;
    stream_config config_;
    stream_events events_;
    std::unique_ptr<media::audio_source> source_;
    std::unique_ptr<media::audio_sink> sink_;
    std::unique_ptr<rtp::udp_session> session_;
    std::optional<media::media_stream> media_;
    std::optional<rtp::jitter_buffer> jitter_;
    std::optional<negotiated_audio> negotiated_;
    bool open_mux_ = true; // what the open session runs
    std::optional<rtp::srtp_key> open_send_key_, open_receive_key_;
    bool local_hold_ = false;
    bool mic_muted_ = false;
    bool speaker_muted_ = false;
    std::vector<std::int16_t> silence_;
    bool conference_ = false;
    std::vector<std::int16_t> conference_in_;
    std::vector<std::int16_t> last_played_;

    // sending
    std::uint32_t timestamp_ = 0; // RTP clock units since the stream began (the session adds its base)
    std::uint32_t step_ = 160;    // per packet
    bool marker_next_ = true;     // the next audio packet begins a talkspurt
    clock::time_point due_{};
    bool started_ = false;
    // stream_config::media_timeout: the packets (RTP and RTCP) heard so far and when the count
    // last moved (or when nothing was due from the peer)
    std::uint64_t heard_ = 0;
    clock::time_point last_heard_{};
    bool silence_reported_ = false;
    clock::time_point began_{};

    // RFC 4733
    std::string digits_;
    std::optional<rtp::telephone_event_sender> te_sender_;
    int te_frames_ = 0; // frames of the current event sent, or of the gap after it
    bool te_gap_ = false;
    bool te_early_ = false; // the event began in send_dtmf(): the next frame slot sends no update
    rtp::telephone_event_receiver te_receiver_;
    std::uint64_t dtmf_sent_ = 0;
    std::uint64_t dtmf_received_ = 0;

    // receiving and quality
    std::uint64_t unknown_payload_ = 0;
    bool have_seq_ = false;
    std::uint16_t last_seq_ = 0;
    std::uint64_t bursts_ = 0;         // runs of lost packets seen (sequence gaps)
    std::uint64_t burst_lost_ = 0;     // packets in those runs
    std::uint64_t prev_expected_ = 0, prev_received_ = 0, prev_late_ = 0, prev_bursts_ = 0, prev_burst_lost_ = 0;
    std::uint64_t late_base_ = 0;      // late discards of jitter buffers replaced by a codec switch
    clock::time_point next_sample_{};
    std::vector<quality_sample> samples_;
    std::optional<double> remote_mos_;
};

} // namespace rvoip::session::detail
