#pragma once
// The SDP offer/answer engine of one call (RFC 3264 with RFC 8866 SDP, RFC 4568 SDES keys,
// RFC 3605 a=rtcp, RFC 5761 rtcp-mux, RFC 4733 telephone-event, RFC 6337 hold practice).
// A plain synchronous state machine: SDP text in, SDP text and the negotiated media out. It
// knows nothing of sockets or dialogs; the call decides when an offer or answer is due.
//
// Payload type numbers in an SDP say what its author wants to receive (RFC 3264 §5.1): we send
// with the peer's numbers and receive with ours. An answer keeps the offerer's numbers; our
// later offers keep the numbers the session has used (§8.3.2).

#include <rvoip/session/error.hpp>
#include <rvoip/session/media_options.hpp>

#include <rvoip/rtp/random_source.hpp>
#include <rvoip/rtp/srtp_key.hpp>
#include <rvoip/rtp/udp_session.hpp>

#include <rvoip/sip/sdp.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::session {

template<class T>
using result = boost::system::result<T>;

/// The codec a negotiated stream sends with (and decodes, by our payload type number).
struct codec_choice
{
    std::string encoding_name;   ///< as media::make_codec() knows it ("opus", "G722", "PCMU")
    std::uint32_t clock_rate = 0; ///< RTP clock rate
    std::uint8_t send_payload_type = 0;    ///< the peer's number for it: what we send
    std::uint8_t receive_payload_type = 0; ///< ours: what the peer sends
    std::string remote_fmtp;     ///< the peer's a=fmtp for it (Opus: what it wants to receive)
    friend bool operator==(codec_choice const&, codec_choice const&) = default;
};

/// Where our media is received: the RTP address and port, and the RTCP port when RTCP is not
/// multiplexed (RTP port + 1 by RFC 3550 convention; a=rtcp says otherwise).
struct local_media
{
    std::string address;
    std::uint16_t rtp_port = 0;
    std::uint16_t rtcp_port = 0; ///< 0: rtp_port + 1
};

/// The audio stream as offer and answer settled it, from our side.
struct negotiated_audio
{
    codec_choice codec;
    /// RFC 4733 at the codec's clock rate: the peer's number (we send) and ours (we receive).
    std::optional<std::uint8_t> send_telephone_event;
    std::optional<std::uint8_t> receive_telephone_event;
    rtp::udp_endpoint remote;       ///< where to send RTP (address 0.0.0.0: nowhere, legacy hold)
    std::uint16_t remote_rtcp_port = 0;
    bool rtcp_mux = false;
    /// What we may do: sendrecv, sendonly (we only send), recvonly, inactive.
    sip::sdp::direction direction = sip::sdp::direction::sendrecv;
    /// The peer holds the call: its side says sendonly or inactive, or its address is 0.0.0.0.
    bool remote_hold = false;
    int ptime_ms = 20;              ///< the packet time we send with
    /// SRTP: our key (what we send) and the peer's (what we receive); both or neither.
    std::optional<rtp::srtp_key> send_key;
    std::optional<rtp::srtp_key> receive_key;

    bool may_send() const noexcept;
    bool may_receive() const noexcept;
};

/// An answer we made: the SDP to send and what it settled.
struct made_answer
{
    std::string sdp;
    negotiated_audio audio;
};

/// How a refused offer is answered: the status (400 for SDP that does not parse, 488 else) and
/// the Warning value (RFC 3261 §20.43: 304 media type not available, 305 incompatible media
/// format, 399 for SRTP) that says why.
struct refusal
{
    int status = 488;
    std::string warning;
};
/// The refusal that fits an error of receive_offer(); `host` goes into the Warning.
refusal refusal_for(boost::system::error_code const& error, std::string_view host);

/// The offer/answer state of one call.
class offer_answer
{
public:
    /// `options.codecs` must name codecs of media::supported_codecs (others are skipped).
    /// `random` draws the session id and SRTP keys: a CSPRNG in production; it must outlive
    /// the engine.
    offer_answer(media_options options, rtp::random_source& random);

    /// Our offer (initial, or a re-offer for hold, resume or a changed address). An offer of
    /// ours stays outstanding until receive_answer() or offer_rejected(). The o= version goes
    /// up only when the description differs from the last one we sent.
    /// Errors: errc::bad_argument (no codec to offer), errc::media_failure (no random bytes).
    result<std::string> create_offer(local_media const& local);
    /// The peer's answer to our outstanding offer. Errors: errc::no_offer, errc::bad_sdp,
    /// errc::bad_answer, errc::no_audio (our audio refused), errc::no_common_codec,
    /// errc::srtp_required. The outstanding offer is settled either way.
    result<negotiated_audio> receive_answer(std::string_view sdp);
    /// Another answer to our last offer, once it has been answered: the 2xx of the fork that
    /// answered after early media of another, or a 2xx whose SDP differs from the 183's
    /// (RFC 3261 §13.2.1 forking). Errors: as receive_answer(), errc::no_offer when no offer
    /// of ours was answered yet.
    result<negotiated_audio> receive_answer_again(std::string_view sdp);
    /// The codecs of our next offers (names as in media_options::codecs).
    /// Errors: errc::bad_argument when none of them can be run.
    boost::system::error_code set_codecs(std::vector<std::string> const& names);
    /// Our outstanding offer was refused (a non-2xx to a re-INVITE): the previous negotiation
    /// stays.
    void offer_rejected() noexcept;

    /// Answers the peer's offer. Unusable media lines (video, a second audio, unknown
    /// transports) are refused with port 0 and the call goes on. Errors (answer with
    /// refusal_for()): errc::bad_sdp, errc::no_audio, errc::no_common_codec,
    /// errc::srtp_required, errc::srtp_refused.
    result<made_answer> receive_offer(std::string_view sdp, local_media const& local);

    /// Hold (RFC 6337 §5.3): our next offer says sendonly, our answers sendonly or inactive,
    /// and the media path sends nothing while held.
    void set_local_hold(bool hold) noexcept { local_hold_ = hold; }
    bool local_hold() const noexcept { return local_hold_; }

    /// True while an offer of ours waits for its answer.
    bool offer_outstanding() const noexcept { return outstanding_.has_value(); }
    /// The last negotiation, if any.
    std::optional<negotiated_audio> const& current() const noexcept { return current_; }
    /// The last SDP we sent (offer or answer), for a refresh that must carry one.
    std::string const& last_sent() const noexcept { return last_sent_; }
    media_options const& options() const noexcept { return options_; }
    /// The codecs this engine offers (options.codecs that media-core can encode).
    std::vector<std::string> const& codecs() const noexcept { return codecs_; }

private:
    struct payload_number
    {
        std::string name; // lower case encoding name
        std::uint32_t clock = 0;
        std::uint8_t pt = 0;
    };
    std::uint8_t number_for(std::string_view name, std::uint32_t clock, std::optional<std::uint8_t> fixed);
    result<rtp::srtp_key> our_key(rtp::crypto_suite suite);
    result<void> ensure_origin();
    std::string render(sip::sdp::session_description& d);
    sip::sdp::media_description audio_line(local_media const& local) const;
    result<made_answer> answer_audio(sip::sdp::session_description const& offer, local_media const& local);
    result<negotiated_audio> accept_stream(sip::sdp::session_description const& offer,
                                           sip::sdp::media_description const& line, local_media const& local,
                                           sip::sdp::media_description& answer_line,
                                           std::optional<std::string>& remote_crypto);
    void remember_number(std::string_view name, std::uint32_t clock, std::uint8_t pt);
    result<negotiated_audio> read_answer(sip::sdp::session_description const& offer,
                                         sip::sdp::session_description const& answer);
    void add_codec(sip::sdp::media_description& m, std::string_view name, std::uint8_t pt,
                   std::uint32_t clock, std::uint32_t channels) const;
    void add_common(sip::sdp::media_description& m, local_media const& local, sip::sdp::direction dir) const;

    media_options options_;
    rtp::random_source& random_;
    std::vector<std::string> codecs_;
    std::vector<payload_number> numbers_; // payload types used in this session
    std::vector<rtp::srtp_key> keys_;     // ours, one per suite
    std::string session_id_;
    std::uint64_t version_ = 0;
    std::string last_body_; // the last description sent, without its o= version
    std::string last_sent_;
    bool local_hold_ = false;
    std::optional<sip::sdp::session_description> outstanding_;
    std::optional<sip::sdp::session_description> answered_offer_; // our last offer that got its answer
    std::optional<negotiated_audio> current_;
    std::optional<std::string> last_remote_crypto_; // the peer's key line we last accepted
};

} // namespace rvoip::session
