// HTTPS with certificates generated at run time: a trusted server works; an untrusted certificate
// and a wrong host name are refused; the CONNECT proxy tunnel works (with and without credentials)
// and a refusing proxy gives a clear error without its credentials; cancel aborts a TLS read.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <future>
#include <thread>

#include <Poco/Net/ServerSocket.h>
#include "client_test_fixture.hpp"
#include "support/connect_proxy.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

// One CA set per test: generation takes a few hundred ms.
struct Pki {
    TempDir dir{"iru-client-tls"};
    TestCertificateAuthority trusted{dir.path(), "trusted"};
    TestCertificateAuthority stranger{dir.path(), "stranger"};
    CertificateFiles loopback =
        trusted.issue_server_certificate("loopback", {"DNS:localhost", "IP:127.0.0.1"});
};

TlsIdentity identity(const CertificateFiles& files) {
    return {files.certificate, files.private_key};
}

RequestHandler ok_handler() {
    return [](const RecordedRequest& r, std::size_t) {
        return ScriptedResponse::json(200, "{\"path\":\"" + r.path + "\"}",
                                      {{"RateLimit-Remaining", "4321"}});
    };
}

// Sets an environment variable for the scope of a test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("HTTPS to a server whose certificate chains to ca_file", "[client][tls]") {
    Pki pki;
    ScriptedHttpServer server(ok_handler(), identity(pki.loopback));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = pki.trusted.certificate().string();
    auto client = make_client(options, logger);
    CHECK(client->get("/account").at("path") == "/account");
    CHECK(client->get("/apps").at("path") == "/apps");
    CHECK(server.connections_accepted() == 1);  // kept alive

    options.api_url = server.base_url("localhost");  // the DNS name in the certificate works too
    auto by_name = make_client(options, logger);
    CHECK(by_name->get("/account").at("path") == "/account");
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("an untrusted certificate is refused", "[client][tls]") {
    Pki pki;
    const auto untrusted =
        pki.stranger.issue_server_certificate("untrusted", {"DNS:localhost", "IP:127.0.0.1"});
    ScriptedHttpServer server(ok_handler(), identity(untrusted));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = pki.trusted.certificate().string();
    auto client = make_client(options, logger);
    const auto error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::network);
    CHECK(std::string(error.what()).find("TLS") != std::string::npos);
    CHECK(std::string(error.what()).find("certificate") != std::string::npos);
    CHECK(server.request_count() == 0);    // nothing was sent over the refused connection
    CHECK(client->stats().requests == 1);  // and it was not retried

    options.ca_file.clear();  // the system bundle does not trust a test CA either
    auto system_trust = make_client(options, logger);
    CHECK(expect_api_error([&] { system_trust->get("/account"); }).status() == Status::network);
    CHECK(server.request_count() == 0);
    check_log_free_of_token(logger);
}

TEST_CASE("a certificate for another host name is refused", "[client][tls]") {
    Pki pki;
    const auto other =
        pki.trusted.issue_server_certificate("other", {"DNS:api.other-host.example"});
    ScriptedHttpServer server(ok_handler(), identity(other));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = pki.trusted.certificate().string();
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        INFO(host);
        options.api_url = server.base_url(host);
        auto client = make_client(options, logger);
        const auto error = expect_api_error([&] { client->get("/account"); });
        CHECK(error.status() == Status::network);
        CHECK(std::string(error.what()).find("TLS") != std::string::npos);
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("a bad ca_file is a configuration error", "[client][tls]") {
    TempDir dir("iru-client-ca");
    CapturingLogger logger;
    auto options = fast_options("https://127.0.0.1:9");
    options.ca_file = (dir.path() / "missing.pem").string();
    CHECK(expect_api_error([&] { ApiClient client(options, logger); }).status() ==
          Status::bad_config);
    options.ca_file = dir.path().string();
    CHECK(expect_api_error([&] { ApiClient client(options, logger); }).status() ==
          Status::bad_config);
}

TEST_CASE("HTTPS through a CONNECT proxy", "[client][tls][proxy]") {
    Pki pki;
    ScriptedHttpServer server(ok_handler(), identity(pki.loopback));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = pki.trusted.certificate().string();

    SECTION("the proxy option") {
        ConnectProxy proxy;
        options.proxy = proxy.url();
        auto client = make_client(options, logger);
        CHECK(client->get("/account").at("path") == "/account");
        CHECK(client->get("/apps").at("path") == "/apps");
        const auto tunnels = proxy.tunnels();
        REQUIRE(tunnels.size() == 1);  // one kept-alive tunnel for both requests
        CHECK(tunnels[0].target == "127.0.0.1:" + std::to_string(server.port()));
        CHECK(tunnels[0].answered_status == 200);
        CHECK(tunnels[0].proxy_user.empty());
    }
    SECTION("proxy credentials are sent and never shown") {
        ConnectProxy proxy(ConnectProxyOptions{std::string("agent:pw-IRU-SECRET-MARKER-proxy"), 0});
        options.proxy =
            "http://agent:pw-IRU-SECRET-MARKER-proxy@127.0.0.1:" + std::to_string(proxy.port());
        auto client = make_client(options, logger);
        CHECK(client->get("/account").at("path") == "/account");
        REQUIRE(proxy.tunnels().size() == 1);
        CHECK(proxy.tunnels()[0].had_proxy_authorization);
        CHECK(proxy.tunnels()[0].proxy_user == "agent");

        options.proxy =
            "http://agent:wrong-IRU-SECRET-MARKER-proxy@127.0.0.1:" + std::to_string(proxy.port());
        auto wrong = make_client(options, logger);
        const auto error = expect_api_error([&] { wrong->get("/account"); });
        CHECK(error.status() == Status::network);
        CHECK(std::string(error.what()).find("proxy") != std::string::npos);
    }
    SECTION("a refusing proxy") {
        ConnectProxy proxy(ConnectProxyOptions{std::nullopt, 403});
        options.proxy = proxy.url();
        auto client = make_client(options, logger);
        const auto error = expect_api_error([&] { client->get("/account"); });
        CHECK(error.status() == Status::network);
        CHECK(std::string(error.what()).find(proxy.url()) != std::string::npos);
        CHECK(server.request_count() == 0);
    }
    SECTION("HTTPS_PROXY from the environment, and NO_PROXY") {
        ConnectProxy proxy;
        ScopedEnv https_proxy("HTTPS_PROXY", proxy.url());
        {
            ScopedEnv no_proxy("NO_PROXY", "example.com");
            auto client = make_client(options, logger);
            CHECK(client->get("/account").at("path") == "/account");
            CHECK(proxy.tunnels().size() == 1);
        }
        ScopedEnv no_proxy("NO_PROXY", "127.0.0.1");
        auto direct = make_client(options, logger);
        CHECK(direct->get("/account").at("path") == "/account");
        CHECK(proxy.tunnels().size() == 1);  // bypassed
    }
    check_requests_well_formed(server);
    check_log_free_of_token(logger);
}

TEST_CASE("cancel aborts a slow HTTPS request within a second", "[client][tls][cancel]") {
    Pki pki;
    ScriptedHttpServer server(
        [](const RecordedRequest&, std::size_t) {
            ScriptedResponse r = ScriptedResponse::json(200, "{}");
            r.delay = 10000ms;
            return r;
        },
        identity(pki.loopback));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = pki.trusted.certificate().string();
    options.read_timeout = 20000ms;
    auto client = make_client(options, logger);
    auto pending = std::async(std::launch::async, [&] {
        try {
            client->get("/slow");
            return Status::ok;
        } catch (const ApiError& e) {
            return e.status();
        }
    });
    const auto deadline = Clock::now() + 3s;
    while (server.request_count() < 1 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
    std::this_thread::sleep_for(50ms);
    const auto start = Clock::now();
    client->cancel();
    REQUIRE(pending.wait_for(1s) == std::future_status::ready);
    CHECK(ms_since(start) < 1000);
    CHECK(pending.get() == Status::cancelled);
}

TEST_CASE("a server that accepts TCP but never answers the TLS handshake times out",
          "[client][tls][timeout]") {
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 8);  // never accepts
    CapturingLogger logger;
    auto options = fast_options("https://127.0.0.1:" + std::to_string(silent.address().port()));
    options.connect_timeout = 300ms;
    options.read_timeout = 300ms;
    options.max_retries = 0;
    auto client = make_client(options, logger);
    const auto start = Clock::now();
    const auto error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::network);
    CHECK(ms_since(start) < 1500);
}

TEST_CASE("an exception from on_page reaches the caller unchanged", "[client][http]") {
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t) {
        return ScriptedResponse::json(206, "[1]", {{"Next-Range", "]next"}});
    });
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK_THROWS_AS(
        client->list("/apps", {}, [](nlohmann::json&) { throw std::out_of_range("sink full"); }),
        std::out_of_range);
    CHECK(server.request_count() == 1);
}
