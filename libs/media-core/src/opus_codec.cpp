#include <rvoip/media/opus_codec.hpp>

#include <opus.h>

#include <charconv>

namespace rvoip::media {

struct opus_codec::state
{
    OpusEncoder* encoder = nullptr;
    OpusDecoder* decoder = nullptr;

    state() = default;
    ~state()
    {
        if (encoder)
            opus_encoder_destroy(encoder);
        if (decoder)
            opus_decoder_destroy(decoder);
    }
    state(state const&) = delete;
    state& operator=(state const&) = delete;
};

namespace {

bool parse_flag(std::string_view value, bool& out)
{
    if (value == "0" || value == "1") {
        out = value == "1";
        return true;
    }
    return false;
}

} // namespace

result<opus_options> apply_opus_fmtp(opus_options options, std::string_view fmtp)
{
    while (!fmtp.empty()) {
        auto const semi = fmtp.find(';');
        auto param = fmtp.substr(0, semi);
        fmtp = semi == std::string_view::npos ? std::string_view{} : fmtp.substr(semi + 1);
        while (!param.empty() && param.front() == ' ')
            param.remove_prefix(1);
        auto const eq = param.find('=');
        if (eq == std::string_view::npos)
            continue;
        auto const name = param.substr(0, eq);
        auto const value = param.substr(eq + 1);
        if (name == "maxaveragebitrate") {
            int rate = 0;
            auto const [end, ec] = std::from_chars(value.data(), value.data() + value.size(), rate);
            if (ec != std::errc{} || end != value.data() + value.size() || rate < 6000 ||
                rate > 510000)
                return errc::bad_argument;
            options.max_average_bitrate = std::min(options.max_average_bitrate, rate);
        } else if (name == "useinbandfec") {
            if (!parse_flag(value, options.use_inband_fec))
                return errc::bad_argument;
        } else if (name == "usedtx") {
            if (!parse_flag(value, options.use_dtx))
                return errc::bad_argument;
        }
    }
    return options;
}

result<opus_codec> opus_codec::create(opus_options const& options)
{
    if (options.max_average_bitrate < 6000 || options.max_average_bitrate > 510000 ||
        options.complexity < 0 || options.complexity > 10 || options.expected_loss_pct < 0 ||
        options.expected_loss_pct > 100)
        return errc::bad_argument;
    auto s = std::make_unique<state>();
    int err = OPUS_OK;
    s->encoder = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &err);
    if (err != OPUS_OK || !s->encoder)
        return errc::codec_failure;
    s->decoder = opus_decoder_create(48000, 1, &err);
    if (err != OPUS_OK || !s->decoder)
        return errc::codec_failure;
    auto* enc = s->encoder;
    if (opus_encoder_ctl(enc, OPUS_SET_BITRATE(options.max_average_bitrate)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(options.use_inband_fec ? 1 : 0)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(options.expected_loss_pct)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_DTX(options.use_dtx ? 1 : 0)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(options.complexity)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPUS_OK)
        return errc::codec_failure;
    return opus_codec(std::move(s), options);
}

opus_codec::opus_codec(std::unique_ptr<state> s, opus_options const& options)
    : state_(std::move(s)), options_(options)
{
}
opus_codec::~opus_codec() = default;
opus_codec::opus_codec(opus_codec&&) noexcept = default;
opus_codec& opus_codec::operator=(opus_codec&&) noexcept = default;

std::string opus_codec::fmtp() const
{
    std::string out = "minptime=10;useinbandfec=";
    out += options_.use_inband_fec ? '1' : '0';
    out += ";usedtx=";
    out += options_.use_dtx ? '1' : '0';
    out += ";maxaveragebitrate=";
    out += std::to_string(options_.max_average_bitrate);
    return out;
}

std::size_t opus_codec::max_payload_size(std::size_t samples) const noexcept
{
    // RFC 6716 §3.4 R2/R3 bound one frame at 1275 bytes; a packet of up to 3 frames of 20 ms
    // (60 ms) stays below 3 * 1275 + header.
    return samples <= 960 ? 1276 : 3 * 1276 + 8;
}

bool opus_codec::supports_ptime(int ptime_ms) const noexcept
{
    return ptime_ms == 10 || ptime_ms == 20 || ptime_ms == 40 || ptime_ms == 60;
}

result<std::size_t> opus_codec::encode(std::span<std::int16_t const> pcm,
                                       std::span<std::uint8_t> out)
{
    auto const n = pcm.size();
    if (n != 480 && n != 960 && n != 1920 && n != 2880)
        return errc::bad_frame_size;
    if (out.size() < 3)
        return errc::buffer_too_small;
    auto const len = opus_encode(state_->encoder, pcm.data(), static_cast<int>(n), out.data(),
                                 static_cast<opus_int32>(std::min<std::size_t>(out.size(), 4000)));
    if (len == OPUS_BUFFER_TOO_SMALL)
        return errc::buffer_too_small;
    if (len < 0)
        return errc::codec_failure;
    return static_cast<std::size_t>(len);
}

result<std::size_t> opus_codec::decode(std::span<std::uint8_t const> payload,
                                       std::span<std::int16_t> out)
{
    if (payload.empty())
        return errc::bad_payload;
    auto const n =
        opus_decode(state_->decoder, payload.data(), static_cast<opus_int32>(payload.size()),
                    out.data(), static_cast<int>(out.size()), 0);
    if (n == OPUS_BUFFER_TOO_SMALL)
        return errc::buffer_too_small;
    if (n == OPUS_INVALID_PACKET)
        return errc::bad_payload;
    if (n < 0)
        return errc::codec_failure;
    return static_cast<std::size_t>(n);
}

std::size_t opus_codec::conceal(std::span<std::int16_t> out)
{
    auto const n =
        opus_decode(state_->decoder, nullptr, 0, out.data(), static_cast<int>(out.size()), 0);
    if (n < 0) {
        std::fill(out.begin(), out.end(), std::int16_t{0});
        return out.size();
    }
    return static_cast<std::size_t>(n);
}

result<std::size_t> opus_codec::recover(std::span<std::uint8_t const> next_payload,
                                        std::span<std::int16_t> out)
{
    if (next_payload.empty())
        return conceal(out);
    auto const n = opus_decode(state_->decoder, next_payload.data(),
                               static_cast<opus_int32>(next_payload.size()), out.data(),
                               static_cast<int>(out.size()), 1);
    if (n == OPUS_INVALID_PACKET)
        return errc::bad_payload;
    if (n < 0)
        return errc::codec_failure;
    return static_cast<std::size_t>(n);
}

} // namespace rvoip::media
