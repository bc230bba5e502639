// softphone: the reference CLI user agent (../shared/CONTRACT.md). Options from flags and
// --config; commands from stdin, one per line (stdin may be closed: everything then comes
// from flags); events on stdout as text or JSON lines; diagnostics on stderr.

#include "line_input.hpp"
#include "options.hpp"
#include "output.hpp"
#include "phone.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

int main(int argc, char** argv)
{
    using namespace rvoip::softphone;
    auto parsed = parse_options(argc, argv);
    if (!parsed.help.empty()) {
        std::cout << parsed.help;
        return 0;
    }
    if (!parsed.opts) {
        std::cerr << parsed.error << "\n";
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN); // a closed stdout must not kill the phone mid-call
    boost::asio::io_context io;
    output out(parsed.opts->events, parsed.opts->log);
    phone p(io, *parsed.opts, out);
    auto work = boost::asio::make_work_guard(io);
    auto finish = [&] {
        boost::asio::post(io, [&] {
            p.stop();
            work.reset();
            io.stop();
        });
    };
    p.on_exit = finish;
    if (auto why = p.start(); !why.empty()) {
        std::cerr << "softphone: " << why << "\n";
        p.stop();
        return 2;
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec)
            finish();
    });
    std::thread input([&] {
        read_commands([&](std::string line) { boost::asio::post(io, [&p, line = std::move(line)] { p.command(line); }); });
    });
    input.detach(); // it may stay blocked reading a terminal when the phone exits
    io.run();
    std::cout.flush();
    std::fflush(stdout); // not fflush(nullptr): the stdin reader holds stdin's lock
    std::fflush(stderr);
    // The stdin reader may still wait for a line; the client is stopped, nothing is left to
    // tear down that the exit does not.
    std::_Exit(p.exit_code());
}
