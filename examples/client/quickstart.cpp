// The three-line client: build, start, call.
//   client-quickstart [SIP_URI]
// Without a URI it calls a second client it starts on loopback (which answers by itself), so
// that the example runs anywhere.
#include <rvoip/client/client.hpp>

#include <chrono>
#include <iostream>
#include <thread>

int main(int argc, char** argv)
{
    using namespace rvoip::client;
    try {
        std::unique_ptr<client> callee;
        std::string to = argc > 1 ? argv[1] : "";
        if (to.empty()) {
            callee = client_builder().user("bob").auto_answer(true).audio_devices(false).build();
            callee->start().value();
            to = "sip:bob@" + callee->local_address();
        }

        auto phone = client_builder().user("alice").audio_devices(argc > 1).build(); // 1
        phone->start().value();                                                       // 2
        auto call = phone->make_call(to).value();                                     // 3

        for (int i = 0; i < 50 && phone->get_call(call).value().state != call_state::connected; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds{100});
        auto info = phone->get_call(call).value();
        std::cout << "call " << call << " to " << to << ": " << to_string(info.state) << ", codec " << info.codec << "\n";
        phone->hangup_call(call).value();
        return info.state == call_state::connected ? 0 : 1;
    } catch (error const& e) {
        std::cerr << "client-quickstart: " << e.what() << " [" << to_string(e.category()) << "]\n";
        return 1;
    }
}
