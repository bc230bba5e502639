// A user agent on client-core for interop tests: registers with digest through a registrar and
// proxy (Kamailio), and as the callee answers with a tone, or as the caller sends a MESSAGE,
// calls with a tone, sends DTMF, refreshes its registration, hangs up and unregisters. Prints
// one line per thing that arrived; exits 0 only when everything it expects happened.
//   client-peer callee USER PROXY_PORT SECONDS
//   client-peer caller USER PROXY_PORT CALLEE SECONDS
#include <rvoip/client/client.hpp>

#include "../client_audio_support.hpp"

#include <rvoip/media/tone_source.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>

using namespace rvoip::client;
using namespace std::chrono_literals;

namespace {

struct peer
{
    peer(std::string const& user, std::string const& proxy_port, double tone)
    {
        auto const proxy = "sip:127.0.0.1:" + proxy_port;
        c = client_builder()
                .local_address("127.0.0.1:0")
                .user(user)
                .domain("127.0.0.1")
                .registrar(proxy, "sip:" + user + "@127.0.0.1", user, "pw-" + user, 60s)
                .outbound_proxy(proxy)
                .codecs({"PCMU"})
                .audio_devices(false)
                .auto_answer(false)
                .build();
        sub = c->subscribe([this, tone](client_event const& e) {
            if (auto const* r = e.as<registration_status_changed_event>()) {
                say(std::string{"registration "} + std::string{to_string(r->state)} + " expires=" +
                    std::to_string(r->expires) + " status=" + std::to_string(r->status));
            } else if (auto const* m = e.as<message_received_event>()) {
                say("message_received " + m->body);
            } else if (auto const* i = e.as<incoming_call_event>()) {
                say("incoming " + i->caller);
                call_audio a;
                a.source = std::make_unique<rvoip::media::tone_source>(tone, test::rate);
                a.sink = std::make_unique<test::capture_sink>(heard);
                c->answer_call(i->call, std::move(a)).then([](result<void> answered) {
                    if (!answered)
                        std::cerr << "answer failed: " << answered.error().what() << "\n";
                });
            } else if (auto const* s = e.as<call_state_changed_event>()) {
                say("state " + std::string{to_string(s->new_state)} + (s->reason.empty() ? "" : " " + s->reason));
                if (is_final(s->new_state))
                    ended = true;
            } else if (auto const* d = e.as<dtmf_received_event>()) {
                say(std::string{"dtmf "} + d->digit);
            } else if (auto const* x = e.as<client_error_event>()) {
                say("error " + x->message);
            }
        });
    }

    void say(std::string const& line)
    {
        std::lock_guard lock(out);
        std::cout << line << std::endl;
    }

    bool registered()
    {
        auto regs = c->list_registrations();
        return !regs.empty() && regs[0].state == registration_state::registered;
    }

    std::mutex out;
    std::shared_ptr<test::heard_audio> heard = std::make_shared<test::heard_audio>();
    std::unique_ptr<client> c;
    event_subscription sub;
    std::atomic<bool> ended{false};
};

int callee(std::string const& user, std::string const& port, std::chrono::seconds limit)
{
    peer p(user, port, 880);
    p.c->start().value();
    if (!test::eventually([&] { return p.registered(); }, 5s))
        return 1;
    bool heard = false;
    test::eventually([&] {
        heard = heard || test::tone_present(*p.heard, 440);
        return p.ended.load();
    }, limit);
    p.say(heard ? "heard 440" : "did not hear 440");
    auto id = p.c->list_registrations().at(0).id;
    auto un = p.c->unregister(id).get();
    p.say(un ? "unregistered" : std::string{"unregister failed: "} + un.error().what());
    return heard && p.ended && un ? 0 : 1;
}

int caller(std::string const& user, std::string const& port, std::string const& callee_user, std::chrono::seconds limit)
{
    peer p(user, port, 440);
    p.c->start().value();
    if (!test::eventually([&] { return p.registered(); }, 5s))
        return 1;
    auto const target = "sip:" + callee_user + "@127.0.0.1";
    auto m = p.c->send_message(target, "hello from " + user).get();
    p.say(m ? "message_sent" : std::string{"message failed: "} + m.error().what());
    call_request r;
    r.to = target;
    r.audio.source = std::make_unique<rvoip::media::tone_source>(440, test::rate);
    r.audio.sink = std::make_unique<test::capture_sink>(p.heard);
    auto id = p.c->make_call(std::move(r)).value();
    bool const connected = test::eventually([&] {
        auto i = p.c->get_call(id);
        return i && i->state == call_state::connected;
    }, limit);
    bool const heard = connected && test::eventually([&] { return test::tone_present(*p.heard, 880); }, 5s);
    p.say(heard ? "heard 880" : "did not hear 880");
    if (connected) {
        p.c->send_dtmf(id, "42").value();
        std::this_thread::sleep_for(1500ms); // the far end keeps listening for our tone meanwhile
        auto q = p.c->get_call_quality(id);
        if (q)
            p.say("quality mos=" + std::to_string(q->mos) + " samples=" + std::to_string(q->samples));
    }
    auto reg = p.c->list_registrations().at(0).id;
    auto refreshed = p.c->refresh_registration(reg).get();
    p.say(refreshed ? "refreshed" : std::string{"refresh failed: "} + refreshed.error().what());
    p.c->hangup_call(id).value();
    test::eventually([&] { return p.ended.load(); }, 5s);
    auto un = p.c->unregister(reg).get();
    p.say(un ? "unregistered" : std::string{"unregister failed: "} + un.error().what());
    return m && heard && refreshed && un ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> a(argv + 1, argv + argc);
    auto seconds = [](std::string const& s) {
        int n = 20;
        std::from_chars(s.data(), s.data() + s.size(), n);
        return std::chrono::seconds{n};
    };
    try {
        if (a.size() == 4 && a[0] == "callee")
            return callee(a[1], a[2], seconds(a[3]));
        if (a.size() == 5 && a[0] == "caller")
            return caller(a[1], a[2], a[3], seconds(a[4]));
    } catch (error const& e) {
        std::cerr << "client-peer: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: client-peer callee USER PROXY_PORT SECONDS | caller USER PROXY_PORT CALLEE SECONDS\n";
    return 2;
}
