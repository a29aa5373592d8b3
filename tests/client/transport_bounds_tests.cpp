// The transport against servers that misbehave below the JSON: bodies too large, bytes dripped,
// bodies torn off mid-way (plain and chunked), TLS dropped without close_notify, and many large
// answers at once. Served by small raw servers on 127.0.0.1.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "client_test_fixture.hpp"
#include "http/http_client.hpp"
#include "http/url.hpp"
#include "support/raw_tcp_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

#include <Poco/Net/SecureStreamSocket.h>

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

std::string http_head(const std::string& extra) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + "\r\n";
}

// Serves every request on a connection with answer(n), n counting requests over all connections.
RawTcpServer::ConnectionHandler keep_alive(
    std::function<void(Poco::Net::StreamSocket&, std::size_t n)> answer) {
    auto count = std::make_shared<std::atomic<std::size_t>>(0);
    return [answer, count](Poco::Net::StreamSocket& socket, RawTcpServer& server) {
        while (!server.stopping()) {
            if (server.read_request_head(socket).empty()) return;
            answer(socket, count->fetch_add(1));
        }
    };
}

std::string chunked(const std::string& body, std::size_t piece) {
    std::string out;
    char size[32];
    for (std::size_t at = 0; at < body.size(); at += piece) {
        const std::string part = body.substr(at, piece);
        std::snprintf(size, sizeof(size), "%zx\r\n", part.size());
        out += size + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

}  // namespace

TEST_CASE("an answer larger than max_response_bytes is a bad_answer, refused before it is read",
          "[client][http][bounds]") {
    const std::string big = "[" + json_items("x", 2000).substr(1);  // about 26 KB
    ScriptedHttpServer server(
        [&](const RecordedRequest&, std::size_t) { return ScriptedResponse::json(200, big); });
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.max_response_bytes = 16 * 1024;
    auto client = make_client(options, logger);
    const auto error = expect_api_error([&] { client->get("/apps"); });
    CHECK(error.bad_answer());
    CHECK_THAT(error.what(), Catch::Contains("GET /apps") && Catch::Contains("max_response_bytes"));
    CHECK(server.request_count() == 1);

    options.max_response_bytes = 64 * 1024;
    auto roomy = make_client(options, logger);
    CHECK(roomy->list_all("/apps").size() == 2000);
}

TEST_CASE("a chunked answer past max_response_bytes is refused; a whole one is read",
          "[client][http][bounds][chunked]") {
    const std::string body = json_items("c", 3000);  // about 40 KB
    RawTcpServer server(keep_alive([&](Poco::Net::StreamSocket& socket, std::size_t) {
        send_all(socket, http_head("Transfer-Encoding: chunked\r\n") + chunked(body, 1000));
    }));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.max_response_bytes = 128 * 1024;
    auto client = make_client(options, logger);
    CHECK(client->list_all("/apps").size() == 3000);
    CHECK(client->list_all("/addons").size() == 3000);
    CHECK(server.connections_accepted() ==
          1);  // the connection stays usable after a chunked answer

    options.max_response_bytes = 8 * 1024;
    auto small = make_client(options, logger);
    const auto error = expect_api_error([&] { small->get("/apps"); });
    CHECK(error.bad_answer());
    CHECK(server.requests_seen() == 3);
}

TEST_CASE("a chunked answer torn off before its last chunk is retried, not taken as whole",
          "[client][http][retry][chunked]") {
    const std::string body = json_items("t", 50);
    RawTcpServer server(keep_alive([&](Poco::Net::StreamSocket& socket, std::size_t n) {
        std::string all = http_head("Transfer-Encoding: chunked\r\n") + chunked(body, 100);
        if (n == 0) {
            send_all(socket, all.substr(0, all.size() / 2));  // then the connection closes
            socket.shutdown();
            throw std::runtime_error("torn");
        }
        send_all(socket, all);
    }));
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->get("/account").size() == 50);
    CHECK(client->stats().retries == 1);
    CHECK(server.requests_seen() == 2);
    CHECK(logger.contains("closed before the whole (chunked) answer arrived"));
}

TEST_CASE("an answer shorter than its Content-Length is retried", "[client][http][retry]") {
    RawTcpServer server(keep_alive([&](Poco::Net::StreamSocket& socket, std::size_t n) {
        const std::string body = R"({"id":"account"})";
        if (n == 0) {
            send_all(socket, http_head("Content-Length: 100\r\n") + body);
            socket.shutdown();
            throw std::runtime_error("torn");
        }
        send_all(socket,
                 http_head("Content-Length: " + std::to_string(body.size()) + "\r\n") + body);
    }));
    CapturingLogger logger;
    auto client = make_client(fast_options(server.base_url()), logger);
    CHECK(client->get("/account").at("id") == "account");
    CHECK(client->stats().retries == 1);
}

TEST_CASE("a server dripping a byte at a time cannot hold a request past its total time",
          "[client][http][deadline]") {
    RawTcpServer server(keep_alive([](Poco::Net::StreamSocket& socket, std::size_t) {
        send_all(socket, http_head("Content-Length: 100\r\n"));
        for (int i = 0; i < 100; ++i) {
            send_all(socket, " ");
            std::this_thread::sleep_for(100ms);  // each byte well within read_timeout
        }
    }));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.connect_timeout = 200ms;
    options.read_timeout = 400ms;  // total: 200 + 2 * 400 = 1000 ms
    options.max_retries = 0;
    auto client = make_client(options, logger);
    const auto start = Clock::now();
    const auto error = expect_api_error([&] { client->get("/account"); });
    const auto took = ms_since(start);
    CHECK(error.status() == Status::network);
    CHECK_THAT(error.what(), Catch::Contains("total time"));
    CHECK(took >= 900);
    CHECK(took < 2000);
}

TEST_CASE("a dripping server cannot hold the run past max_run_time, retries included",
          "[client][http][deadline]") {
    RawTcpServer server(keep_alive([](Poco::Net::StreamSocket& socket, std::size_t) {
        send_all(socket, http_head("Content-Length: 100\r\n"));
        for (int i = 0; i < 100; ++i) {
            send_all(socket, " ");
            std::this_thread::sleep_for(100ms);
        }
    }));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.read_timeout = 2000ms;
    options.max_retries = 4;
    options.max_run_time = 1500ms;
    auto client = make_client(options, logger);
    const auto start = Clock::now();
    const auto error = expect_api_error([&] { client->get("/account"); });
    const auto took = ms_since(start);
    CHECK(error.status() == Status::rate_limited);  // the client's "max_run_time reached" contract
    CHECK(error.http_status() == 0);
    CHECK_THAT(error.what(), Catch::Contains("max_run_time"));
    CHECK(took < 2500);
    CHECK(server.requests_seen() == 1);  // no retry could finish before the run's end
}

TEST_CASE("TLS dropped without close_notify mid-answer is a transient failure and is retried",
          "[client][tls][retry]") {
    TempDir dir{"iru-client-eof"};
    TestCertificateAuthority ca{dir.path(), "trusted"};
    const auto cert = ca.issue_server_certificate("loopback", {"DNS:localhost", "IP:127.0.0.1"});
    RawTcpServer server(
        keep_alive([&](Poco::Net::StreamSocket& socket, std::size_t n) {
            const std::string body = R"({"id":"account"})";
            if (n == 0) {
                send_all(socket, http_head("Content-Length: 100\r\n") + body);
                Poco::Net::SecureStreamSocket(socket).abort();  // TCP closed, no TLS close_notify
                throw std::runtime_error("dropped");
            }
            send_all(socket,
                     http_head("Content-Length: " + std::to_string(body.size()) + "\r\n") + body);
        }),
        TlsIdentity{cert.certificate, cert.private_key});
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.ca_file = ca.certificate().string();
    auto client = make_client(options, logger);
    CHECK(client->get("/account").at("id") == "account");
    CHECK(client->stats().retries == 1);
    CHECK(logger.contains("was closed"));
    for (const auto& [level, line] : logger.lines()) {
        INFO(line);
        CHECK(line.find("certificate") ==
              std::string::npos);  // not taken for a certificate problem
    }
}

TEST_CASE("a TLS session to a host name sends that name, and reconnects to it",
          "[client][tls][dns]") {
    TempDir dir{"iru-client-name"};
    TestCertificateAuthority ca{dir.path(), "trusted"};
    const auto cert = ca.issue_server_certificate("loopback", {"DNS:localhost"});
    std::vector<std::string> hosts;
    std::mutex mutex;
    RawTcpServer server(
        [&](Poco::Net::StreamSocket& socket, RawTcpServer& raw) {
            const std::string head = raw.read_request_head(socket);
            const auto at = head.find("\r\nHost: ");
            {
                std::lock_guard lock(mutex);
                hosts.push_back(at == std::string::npos
                                    ? ""
                                    : head.substr(at + 8, head.find("\r\n", at + 8) - at - 8));
            }
            send_all(socket, http_head("Content-Length: 2\r\nConnection: close\r\n") + "{}");
        },
        TlsIdentity{cert.certificate, cert.private_key});
    CapturingLogger logger;
    auto options = fast_options("https://localhost:" + std::to_string(server.port()));
    options.ca_file = ca.certificate().string();
    auto client = make_client(options, logger);
    client->get("/a");
    client->get("/b");  // the server closed the first connection: a new one, verified by name again
    CHECK(server.connections_accepted() == 2);
    std::lock_guard lock(mutex);
    CHECK(hosts == std::vector<std::string>{"localhost:" + std::to_string(server.port()),
                                            "localhost:" + std::to_string(server.port())});
}

TEST_CASE("large answers on many connections at once stay within the in-flight budget",
          "[client][http][budget]") {
    const std::string body(200 * 1024, ' ');
    ScriptedHttpServer server(
        [&](const RecordedRequest&, std::size_t) { return ScriptedResponse::json(200, body); });
    http::HttpClientSettings settings;
    settings.pool_size = 16;
    settings.max_body_bytes = 256 * 1024;
    settings.max_in_flight_bytes = 512 * 1024;  // two answers at a time
    http::HttpClient http(http::parse_api_url(server.base_url()), settings);
    std::vector<std::future<std::size_t>> calls;
    for (int i = 0; i < 16; ++i)
        calls.push_back(std::async(std::launch::async, [&] {
            auto response = http.get("/x", {}, Clock::now() + 10s);
            std::this_thread::sleep_for(20ms);  // the answer is held while its reader uses it
            return response.body.size();
        }));
    for (auto& c : calls) CHECK(c.get() == body.size());
    CHECK(http.in_flight().peak() <= 512 * 1024);
    CHECK(http.in_flight().peak() >= 400 * 1024);  // two answers did overlap
    CHECK(http.in_flight().in_use() == 0);
}
