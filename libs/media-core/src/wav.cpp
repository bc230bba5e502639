#include <rvoip/media/wav.hpp>

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>

namespace rvoip::media {
namespace {

std::uint32_t le32(std::uint8_t const* p)
{
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint16_t le16(std::uint8_t const* p)
{
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}

void put32(std::uint8_t* p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put16(std::uint8_t* p, std::uint16_t v)
{
    p[0] = static_cast<std::uint8_t>(v);
    p[1] = static_cast<std::uint8_t>(v >> 8);
}

/// The canonical header for `data_bytes` of 16-bit PCM.
std::array<std::uint8_t, 44> make_header(int rate, int channels, std::uint32_t data_bytes)
{
    std::array<std::uint8_t, 44> h{};
    auto* p = h.data();
    std::memcpy(p, "RIFF", 4);
    put32(p + 4, 36 + data_bytes);
    std::memcpy(p + 8, "WAVEfmt ", 8);
    put32(p + 16, 16);
    put16(p + 20, 1); // WAVE_FORMAT_PCM
    put16(p + 22, static_cast<std::uint16_t>(channels));
    put32(p + 24, static_cast<std::uint32_t>(rate));
    put32(p + 28, static_cast<std::uint32_t>(rate * channels * 2));
    put16(p + 32, static_cast<std::uint16_t>(channels * 2));
    put16(p + 34, 16);
    std::memcpy(p + 36, "data", 4);
    put32(p + 40, data_bytes);
    return h;
}

} // namespace

result<wav_audio> parse_wav(std::span<std::uint8_t const> bytes)
{
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0)
        return errc::bad_wav;
    wav_audio audio;
    bool have_fmt = false;
    std::size_t at = 12;
    while (at + 8 <= bytes.size()) {
        auto const* chunk = bytes.data() + at;
        std::size_t const size = le32(chunk + 4);
        auto const body = at + 8;
        if (std::memcmp(chunk, "fmt ", 4) == 0) {
            if (size < 16 || body + size > bytes.size())
                return errc::bad_wav;
            auto const* f = bytes.data() + body;
            auto const format = le16(f);
            // WAVE_FORMAT_EXTENSIBLE (0xFFFE) carries the real format in its sub-format GUID.
            bool const pcm = format == 1 || (format == 0xFFFE && size >= 40 && le16(f + 24) == 1);
            audio.channels = le16(f + 2);
            audio.sample_rate = static_cast<int>(le32(f + 4));
            if (!pcm || le16(f + 14) != 16 || audio.channels < 1 || audio.channels > 8 ||
                audio.sample_rate < 1000 || audio.sample_rate > 384000)
                return errc::bad_wav;
            have_fmt = true;
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            if (!have_fmt)
                return errc::bad_wav;
            auto const available = std::min(size, bytes.size() - body);
            auto const frame_bytes = static_cast<std::size_t>(audio.channels) * 2;
            auto const n = available / frame_bytes * static_cast<std::size_t>(audio.channels);
            audio.samples.resize(n);
            for (std::size_t i = 0; i < n; ++i)
                audio.samples[i] = static_cast<std::int16_t>(le16(bytes.data() + body + 2 * i));
            return audio;
        }
        at = body + size + (size & 1); // chunks are padded to even sizes
    }
    return errc::bad_wav;
}

std::vector<std::uint8_t> render_wav(wav_audio const& audio)
{
    auto const header = make_header(audio.sample_rate, audio.channels,
                                    static_cast<std::uint32_t>(audio.samples.size() * 2));
    // Sized once: growing a vector built from the header trips GCC 12's -Wstringop-overflow.
    std::vector<std::uint8_t> out(header.size() + audio.samples.size() * 2);
    std::copy(header.begin(), header.end(), out.begin());
    for (std::size_t i = 0; i < audio.samples.size(); ++i)
        put16(out.data() + header.size() + 2 * i, static_cast<std::uint16_t>(audio.samples[i]));
    return out;
}

result<wav_audio> read_wav_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return errc::file_error;
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    return parse_wav(bytes);
}

result<void> write_wav_file(std::string const& path, wav_audio const& audio)
{
    auto const bytes = render_wav(audio);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return errc::file_error;
    out.write(reinterpret_cast<char const*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out)
        return errc::file_error;
    return {};
}

std::vector<std::int16_t> downmix_to_mono(wav_audio const& audio)
{
    auto const ch = static_cast<std::size_t>(audio.channels);
    if (ch == 1)
        return audio.samples;
    std::vector<std::int16_t> out(audio.frames());
    for (std::size_t f = 0; f < out.size(); ++f) {
        int sum = 0;
        for (std::size_t c = 0; c < ch; ++c)
            sum += audio.samples[f * ch + c];
        out[f] = static_cast<std::int16_t>(sum / static_cast<int>(ch));
    }
    return out;
}

result<wav_writer> wav_writer::open(std::string const& path, int sample_rate, int channels)
{
    if (channels < 1 || channels > 8 || sample_rate < 1000)
        return errc::bad_argument;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return errc::file_error;
    auto const header = make_header(sample_rate, channels, 0);
    if (std::fwrite(header.data(), 1, header.size(), f) != header.size()) {
        std::fclose(f);
        return errc::file_error;
    }
    return wav_writer(f, sample_rate, channels);
}

wav_writer::wav_writer(std::FILE* f, int rate, int channels)
    : file_(f), rate_(rate), channels_(channels)
{
}

wav_writer::~wav_writer()
{
    (void)close();
}
wav_writer::wav_writer(wav_writer&&) noexcept = default;
wav_writer& wav_writer::operator=(wav_writer&& other) noexcept
{
    if (this != &other) {
        (void)close(); // finish the file being replaced
        file_ = std::move(other.file_);
        rate_ = other.rate_;
        channels_ = other.channels_;
        data_bytes_ = other.data_bytes_;
    }
    return *this;
}

result<void> wav_writer::write(std::span<std::int16_t const> interleaved)
{
    if (!file_)
        return errc::file_error;
    if (interleaved.size() % static_cast<std::size_t>(channels_) != 0)
        return errc::bad_argument;
    std::uint8_t buf[512];
    while (!interleaved.empty()) {
        auto const n = std::min<std::size_t>(interleaved.size(), sizeof buf / 2);
        for (std::size_t i = 0; i < n; ++i)
            put16(buf + 2 * i, static_cast<std::uint16_t>(interleaved[i]));
        if (std::fwrite(buf, 2, n, file_.get()) != n)
            return errc::file_error;
        data_bytes_ += 2 * n;
        interleaved = interleaved.subspan(n);
    }
    return {};
}

result<void> wav_writer::close()
{
    if (!file_)
        return {};
    auto const data = static_cast<std::uint32_t>(std::min<std::uint64_t>(data_bytes_, 0xFFFFFFD0u));
    auto const header = make_header(rate_, channels_, data);
    bool ok = std::fseek(file_.get(), 0, SEEK_SET) == 0 &&
              std::fwrite(header.data(), 1, header.size(), file_.get()) == header.size();
    ok = std::fclose(file_.release()) == 0 && ok;
    if (!ok)
        return errc::file_error;
    return {};
}

} // namespace rvoip::media
