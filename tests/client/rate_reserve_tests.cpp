// The rate-limit reserve: while the server lowers RateLimit-Remaining to the reserve, the client
// slows to the refill rate; a run that cannot finish within max_run_time at that pace stops.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

// RateLimit-Remaining starts at `start` and drops by one per request.
RequestHandler draining_budget(std::int64_t start) {
    return [start](const RecordedRequest&, std::size_t index) {
        const auto remaining = std::max<std::int64_t>(0, start - static_cast<std::int64_t>(index));
        return ScriptedResponse::json(200, "{}",
                                      {{"RateLimit-Remaining", std::to_string(remaining)}});
    };
}

}  // namespace

TEST_CASE("requests are paced at the refill rate once the reserve is reached",
          "[client][ratelimit]") {
    ScriptedHttpServer server(draining_budget(103));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.rate_limit_reserve = 100;
    options.refill_per_minute = 600;  // one request per 100 ms while at the reserve
    auto client = make_client(options, logger);

    // Remaining above the reserve: no pacing.
    auto start = Clock::now();
    for (int i = 0; i < 3; ++i) client->get("/account");
    CHECK(client->stats().throttled_waits == 0);
    CHECK(ms_since(start) < 250);
    CHECK(client->stats().rate_limit_remaining == 101);

    // Remaining reaches the reserve (after the 4th answer): the 5th request takes the first paced
    // slot at once, the 6th to 9th each wait 100 ms.
    start = Clock::now();
    for (int i = 0; i < 6; ++i) client->get("/account");
    const auto elapsed = ms_since(start);
    const auto stats = client->stats();
    CHECK(stats.throttled_waits == 4);
    CHECK(elapsed >= 380);  // 4 paced intervals of 100 ms, minus timer slack
    CHECK(elapsed < 3000);
    CHECK(stats.rate_limit_remaining <= 100);
    check_requests_well_formed(server);
}

TEST_CASE("with plenty of budget nothing is paced, even at a low refill rate",
          "[client][ratelimit]") {
    ScriptedHttpServer server(draining_budget(4500));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.rate_limit_reserve = 1000;
    options.refill_per_minute = 1;  // would be a minute per request if pacing kicked in
    auto client = make_client(options, logger);
    const auto start = Clock::now();
    for (int i = 0; i < 20; ++i) client->get("/account");
    CHECK(ms_since(start) < 2000);
    CHECK(client->stats().throttled_waits == 0);
}

TEST_CASE("a run that cannot finish within max_run_time at the paced rate stops with rate_limited",
          "[client][ratelimit]") {
    ScriptedHttpServer server(draining_budget(50));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.rate_limit_reserve = 100;
    options.refill_per_minute = 600;  // 100 ms apart
    options.max_run_time = 250ms;
    auto client = make_client(options, logger);
    client->get("/account");  // learns remaining 50 <= reserve
    int done = 1;
    const auto start = Clock::now();
    const auto error = expect_api_error([&] {
        for (int i = 0; i < 50; ++i, ++done) client->get("/account");
    });
    CHECK(error.status() == Status::rate_limited);
    CHECK(std::string(error.what()).find("could not finish within max_run_time") !=
          std::string::npos);
    CHECK(done >= 2);
    CHECK(done <= 5);
    CHECK(ms_since(start) < 1000);
}

TEST_CASE("pacing waits end at once on cancel", "[client][ratelimit][cancel]") {
    ScriptedHttpServer server(draining_budget(0));
    CapturingLogger logger;
    auto options = fast_options(server.base_url());
    options.refill_per_minute = 2;  // 30 s between requests
    auto client = make_client(options, logger);
    client->get("/account");
    client->get("/account");  // takes the free slot; the next one would wait 30 s
    std::thread canceller([&] {
        std::this_thread::sleep_for(150ms);
        client->cancel();
    });
    const auto start = Clock::now();
    CHECK(expect_api_error([&] { client->get("/account"); }).status() == Status::cancelled);
    CHECK(ms_since(start) < 1000);
    canceller.join();
}
