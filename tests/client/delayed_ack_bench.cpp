// Benchmark, not a timed test (hidden: run `client_tests "[bench]"`): keep-alive requests to a
// server that writes each answer's header and body as two segments without TCP_NODELAY, with the
// client's prompt ACKs (TCP_QUICKACK after sending) on and off. Without them, each answer's body
// waits for the client's delayed ACK of its header (~40 ms on Linux).
#include <catch2/catch.hpp>

#include <cstdio>
#include <thread>

#include "client_test_fixture.hpp"
#include "http/http_client.hpp"
#include "http/url.hpp"
#include "support/raw_tcp_server.hpp"

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

// Header and body in two writes, Nagle left on: the body waits until the header is acknowledged.
void split_answer(Poco::Net::StreamSocket& socket, RawTcpServer& server) {
    const std::string body = json_items("a", 20);
    while (!server.stopping()) {
        if (server.read_request_head(socket).empty()) return;
        send_all(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n");
        send_all(socket, body);
    }
}

double ms_per_request(bool prompt_acks, int requests) {
    RawTcpServer server(split_answer);
    http::HttpClientSettings settings;
    settings.pool_size = 1;
    settings.prompt_acks = prompt_acks;
    http::HttpClient http(http::parse_api_url(server.base_url()), settings);
    http.get("/warm-up", {}, Clock::now() + 10s);
    const auto start = Clock::now();
    for (int i = 0; i < requests; ++i)
        REQUIRE(http.get("/apps", {}, Clock::now() + 10s).status == 200);
    const double ms = static_cast<double>(ms_since(start)) / requests;
    CHECK(server.connections_accepted() == 1);
    return ms;
}

}  // namespace

TEST_CASE("delayed ACK: keep-alive requests to a server writing header and body apart",
          "[.][bench]") {
    constexpr int requests = 50;
    const double without = ms_per_request(false, requests);
    const double with = ms_per_request(true, requests);
    std::printf(
        "delayed-ACK benchmark, %d keep-alive requests on 127.0.0.1, header and body written "
        "apart:\n"
        "  without prompt ACKs: %.2f ms per request\n  with TCP_QUICKACK:   %.2f ms per request\n",
        requests, without, with);
}
