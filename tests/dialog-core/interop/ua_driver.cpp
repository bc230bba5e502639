// A small user agent on the dialog layer for the Kamailio interop test: it registers with
// digest credentials through a real registrar and proxy, then either waits for a MESSAGE, a
// call and a presence subscription (callee) or makes them (caller), and reports each step on
// stdout as one line.
//   ua_driver callee|caller USER PROXY_PORT [PEER] [SECONDS]
// The proxy is 127.0.0.1:PROXY_PORT, the domain 127.0.0.1, the password "pw-" USER.
// Exit 0 when every step happened in time: REGISTER (401 answered), MESSAGE and INVITE (407
// answered), the call answered and hung up with BYE; SUBSCRIBE to presence (407 answered), the
// callee's PIDF "open" then "closed" in NOTIFYs by the route set, unsubscribed; the binding
// removed.
#include <rvoip/dialog/event_bodies.hpp>
#include <rvoip/dialog/layer.hpp>

#include <rvoip/sip/message.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace dlg = rvoip::dialog;
namespace tx = rvoip::transaction;
namespace sip = rvoip::sip;

namespace {

dlg::message_parts sdp(std::string const& user)
{
    dlg::message_parts p;
    p.content_type = "application/sdp";
    p.body = "v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
             "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    return p;
}

void say(std::string const& line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: ua_driver callee|caller USER PROXY_PORT [PEER] [SECONDS]\n");
        return 2;
    }
    std::string const role = argv[1];
    std::string const user = argv[2];
    std::string const proxy = "127.0.0.1:" + std::string(argv[3]);
    std::string const peer = argc > 4 ? argv[4] : "";
    int const seconds = argc > 5 ? std::atoi(argv[5]) : 20;
    bool const caller = role == "caller";
    if ((role != "caller" && role != "callee") || (caller && peer.empty())) {
        std::fprintf(stderr, "ua_driver: the caller needs a PEER to call\n");
        return 2;
    }
    std::string const aor = "sip:" + user + "@127.0.0.1";

    boost::asio::io_context io(1);
    dlg::layer_options o;
    o.contact_user = user;
    o.outbound_proxy = "sip:" + proxy;
    o.credentials.push_back({"127.0.0.1", user, "pw-" + user});
    o.user_agent = "rvoip-interop";
    o.event_packages = {"presence"};
    int failures = 0;
    bool done = false;
    dlg::layer* ua = nullptr;
    dlg::registration_id reg = 0;
    boost::asio::steady_timer later(io);
    boost::asio::steady_timer change(io);
    dlg::subscription_id watched = 0;

    auto finish = [&] {
        if (!done) {
            done = true;
            ua->stop_registration(reg);
        }
    };
    auto call = [&] {
        dlg::request_options r;
        r.to = "sip:" + peer + "@127.0.0.1";
        r.from = aor;
        r.parts = sdp(user);
        if (auto id = ua->invite(r); !id) {
            say("invite_error " + id.error().message());
            ++failures;
            finish();
        }
    };
    auto pidf = [&](bool open) {
        dlg::presence_document doc;
        doc.entity = aor;
        doc.tuples.push_back({"t1", open, aor, open ? "here" : "gone"});
        dlg::notify_content c;
        c.content_type = "application/pidf+xml";
        c.body = dlg::to_pidf(doc);
        return c;
    };
    auto subscribe = [&] {
        dlg::subscribe_options so;
        so.to = "sip:" + peer + "@127.0.0.1";
        so.from = aor;
        so.event = "presence";
        so.expires = std::chrono::seconds(120);
        so.resubscribe = false;
        if (auto id = ua->subscribe(so); !id) {
            say("subscribe_error " + id.error().message());
            ++failures;
            finish();
        }
    };
    auto send_message = [&] {
        dlg::request_options r;
        r.to = "sip:" + peer + "@127.0.0.1";
        r.from = aor;
        r.parts.content_type = "text/plain";
        r.parts.body = "hello from " + user;
        auto sent = ua->send("MESSAGE", r, [&](boost::system::error_code ec, sip::message const* m) {
            int const status = m ? m->status_code() : 0;
            say("message_status " + std::to_string(status) + (ec ? " " + ec.message() : ""));
            if (status != 200)
                ++failures;
            call();
        });
        if (sent) {
            say("message_error " + sent.message());
            ++failures;
            finish();
        }
    };

    bool const trace = std::getenv("RVOIP_UA_TRACE") != nullptr;
    dlg::layer layer(io, [&](dlg::event const& e) {
        if (trace) {
            if (auto const* r = std::get_if<dlg::request_received>(&e))
                std::fprintf(stderr, "<<< %.*s\n", static_cast<int>(r->request.bytes().size()), r->request.bytes().data());
            else if (auto const* p = std::get_if<dlg::invite_progressed>(&e))
                std::fprintf(stderr, "<<< %.*s\n", static_cast<int>(p->response.bytes().size()), p->response.bytes().data());
            else if (auto const* a = std::get_if<dlg::invite_answered>(&e))
                std::fprintf(stderr, "<<< %.*s\n", static_cast<int>(a->response.bytes().size()), a->response.bytes().data());
        }
        if (auto const* c = std::get_if<dlg::registration_changed>(&e)) {
            using state = dlg::registration_changed::state;
            if (c->now == state::registered && !done) {
                say("registered expires=" + std::to_string(c->expires));
                if (caller)
                    send_message();
            } else if (c->now == state::unregistered) {
                say("unregistered");
                io.stop();
            } else if (c->now == state::failed) {
                say("registration_failed status=" + std::to_string(c->status) + " " + c->error.message());
                ++failures;
                io.stop();
            }
        } else if (auto const* r = std::get_if<dlg::request_received>(&e)) {
            auto const method = r->request.method();
            if (method == sip::method::subscribe) {
                auto id = ua->accept_subscription(r->id, pidf(true));
                say(id ? "subscription_accepted" : "accept_error " + id.error().message());
                if (!id) {
                    ++failures;
                    finish();
                    return;
                }
                watched = *id;
                // The presentity goes away a moment later: a second NOTIFY with the new state.
                change.expires_after(std::chrono::milliseconds(200));
                change.async_wait([&](boost::system::error_code ec) {
                    if (!ec)
                        ua->notify(watched, pidf(false));
                });
            } else if (method == sip::method::message) {
                say("message_received " + std::string(r->request.body()));
                ua->respond(r->id, 200);
            } else if (method == sip::method::invite && !r->in_dialog) {
                say("invite_received");
                ua->respond(r->id, 180);
                ua->respond(r->id, 200, sdp(user));
            } else {
                ua->respond(r->id, 200);
            }
        } else if (auto const* a = std::get_if<dlg::invite_answered>(&e)) {
            say("answered " + std::to_string(a->response.status_code()));
            dlg::dialog_id const d = a->dialog;
            later.expires_after(std::chrono::milliseconds(300));
            later.async_wait([&, d](boost::system::error_code ec) {
                if (!ec)
                    ua->bye(d);
            });
        } else if (auto const* f = std::get_if<dlg::invite_failed>(&e)) {
            say("invite_failed " + std::to_string(f->status) + " " + f->error.message());
            ++failures;
            finish();
        } else if (auto const* n = std::get_if<dlg::notification>(&e)) {
            auto const doc = dlg::parse_pidf(n->notify.body());
            std::string status = "none";
            if (doc && !doc->tuples.empty())
                status = doc->tuples.front().open ? "open" : "closed";
            else if (!n->notify.body().empty())
                status = "unreadable";
            say("presence " + status + (n->state == sip::substate::terminated ? " terminated" : ""));
            // Seen the change: unsubscribe (the notifier's last NOTIFY comes, then the end).
            if (status == "closed" && n->state != sip::substate::terminated)
                ua->unsubscribe(n->id);
        } else if (auto const* x = std::get_if<dlg::subscription_ended>(&e)) {
            say(std::string(x->notifier ? "watcher_gone " : "subscription_ended ") + std::string(x->reason) +
                (x->status ? " status=" + std::to_string(x->status) : ""));
            bool const expected = x->notifier ? x->reason == "unsubscribed" : x->reason == "timeout";
            if (!expected)
                ++failures;
            if (x->notifier || x->last) {
                later.expires_after(std::chrono::milliseconds(300));
                later.async_wait([&](boost::system::error_code ec) {
                    if (!ec)
                        finish();
                });
            }
        } else if (std::get_if<dlg::ack_received>(&e)) {
            say("ack_received");
        } else if (auto const* t = std::get_if<dlg::dialog_terminated>(&e)) {
            say(std::string("terminated ") + std::string(dlg::to_string(t->reason)));
            if (t->reason == dlg::end_reason::subscription_ended)
                return; // the presence subscription's dialog: its end is reported above
            if (t->reason != dlg::end_reason::bye_received && t->reason != dlg::end_reason::bye_sent)
                ++failures;
            // The call is over: the caller subscribes to the callee's presence.
            if (caller) {
                later.expires_after(std::chrono::milliseconds(300));
                later.async_wait([&](boost::system::error_code ec) {
                    if (!ec)
                        subscribe();
                });
            }
        }
    }, o);
    ua = &layer;
    auto port = layer.listen(tx::transport_kind::udp, "127.0.0.1", 0);
    if (!port) {
        std::fprintf(stderr, "ua_driver: cannot listen: %s\n", port.error().message().c_str());
        return 1;
    }
    dlg::registration_options ro;
    ro.registrar = "sip:127.0.0.1";
    ro.aor = aor;
    ro.expires = std::chrono::seconds(60);
    auto id = layer.start_registration(ro);
    if (!id) {
        std::fprintf(stderr, "ua_driver: cannot register: %s\n", id.error().message().c_str());
        return 1;
    }
    reg = *id;
    boost::asio::steady_timer deadline(io, std::chrono::seconds(seconds));
    bool timed_out = false;
    deadline.async_wait([&](boost::system::error_code ec) {
        if (!ec) {
            timed_out = true;
            io.stop();
        }
    });
    io.run();
    auto const c = layer.counters();
    say("counters auth_retries=" + std::to_string(c.auth_retries) + " dialogs_created=" +
        std::to_string(c.dialogs_created) + " live_dialogs=" + std::to_string(c.live_dialogs));
    if (timed_out)
        say("timed_out");
    return failures == 0 && !timed_out && done ? 0 : 1;
}
