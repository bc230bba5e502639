// An outside program that links the installed rvoip libraries and uses each one.
#include <rvoip/sip/message.hpp>

#ifdef RVOIP_HAS_rtp_core
#include <rvoip/rtp/srtp_key.hpp>
#include <rvoip/rtp/srtp_session.hpp>
#endif
#ifdef RVOIP_HAS_media_core
#include <rvoip/media/make_codec.hpp>
#endif
#ifdef RVOIP_HAS_transaction_core
#include <rvoip/transaction/client_transaction.hpp>
#endif

#include <iostream>

int main()
{
    auto msg = rvoip::sip::parse_message("INVITE sip:bob@example.com SIP/2.0\r\n"
                                         "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1\r\n"
                                         "From: <sip:alice@example.com>;tag=1\r\n"
                                         "To: <sip:bob@example.com>\r\n"
                                         "Call-ID: 1@host\r\n"
                                         "CSeq: 1 INVITE\r\n"
                                         "Content-Length: 0\r\n\r\n");
    if (!msg) {
        std::cerr << msg.error().message() << '\n';
        return 1;
    }
    std::cout << msg->method_text() << ' ' << msg->request_uri().text << '\n';
#ifdef RVOIP_HAS_rtp_core
    // RFC 4568 §9.1's key, into a libsrtp2 session (checks the exported libsrtp2 dependency).
    auto key = rvoip::rtp::parse_inline_key(rvoip::rtp::crypto_suite::aes_cm_128_hmac_sha1_80,
                                            "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
    if (!key || !rvoip::rtp::srtp_session::create(rvoip::rtp::srtp_direction::outbound, *key))
        return 1;
    std::cout << "srtp ok\n";
#endif
#ifdef RVOIP_HAS_media_core
    auto codec = rvoip::media::make_codec("PCMU");
    if (!codec)
        return 1;
    std::cout << "codec " << (*codec)->encoding_name() << '\n';
#endif
#ifdef RVOIP_HAS_transaction_core
    rvoip::transaction::client_transaction t(true, false, {});
    std::cout << "timers " << t.start().timers().size() << '\n';
#endif
    return 0;
}
