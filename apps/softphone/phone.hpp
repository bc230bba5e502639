#pragma once
// One user agent: a client-core client driven by the softphone's options, commands from stdin
// and timers, printing every event. Everything runs on the phone's io_context (run by main):
// client events are handed to it, stdin lines are posted to it, so the phone's state needs no
// lock and its calls into the client may wait for their outcome.

#include "options.hpp"
#include "output.hpp"

#include <rvoip/client/client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rvoip::softphone {

class phone
{
public:
    phone(boost::asio::io_context& io, options opts, output& out);
    ~phone();

    /// Builds and starts the client, registers, places --call. An error here (a port in use,
    /// a configuration the client refuses) is a usage error: the message, and exit 2.
    std::string start();
    /// One line from stdin.
    void command(std::string const& line);
    /// Hangs up, unregisters, stops the client; then `done()` is true.
    void stop();
    bool done() const noexcept { return done_; }
    int exit_code() const noexcept { return exit_code_; }
    /// Set when the phone wants to exit (quit, --exit-after-call): main stops the loop.
    std::function<void()> on_exit;

private:
    struct call_entry
    {
        client::call_state state = client::call_state::initiating;
        bool was_connected = false;
        bool held = false;
        std::string remote;
        std::string codec;
        bool srtp = false;
        std::chrono::steady_clock::time_point connected_at{};
        client::media_statistics stats{};
        client::call_quality quality{};
        std::vector<double> mos;
        std::string transfer_target;
        std::unique_ptr<boost::asio::steady_timer> timer; // auto-answer delay, hang-up after
    };

    void on_event(client::client_event const& e);
    void on_state(client::call_state_changed_event const& e);
    void on_connected(client::call_id id, call_entry& c);
    void on_ended(client::call_id id, call_entry& c, std::string const& reason);
    void on_media(client::media_event const& e);
    void on_quality(client::media_quality_changed_event const& e);
    void summary(client::call_id id, call_entry const& c, std::string const& reason);
    void answer(client::call_id id);
    void place_call(std::string const& uri);
    void register_now();
    void unregister_now();
    void print_stats(client::call_id id);
    void list_calls();
    void help();
    /// A call named by `token`, or the only call when `token` is empty; prints an error if none.
    std::optional<client::call_id> resolve(std::string const& token, bool prefer_incoming = false);
    client::call_audio make_audio(client::call_id id);
    std::string file_for(std::string const& path, client::call_id id) const;
    /// Prints the error of a failed operation; true when it succeeded.
    template<class T> bool check(client::result<T> const& r);
    void fail(client::error const& e);

    boost::asio::io_context& io_;
    options opts_;
    output& out_;
    std::unique_ptr<client::client> client_;
    client::event_subscription subscription_;
    std::optional<client::registration_id> registration_;
    std::map<client::call_id, call_entry> calls_;
    std::size_t ended_calls_ = 0;
    bool device_warned_ = false;
    bool done_ = false;
    int exit_code_ = 0;
};

} // namespace rvoip::softphone
