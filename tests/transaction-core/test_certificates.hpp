#pragma once
// A test PKI made with the openssl command when the tests run: a CA, a server certificate for
// "sip.test" and 127.0.0.1 signed by it, and a second CA that signed nothing we use.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace rvoip::test {

struct test_certificates
{
    std::filesystem::path dir;
    std::string ca;        ///< the CA that signed server_cert
    std::string other_ca;  ///< a CA that signed nothing here
    std::string server_cert;
    std::string server_key;

    test_certificates()
    {
        dir = std::filesystem::temp_directory_path() / ("rvoip-tls-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        auto const d = dir.string();
        auto const run = [](std::string const& command) {
            BOOST_TEST_REQUIRE(std::system((command + " >/dev/null 2>&1").c_str()) == 0, command);
        };
        std::string const ec_key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        run("openssl req -x509 " + ec_key + " -keyout " + d + "/ca.key -out " + d +
            "/ca.pem -days 2 -subj '/CN=rvoip test CA'");
        run("openssl req -x509 " + ec_key + " -keyout " + d + "/other.key -out " + d +
            "/other.pem -days 2 -subj '/CN=rvoip other CA'");
        run("openssl req " + ec_key + " -keyout " + d + "/server.key -out " + d +
            "/server.csr -subj '/CN=sip.test'");
        std::ofstream(dir / "ext.cnf") << "subjectAltName=DNS:sip.test,IP:127.0.0.1\n";
        run("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d +
            "/ca.key -CAcreateserial -out " + d + "/server.pem -days 2 -extfile " + d + "/ext.cnf");
        ca = d + "/ca.pem";
        other_ca = d + "/other.pem";
        server_cert = d + "/server.pem";
        server_key = d + "/server.key";
    }

    ~test_certificates()
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

} // namespace rvoip::test
