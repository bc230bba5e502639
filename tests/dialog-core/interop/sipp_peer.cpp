// A user agent on the dialog layer for the SIPp scenarios of the dialog-core interop test: it
// plays the side SIPp does not, and reports what happened on stdout, one line each.
//   sipp_peer uas PORT [options]            answers calls on 127.0.0.1:PORT
//   sipp_peer uac PORT TARGET [options]     calls TARGET (host:port) from 127.0.0.1:PORT
//   sipp_peer register PORT TARGET [options] registers with TARGET and then removes the binding
// Options: --seconds N (default 20), --min-se N, --session-expires N, --reinvite-after-ack MS,
// --cancel-on-180, --hangup-after MS, --expires N. Credentials: user "alice", password
// "secret". The uas answers INVITE with 180 (reliably when the caller supports 100rel, the 200
// then waiting for the PRACK) and 200 with SDP, re-INVITEs 200, REFER 202 and its NOTIFY 200 a
// moment later, an INVITE with Replaces 200 and then BYE to the call it replaces; the uac hangs
// up the call it got. Ends on SIGTERM (uas) or when its work is done; prints its counters.
#include <rvoip/dialog/layer.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <string>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;
using std::chrono::milliseconds;

namespace {

dlg::message_parts sdp()
{
    dlg::message_parts p;
    p.content_type = "application/sdp";
    p.body = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
             "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    return p;
}

void say(std::string const& line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

struct options
{
    std::string mode;
    std::uint16_t port = 0;
    std::string target;
    int seconds = 20;
    int min_se = 90;
    int session_expires = 0;
    int reinvite_after_ack = -1;
    bool cancel_on_180 = false;
    int hangup_after = 500;
    int expires = 60;
};

bool parse(int argc, char** argv, options& o)
{
    if (argc < 3)
        return false;
    o.mode = argv[1];
    o.port = static_cast<std::uint16_t>(std::atoi(argv[2]));
    int i = 3;
    if (o.mode != "uas") {
        if (argc < 4)
            return false;
        o.target = argv[3];
        i = 4;
    }
    for (; i < argc; ++i) {
        std::string const a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (a == "--seconds")
            o.seconds = value();
        else if (a == "--min-se")
            o.min_se = value();
        else if (a == "--session-expires")
            o.session_expires = value();
        else if (a == "--reinvite-after-ack")
            o.reinvite_after_ack = value();
        else if (a == "--cancel-on-180")
            o.cancel_on_180 = true;
        else if (a == "--hangup-after")
            o.hangup_after = value();
        else if (a == "--expires")
            o.expires = value();
        else
            return false;
    }
    return o.mode == "uas" || o.mode == "uac" || o.mode == "register";
}

} // namespace

int main(int argc, char** argv)
{
    options opt;
    if (!parse(argc, argv, opt)) {
        std::fprintf(stderr, "usage: sipp_peer uas|uac|register PORT [TARGET] [options]\n");
        return 2;
    }
    boost::asio::io_context io(1);
    dlg::layer_options lo;
    lo.contact_user = "peer";
    lo.user_agent = "rvoip-sipp-peer";
    lo.min_se = std::chrono::seconds(opt.min_se);
    lo.session_expires = std::chrono::seconds(opt.session_expires);
    lo.credentials.push_back({"", "alice", "secret"}); // any realm
    int failures = 0;
    dlg::layer* ua = nullptr;
    std::list<boost::asio::steady_timer> timers; // one per delayed action, kept until the end
    auto after = [&](int ms, std::function<void()> fn) {
        auto& t = timers.emplace_back(io, milliseconds(ms));
        t.async_wait([fn = std::move(fn)](boost::system::error_code ec) {
            if (!ec)
                fn();
        });
    };
    bool call_done = false;
    std::string here;
    std::uint64_t pending_invite = 0; // uas: an INVITE waiting for its PRACK before the 200

    dlg::layer layer(io, [&](dlg::event const& e) {
        if (auto const* r = std::get_if<dlg::request_received>(&e)) {
            auto const method = r->request.method();
            dlg::dialog_id const d = r->dialog;
            if (method == sip::method::invite && !r->in_dialog) {
                if (r->replaces) {
                    say("replaces matched");
                    dlg::dialog_id const old = *r->replaces;
                    ua->respond(r->id, 200, sdp());
                    after(200, [&, old] { say(ua->bye(old) ? "bye_error" : "bye_replaced"); });
                    return;
                }
                say("invite");
                // Reliably when the caller supports 100rel (else respond_reliably refuses).
                if (!ua->respond_reliably(r->id, 180)) {
                    pending_invite = r->id; // the 200 after the PRACK
                    return;
                }
                ua->respond(r->id, 180);
                ua->respond(r->id, 200, sdp());
            } else if (method == sip::method::prack) {
                say("prack");
                ua->respond(r->id, 200);
                if (pending_invite) {
                    ua->respond(pending_invite, 200, sdp());
                    pending_invite = 0;
                }
            } else if (method == sip::method::invite) {
                say("reinvite");
                ua->respond(r->id, 200, sdp());
            } else if (method == sip::method::refer) {
                auto const to = r->request.find("Refer-To");
                say("refer " + (to ? std::string(to->value) : std::string()));
                auto const cseq = r->request.cseq().number;
                ua->respond(r->id, 202);
                after(300, [&, d, cseq] {
                    if (ua->notify_refer(d, cseq, 200))
                        ++failures;
                    else
                        say("notify_sent 200");
                });
            } else {
                ua->respond(r->id, 200);
            }
        } else if (auto const* a = std::get_if<dlg::ack_received>(&e)) {
            say("ack");
            if (opt.reinvite_after_ack >= 0) {
                dlg::dialog_id const d = a->dialog;
                int const wait = opt.reinvite_after_ack;
                opt.reinvite_after_ack = -1; // once
                after(wait, [&, d] {
                    auto ec = ua->request(d, "INVITE", sdp(), [&](boost::system::error_code rec, sip::message const* m) {
                        say("reinvite_status " + std::to_string(m ? m->status_code() : 0) +
                            (rec ? " " + rec.message() : ""));
                    });
                    if (ec) {
                        say("reinvite_error " + ec.message());
                        ++failures;
                    }
                });
            }
        } else if (auto const* p = std::get_if<dlg::invite_progressed>(&e)) {
            say("progress " + std::to_string(p->response.status_code()));
            if (opt.cancel_on_180 && p->response.status_code() == 180)
                say(ua->cancel(p->invite) ? "cancel_error" : "cancel_sent");
        } else if (auto const* ans = std::get_if<dlg::invite_answered>(&e)) {
            say("answered tag=" + ans->dialog.remote_tag);
            dlg::dialog_id const d = ans->dialog;
            after(opt.hangup_after, [&, d] {
                if (ua->find(d))
                    ua->bye(d);
            });
        } else if (auto const* f = std::get_if<dlg::invite_failed>(&e)) {
            say("failed " + std::to_string(f->status));
            call_done = true;
        } else if (auto const* t = std::get_if<dlg::dialog_terminated>(&e)) {
            say(std::string("terminated ") + std::string(dlg::to_string(t->reason)) + " tag=" + t->dialog.remote_tag);
            call_done = true; // the uac is done once no dialog is left (see the poll below)
        } else if (auto const* c = std::get_if<dlg::registration_changed>(&e)) {
            using state = dlg::registration_changed::state;
            if (c->now == state::registered) {
                say("registered expires=" + std::to_string(c->expires));
                ua->stop_registration(c->id);
            } else if (c->now == state::unregistered) {
                say("unregistered");
                call_done = true;
            } else {
                say("registration_failed " + std::to_string(c->status) + " " + c->error.message());
                ++failures;
                call_done = true;
            }
        }
    }, lo);
    ua = &layer;
    auto bound = layer.listen(tx::transport_kind::udp, "127.0.0.1", opt.port);
    if (!bound) {
        std::fprintf(stderr, "sipp_peer: cannot listen: %s\n", bound.error().message().c_str());
        return 1;
    }
    say("listening " + std::to_string(*bound));
    here = "sip:peer@127.0.0.1:" + std::to_string(*bound);
    if (opt.mode == "uac") {
        dlg::request_options r;
        r.to = "sip:service@" + opt.target;
        r.from = here;
        r.parts = sdp();
        if (auto id = layer.invite(r); !id) {
            say("invite_error " + id.error().message());
            return 1;
        }
    } else if (opt.mode == "register") {
        dlg::registration_options ro;
        ro.registrar = "sip:" + opt.target;
        ro.aor = "sip:alice@" + opt.target;
        ro.expires = std::chrono::seconds(opt.expires);
        if (auto id = layer.start_registration(ro); !id) {
            say("register_error " + id.error().message());
            return 1;
        }
    }
    // Done: the uac's call or the registration is over, and the layer has nothing live.
    boost::asio::steady_timer poll(io);
    std::function<void()> check = [&] {
        poll.expires_after(milliseconds(100));
        poll.async_wait([&](boost::system::error_code ec) {
            if (ec)
                return;
            if (opt.mode != "uas" && call_done && layer.counters().live_dialogs == 0) {
                after(300, [&] { io.stop(); }); // the last BYE's answer
                return;
            }
            check();
        });
    };
    check();
    boost::asio::signal_set stop(io, SIGINT, SIGTERM);
    stop.async_wait([&](boost::system::error_code, int) { io.stop(); });
    boost::asio::steady_timer deadline(io, std::chrono::seconds(opt.seconds));
    bool timed_out = false;
    deadline.async_wait([&](boost::system::error_code ec) {
        if (!ec) {
            timed_out = true;
            io.stop();
        }
    });
    io.run();
    auto const c = layer.counters();
    say("counters auth_retries=" + std::to_string(c.auth_retries) + " glare_rejected=" + std::to_string(c.glare_rejected) +
        " session_refreshes=" + std::to_string(c.session_refreshes) + " sessions_expired=" +
        std::to_string(c.sessions_expired) + " acks_sent=" + std::to_string(c.acks_sent) + " dialogs_created=" +
        std::to_string(c.dialogs_created) + " live_dialogs=" + std::to_string(c.live_dialogs) +
        " reliable_retransmitted=" + std::to_string(c.reliable_retransmitted) + " registrations_refreshed=" +
        std::to_string(c.registrations_refreshed));
    if (timed_out && opt.mode != "uas")
        say("timed_out");
    return failures == 0 && !(timed_out && opt.mode != "uas") ? 0 : 1;
}
