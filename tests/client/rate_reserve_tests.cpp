// The rate-limit reserve through the client, against a scripted token bucket: nothing is sent while
// RateLimit-Remaining minus the requests in flight is at the reserve; the client then reads
// GET /account/rate-limits (free) until the budget is above the reserve by the margin. The
// bucket refills only when polled, so every count below is exact and no assertion is on time.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "client_test_fixture.hpp"

using namespace iru::heroku;
using namespace iru::test;
using namespace std::chrono_literals;

namespace {

// A bucket the scripted server serves: each paid GET takes a token (RateLimit-Remaining after it);
// each GET /account/rate-limits first adds refill_per_poll (another client's spending when
// negative) and answers the budget. Thread-safe.
class ScriptedBucket {
public:
    ScriptedBucket(std::int64_t start, std::int64_t refill_per_poll)
        : remaining_(start), refill_per_poll_(refill_per_poll) {}

    RequestHandler handler() {
        return [this](const RecordedRequest& request, std::size_t) {
            std::lock_guard lock(mutex_);
            if (request.path == "/account/rate-limits") {
                ++polls_;
                remaining_ = std::max<std::int64_t>(0, remaining_ + refill_per_poll_);
                return ScriptedResponse::json(
                    200, "{\"remaining\":" + std::to_string(remaining_) + "}",
                    {{"RateLimit-Remaining", std::to_string(remaining_)}});
            }
            if (remaining_ == 0) return ScriptedResponse::json(429, R"({"id":"rate_limit"})");
            --remaining_;
            ++paid_;
            lowest_ = std::min(lowest_, remaining_);
            return ScriptedResponse::json(200, "{}",
                                          {{"RateLimit-Remaining", std::to_string(remaining_)}});
        };
    }
    std::int64_t polls() const {
        std::lock_guard lock(mutex_);
        return polls_;
    }
    std::int64_t paid() const {
        std::lock_guard lock(mutex_);
        return paid_;
    }
    // The lowest the collection's own requests left the bucket at.
    std::int64_t lowest() const {
        std::lock_guard lock(mutex_);
        return lowest_;
    }

private:
    mutable std::mutex mutex_;
    std::int64_t remaining_;
    const std::int64_t refill_per_poll_;
    std::int64_t polls_ = 0;
    std::int64_t paid_ = 0;
    std::int64_t lowest_ = std::numeric_limits<std::int64_t>::max();
};

ClientOptions reserve_options(const std::string& url) {
    auto options = fast_options(url);
    options.rate_limit_reserve = 100;
    options.rate_limit_resume_margin = 20;
    options.rate_limit_poll_interval = 5ms;
    return options;
}

}  // namespace

TEST_CASE("at the reserve nothing is sent until /account/rate-limits shows reserve plus margin",
          "[client][ratelimit]") {
    ScriptedBucket bucket(105, 7);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto client = make_client(reserve_options(server.base_url()), logger);

    for (int i = 0; i < 30; ++i) client->get("/account");
    // 5 requests take the bucket to the reserve (100); the 6th waits: polls read 107, 114, 121
    // (above 100 + 20), then 21 requests take it back to 100; the 27th waits for three polls
    // again, and the last four leave 117.
    CHECK(bucket.paid() == 30);
    CHECK(bucket.lowest() == 100);
    CHECK(bucket.polls() == 6);
    const auto stats = client->stats();
    CHECK(stats.throttled_waits == 2);
    CHECK(stats.rate_limit_polls == 6);
    CHECK(stats.rate_limit_remaining == 117);
    CHECK(stats.lowest_rate_limit_remaining == 100);
    CHECK(stats.budget_spent_by_others == 0);
    CHECK(stats.rate_limited == 0);
    check_requests_well_formed(server);
}

TEST_CASE("with plenty of budget nothing waits and nothing polls", "[client][ratelimit]") {
    ScriptedBucket bucket(4500, 0);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_reserve = 1000;
    options.rate_limit_poll_interval = 60'000ms;
    auto client = make_client(options, logger);
    for (int i = 0; i < 20; ++i) client->get("/account");
    CHECK(bucket.paid() == 20);
    CHECK(bucket.polls() == 0);
    CHECK(client->stats().throttled_waits == 0);
    CHECK(client->stats().rate_limit_polls == 0);
}

TEST_CASE("concurrent requests never take the bucket below the reserve", "[client][ratelimit]") {
    ScriptedBucket bucket(150, 5);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_resume_margin = 10;
    auto client = make_client(options, logger);
    client->get("/account");  // the budget is known before the threads start
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                try {
                    client->get("/account");
                } catch (const ApiError&) {
                    ++failures;
                }
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(bucket.paid() == 101);
    CHECK(bucket.lowest() >= 100);
    CHECK(bucket.polls() >= 1);
    CHECK(client->stats().rate_limit_polls == static_cast<std::uint64_t>(bucket.polls()));
    CHECK(client->stats().rate_limited == 0);
}

TEST_CASE("a budget that stays at the reserve ends at max_run_time, naming the other spender",
          "[client][ratelimit]") {
    // Another client of the account spends 2 tokens between two polls.
    ScriptedBucket bucket(105, -2);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_poll_interval = 20ms;
    options.max_run_time = 300ms;
    auto client = make_client(options, logger);
    for (int i = 0; i < 5; ++i) client->get("/account");
    const auto error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::rate_limited);
    CHECK(error.http_status() == 0);  // not a 429: the run stops as partial
    const std::string message = error.what();
    CHECK(message.find("max_run_time") != std::string::npos);
    CHECK(message.find("rate_limit_reserve 100") != std::string::npos);
    CHECK(bucket.paid() == 5);
    CHECK(bucket.lowest() == 100);
    const auto polls = bucket.polls();
    REQUIRE(polls >= 1);
    const auto stats = client->stats();
    CHECK(stats.rate_limit_polls == static_cast<std::uint64_t>(polls));
    CHECK(stats.throttled_waits == 1);  // the one request that waited, never sent
    CHECK(stats.lowest_rate_limit_remaining == 100 - 2 * polls);
    // The first poll already reads 98: all of it was someone else.
    CHECK(stats.budget_spent_by_others == 2 * polls);
    CHECK(message.find("someone else spent at least") != std::string::npos);
    CHECK(stats.rate_limited == 0);
}

TEST_CASE("a bounded wait at the reserve gives up naming the reserve", "[client][ratelimit]") {
    ScriptedBucket bucket(101, 0);
    ScriptedBucket plenty(4500, 0);  // served at the end; outlives the server
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_poll_interval = 20ms;
    auto client = make_client(options, logger);
    client->set_max_reserve_wait(100ms);
    client->get("/account");  // leaves 100: the next request waits, and the budget stays
    const auto error = expect_api_error([&] { client->get("/account"); });
    CHECK(error.status() == Status::rate_limited);
    CHECK(error.http_status() == 0);
    CHECK(std::string(error.what()).find("waited 100 ms") != std::string::npos);
    CHECK(std::string(error.what()).find("rate_limit_reserve 100") != std::string::npos);
    CHECK(bucket.paid() == 1);
    CHECK(bucket.polls() >= 1);
    // Unbounded again, a budget back above the reserve lets requests go.
    client->set_max_reserve_wait(std::nullopt);
    server.set_handler(plenty.handler());
    CHECK(client->get("/account").is_object());
}

TEST_CASE("waiting at the reserve ends at once on cancel", "[client][ratelimit][cancel]") {
    ScriptedBucket bucket(101, 0);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_poll_interval = 30'000ms;  // a second poll would come only after 30 s
    auto client = make_client(options, logger);
    client->get("/account");  // leaves 100: the next request waits
    std::thread canceller([&] {
        std::this_thread::sleep_for(150ms);
        client->cancel();
    });
    CHECK(expect_api_error([&] { client->get("/account"); }).status() == Status::cancelled);
    canceller.join();
    CHECK(bucket.paid() == 1);
    CHECK(bucket.polls() == 1);  // ended before the next poll was due
}

TEST_CASE("waiting at the reserve ends when the stop check says so",
          "[client][ratelimit][cancel]") {
    ScriptedBucket bucket(101, 0);
    ScriptedHttpServer server(bucket.handler());
    CapturingLogger logger;
    auto options = reserve_options(server.base_url());
    options.rate_limit_poll_interval = 30'000ms;
    auto client = make_client(options, logger);
    std::atomic<bool> stop{false};
    client->set_stop_check([&] { return stop.load(); });
    client->get("/account");
    std::thread stopper([&] {
        std::this_thread::sleep_for(150ms);
        stop = true;
    });
    CHECK(expect_api_error([&] { client->get("/account"); }).status() == Status::cancelled);
    stopper.join();
    client->set_stop_check({});
    CHECK(bucket.paid() == 1);
    CHECK(bucket.polls() == 1);
}

TEST_CASE("a budget falling faster than the client spends is someone else's spending",
          "[client][ratelimit]") {
    // Each answer is 3 lower than the one before: the client took 1, someone else 2.
    ScriptedHttpServer server([](const RecordedRequest&, std::size_t index) {
        return ScriptedResponse::json(
            200, "{}",
            {{"RateLimit-Remaining", std::to_string(4000 - 3 * static_cast<int>(index))}});
    });
    CapturingLogger logger;
    auto client = make_client(reserve_options(server.base_url()), logger);
    for (int i = 0; i < 10; ++i) client->get("/account");
    CHECK(client->stats().budget_spent_by_others == 2 * 9);
    CHECK(client->stats().throttled_waits == 0);
}
