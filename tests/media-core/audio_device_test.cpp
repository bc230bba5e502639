// Device selection and the fallback to the null device (with a fake backend, and with the real
// RtAudio backend on whatever this machine has), and the SPSC ring between threads.
#include <rvoip/media/audio_device.hpp>
#include <rvoip/media/spsc_ring.hpp>

#include "print.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

namespace media = rvoip::media;

namespace {

/// A backend that lists given devices and opens them only when told to.
class fake_backend final : public media::audio_backend
{
public:
    std::vector<media::audio_device_info> list;
    bool open_fails = false;
    unsigned opened_id = 999;

    std::vector<media::audio_device_info> devices() override { return list; }

    class counting_source final : public media::audio_source
    {
    public:
        int sample_rate() const noexcept override { return 8000; }
        std::size_t read(std::span<std::int16_t> out) override
        {
            std::fill(out.begin(), out.end(), std::int16_t{42});
            return out.size();
        }
    };

    media::result<std::unique_ptr<media::audio_source>>
    open_capture(media::audio_device_info const& d, int, std::size_t) override
    {
        if (open_fails)
            return media::errc::device_failure;
        opened_id = d.id;
        return std::unique_ptr<media::audio_source>(std::make_unique<counting_source>());
    }
    media::result<std::unique_ptr<media::audio_sink>> open_playback(media::audio_device_info const&,
                                                                    int, std::size_t) override
    {
        return media::errc::device_failure;
    }
};

std::vector<media::audio_device_info> three_devices()
{
    return {{0, "HDMI Output", 0, 2, false, true},
            {1, "USB Headset", 1, 2, false, false},
            {2, "Built-in Microphone", 2, 0, true, false}};
}

} // namespace

BOOST_AUTO_TEST_SUITE(audio_devices)

BOOST_AUTO_TEST_CASE(selection_prefers_exact_then_substring_then_default)
{
    auto const devs = three_devices();
    BOOST_TEST(media::select_device(devs, "", media::audio_direction::capture)->id == 2u);
    BOOST_TEST(media::select_device(devs, "", media::audio_direction::playback)->id == 0u);
    BOOST_TEST(media::select_device(devs, "USB Headset", media::audio_direction::capture)->id ==
               1u);
    BOOST_TEST(media::select_device(devs, "Headset", media::audio_direction::playback)->id == 1u);
    BOOST_TEST(media::select_device(devs, "HDMI", media::audio_direction::capture).error() ==
               media::errc::no_device);
    BOOST_TEST(media::select_device({}, "", media::audio_direction::capture).error() ==
               media::errc::no_device);
}

BOOST_AUTO_TEST_CASE(no_sound_card_falls_back_to_silence_with_a_warning)
{
    fake_backend none;
    auto in = media::open_capture_device(none, "", 8000, 160);
    BOOST_TEST_REQUIRE(in.port != nullptr);
    BOOST_TEST(in.fell_back());
    BOOST_TEST(in.device_name == "null");
    BOOST_TEST(in.warning == "no audio capture device; using the null device (silence)");
    std::vector<std::int16_t> frame(160, 5);
    BOOST_TEST(in.port->read(frame) == 0u);
    BOOST_TEST(frame[0] == 0);
    auto out = media::open_playback_device(none, "speakers", 8000, 160);
    BOOST_TEST(
        out.warning ==
        "no audio playback device named \"speakers\"; using the null device (audio discarded)");
    BOOST_TEST(out.port->write(frame).has_value());
}

BOOST_AUTO_TEST_CASE(a_device_that_fails_to_open_falls_back_and_says_which)
{
    fake_backend b;
    b.list = three_devices();
    b.open_fails = true;
    auto in = media::open_capture_device(b, "USB", 8000, 160);
    BOOST_TEST(in.fell_back());
    BOOST_TEST(in.warning.find("\"USB Headset\" failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_working_device_is_used)
{
    fake_backend b;
    b.list = three_devices();
    auto in = media::open_capture_device(b, "", 8000, 160);
    BOOST_TEST(!in.fell_back());
    BOOST_TEST(in.device_name == "Built-in Microphone");
    BOOST_TEST(b.opened_id == 2u);
    std::vector<std::int16_t> frame(160);
    BOOST_TEST(in.port->read(frame) == 160u);
}

BOOST_AUTO_TEST_CASE(rtaudio_backend_degrades_gracefully)
{
    // On a machine without a sound card (CI) this falls back; with one it opens it. Either
    // way nothing throws and the stream gets a working port.
    auto backend = media::make_rtaudio_backend();
    auto const devices = backend->devices();
    auto in = media::open_capture_device(*backend, "", 8000, 160);
    BOOST_TEST_REQUIRE(in.port != nullptr);
    BOOST_TEST(in.fell_back() == (in.device_name == "null"));
    if (devices.empty())
        BOOST_TEST(in.fell_back());
    BOOST_TEST_MESSAGE("capture: " << in.device_name << " " << in.warning);
    std::vector<std::int16_t> frame(160);
    BOOST_TEST(in.port->read(frame) <= 160u);
    auto out = media::open_playback_device(*backend, "", 8000, 160);
    BOOST_TEST_REQUIRE(out.port != nullptr);
    BOOST_TEST(out.port->write(frame).has_value());
}

BOOST_AUTO_TEST_CASE(spsc_ring_carries_samples_between_threads_in_order)
{
    media::spsc_ring ring(64);
    std::vector<std::int16_t> received;
    std::thread producer([&] {
        std::int16_t next = 0;
        while (next < 20000) {
            std::int16_t chunk[7];
            for (auto& s : chunk)
                s = next++;
            std::size_t done = 0;
            while (done < 7)
                done += ring.push(std::span<std::int16_t const>(chunk).subspan(done));
        }
    });
    std::int16_t buf[13];
    while (received.size() < 20006) {
        auto const n = ring.pop(buf);
        received.insert(received.end(), buf, buf + n);
        if (received.size() >= 20006)
            break;
    }
    producer.join();
    bool in_order = true;
    for (std::size_t i = 0; i < received.size(); ++i)
        in_order = in_order && received[i] == static_cast<std::int16_t>(i);
    BOOST_TEST(in_order);
    BOOST_TEST(ring.size() == 0u);
    BOOST_TEST(ring.capacity() == 64u);
}

BOOST_AUTO_TEST_SUITE_END()
