// An outside program that links the installed rvoip::sip-core.
#include <rvoip/sip/message.hpp>

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
    return 0;
}
