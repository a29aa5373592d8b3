// The fake's token bucket on a hand-driven clock: refill, the simulated customer, compressed time,
// held time, and what the bucket keeps of a run.
#include <catch2/catch.hpp>

#include <chrono>

#include "rate_limit.hpp"

using iru::fake::BucketSpec;
using iru::fake::RateLimitBucket;
using namespace std::chrono_literals;

namespace {

struct ManualClock {
    std::chrono::steady_clock::time_point now{};
    RateLimitBucket::Clock function() {
        return [this] { return now; };
    }
};

}  // namespace

TEST_CASE("the bucket refills per simulated minute, compressed by time_scale", "[bucket]") {
    ManualClock clock;
    RateLimitBucket bucket(BucketSpec{1000, 4500, 75.0, 0.0, 60.0, false}, clock.function());
    CHECK(bucket.remaining() == 1000);
    clock.now += 1s;  // one simulated minute
    CHECK(bucket.remaining() == 1075);
    clock.now += 100s;  // capped at the capacity
    CHECK(bucket.remaining() == 4500);
}

TEST_CASE("the simulated customer spends the bucket at its own rate", "[bucket]") {
    ManualClock clock;
    // The customer spends 45 of the 75 refilled per minute: the bucket gains 30 a minute.
    RateLimitBucket bucket(BucketSpec{1000, 4500, 75.0, 45.0, 60.0, false}, clock.function());
    clock.now += 2s;
    CHECK(bucket.remaining() == 1060);
    CHECK(bucket.stats().customer_spent == 90);
    // Above the refill rate, it drains the bucket, then is refused what is not there.
    bucket.set_customer_per_minute(180.0);
    clock.now += 10s;  // 1060 + 750 - 1800 = 10
    CHECK(bucket.remaining() == 10);
    clock.now += 1s;  // 10 + 75 there, 180 wanted: 95 refused
    const auto stats = bucket.stats();
    CHECK(stats.remaining == 0);
    CHECK(stats.customer_spent == 90 + 1800 + 85);
    CHECK(stats.customer_refused == 95);
}

TEST_CASE("the bucket keeps the lowest a served request left it at", "[bucket]") {
    ManualClock clock;
    RateLimitBucket bucket(BucketSpec{3, 4500, 0.0, 0.0, 1.0, false}, clock.function());
    CHECK(bucket.stats().served == 0);
    CHECK(bucket.try_take());
    CHECK(bucket.try_take());
    bucket.set_remaining(10);  // set by hand: not a request
    CHECK(bucket.try_take());
    const auto stats = bucket.stats();
    CHECK(stats.served == 3);
    CHECK(stats.lowest_after_request == 1);
    CHECK(stats.remaining == 9);
    bucket.set_remaining(0);
    CHECK_FALSE(bucket.try_take());
    CHECK(bucket.stats().served == 3);
}

TEST_CASE("held time neither refills nor spends, and is not made up once it runs", "[bucket]") {
    ManualClock clock;
    RateLimitBucket bucket(BucketSpec{1000, 4500, 75.0, 45.0, 60.0, true}, clock.function());
    clock.now += 5s;
    CHECK(bucket.try_take());
    CHECK(bucket.remaining() == 999);
    CHECK(bucket.stats().customer_spent == 0);
    bucket.set_time_running(true);
    CHECK(bucket.remaining() == 999);  // the five held seconds are gone
    clock.now += 1s;                   // one simulated minute: +75 -45
    CHECK(bucket.remaining() == 1029);
    CHECK(bucket.stats().customer_spent == 45);
    bucket.set_time_running(false);
    clock.now += 3s;
    CHECK(bucket.remaining() == 1029);
    CHECK(bucket.stats().customer_spent == 45);
}
