// The fake's HTTP behaviour: Accept, auth, rate limit, methods, headers, ETag, request log.
#include <atomic>
#include <sstream>
#include <thread>

#include <Poco/Base64Encoder.h>
#include <catch2/catch.hpp>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

Config small_config() {
    Config c;
    c.account.apps = 12;
    c.account.teams = 3;
    c.account.members_per_team = 4;
    return c;
}

}  // namespace

TEST_CASE("a good request gets JSON with Heroku's headers", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    REQUIRE(fake.port() != 0);
    CHECK(fake.base_url() == "http://127.0.0.1:" + std::to_string(fake.port()));
    FakeClient client(fake);
    const Reply r = client.get("/account");
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
    CHECK_FALSE(r.header("Request-Id").empty());
    CHECK(r.header("RateLimit-Remaining") == "4499");
    const json account = json::parse(r.body);
    CHECK(account["email"] == fake.account().me().email);
    CHECK(account.contains("two_factor_authentication"));
    CHECK(account.contains("federated"));
    CHECK(account.contains("last_login"));
}

TEST_CASE("Accept must name API version 3", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    FakeClient client(fake);
    for (const std::string accept :
         {"", "application/json", "application/vnd.heroku+json; version=2"}) {
        const Reply r = client.get("/account", {{"Accept", accept}});
        CHECK(r.status == 406);
        CHECK(json::parse(r.body)["id"] == "not_acceptable");
    }
    CHECK(client.get("/account", {{"Accept", "application/vnd.heroku+json;version=3"}}).status ==
          200);
}

TEST_CASE("a missing, wrong or expired token gets 401 with a JSON error", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    FakeClient client(fake);
    for (const std::string& auth :
         std::vector<std::string>{"", "Bearer wrong", "Token " + fake.token(), "Bearer"}) {
        const Reply r = client.get("/apps", {{"Authorization", auth}});
        CHECK(r.status == 401);
        CHECK(json::parse(r.body)["id"] == "unauthorized");
        CHECK(r.body.find(fake.token()) == std::string::npos);
    }
    // Basic with an empty user and the token as password also works (Heroku CLI's .netrc style).
    std::ostringstream encoded;
    {
        Poco::Base64Encoder encoder(encoded);
        encoder << ":" << fake.token();
    }
    CHECK(client.get("/account", {{"Authorization", "Basic " + encoded.str()}}).status == 200);

    FaultSpec faults;
    faults.token_expired = true;
    fake.set_faults(faults);
    CHECK(client.get("/account").status == 401);
}

TEST_CASE("the rate-limit bucket empties to 429 and /account/rate-limits costs nothing",
          "[server]") {
    Config config = small_config();
    config.server.refill_per_minute = 0;  // no refill during the test
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    fake.set_rate_limit_remaining(3);
    Reply r = client.get("/account/rate-limits");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["remaining"] == 3);
    CHECK(client.get("/account").header("RateLimit-Remaining") == "2");
    CHECK(client.get("/account").header("RateLimit-Remaining") == "1");
    CHECK(client.get("/account").header("RateLimit-Remaining") == "0");
    r = client.get("/account");
    CHECK(r.status == 429);
    CHECK(json::parse(r.body)["id"] == "rate_limit");
    CHECK(r.header("RateLimit-Remaining") == "0");
    r = client.get("/account/rate-limits");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["remaining"] == 0);
    CHECK(fake.rate_limit_remaining() == 0);
    fake.set_rate_limit_remaining(4500);
    CHECK(client.get("/account").status == 200);
}

TEST_CASE("the bucket refills at the configured rate", "[server]") {
    Config config = small_config();
    config.server.rate_limit_start = 0;
    // Two per second: the first answer is a 429 unless it took half a second (a loaded machine
    // still answers sooner), and 700 ms later a token has been refilled.
    config.server.refill_per_minute = 60.0 * 2;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    CHECK(client.get("/account").status == 429);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    CHECK(client.get("/account").status == 200);
}

TEST_CASE("anything but GET is 405 and still recorded", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    FakeClient client(fake);
    for (const std::string method : {"POST", "PATCH", "DELETE", "PUT"}) {
        const Reply r = client.request(method, "/apps");
        CHECK(r.status == 405);
        CHECK(json::parse(r.body)["id"] == "method_not_allowed");
    }
    const auto log = fake.requests();
    REQUIRE(log.size() == 4);
    CHECK(log[0].method == "POST");
    CHECK(log[0].path == "/apps");
    CHECK(log[0].status == 405);
    CHECK(log[3].method == "PUT");
}

TEST_CASE("the request log keeps headers of interest but never the token", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    FakeClient client(fake);
    client.get("/apps?x=1", {{"Range", "name ..; max=2"}, {"Request-Id", "client-req-1"}});
    client.get("/account", {{"Authorization", ""}});
    const auto log = fake.requests();
    REQUIRE(log.size() == 2);
    CHECK(log[0].path == "/apps");
    CHECK(log[0].query == "x=1");
    CHECK(log[0].range == "name ..; max=2");
    CHECK(log[0].accept == kAccept);
    CHECK(log[0].user_agent == "fake-tests/1.0");
    CHECK(log[0].request_id == "client-req-1");
    CHECK(log[0].has_authorization);
    CHECK(log[0].status == 206);
    CHECK_FALSE(log[1].has_authorization);
    CHECK(log[1].status == 401);
    fake.clear_requests();
    CHECK(fake.requests().empty());
}

TEST_CASE("unknown paths are 404 not_found, and ETag with If-None-Match gives 304", "[server]") {
    FakeHeroku fake(small_config());
    fake.start();
    FakeClient client(fake);
    Reply r = client.get("/no/such/thing");
    CHECK(r.status == 404);
    CHECK(json::parse(r.body)["id"] == "not_found");
    CHECK(client.get("/apps/no-such-app").status == 404);

    r = client.get("/account");
    const std::string etag = r.header("ETag");
    REQUIRE_FALSE(etag.empty());
    r = client.get("/account", {{"If-None-Match", etag}});
    CHECK(r.status == 304);
    CHECK(r.body.empty());
}

TEST_CASE("latency is added to every request", "[server]") {
    Config config = small_config();
    config.server.latency = std::chrono::milliseconds(60);
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const auto t0 = std::chrono::steady_clock::now();
    client.get("/account");
    client.get("/account/rate-limits");
    CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(120));
    fake.set_latency(std::chrono::milliseconds(0));
}

TEST_CASE("many keep-alive connections are served at once", "[server]") {
    Config config = small_config();
    config.server.latency = std::chrono::milliseconds(20);
    FakeHeroku fake(config);
    fake.start();
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    const auto t0 = std::chrono::steady_clock::now();
    for (int t = 0; t < 24; ++t)
        threads.emplace_back([&] {
            FakeClient client(fake);
            for (int i = 0; i < 5; ++i)
                if (client.get("/account").status == 200) ++ok;
        });
    for (auto& th : threads) th.join();
    CHECK(ok == 24 * 5);
    // 120 requests of 20 ms on 24 parallel connections: about 100 ms, far from serial 2.4 s.
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1500));
}

TEST_CASE("only loopback hosts are accepted", "[server]") {
    Config config = small_config();
    config.server.host = "0.0.0.0";
    CHECK_THROWS_WITH(FakeHeroku(config), Catch::Contains("loopback"));
    config.server.host = "localhost";
    FakeHeroku fake(config);
    fake.start();
    CHECK(fake.port() != 0);
    fake.stop();
    fake.stop();  // idempotent
}
