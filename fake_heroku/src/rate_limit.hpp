// The account's request budget: Heroku's token bucket (capacity 4,500, refilled ~75 per minute),
// shared with a simulated customer (deploys, CLI) that spends tokens at a steady rate of its own.
// Time can run compressed: with time_scale 60, one real second is one simulated minute, for the
// refill and the customer alike. Time can also be held: while it is, neither refills nor spends,
// so a test can let a client reach a level before the refill starts. The bucket keeps what
// happened: the lowest any served request left it at, and what the customer spent and was refused.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>

namespace iru::fake {

struct BucketSpec {
    std::int64_t start = 4500;
    std::int64_t capacity = 4500;
    double refill_per_minute = 75.0;   // simulated minutes
    double customer_per_minute = 0.0;  // tokens the customer spends per simulated minute
    double time_scale = 1.0;           // simulated seconds per real second (> 0)
    bool time_held = false;            // no simulated time passes until set_time_running(true)
};

struct BucketStats {
    std::int64_t remaining = 0;
    std::uint64_t served = 0;  // tokens taken by requests the server answered (not polls)
    // The lowest remaining a served request left; max() when none was served.
    std::int64_t lowest_after_request = std::numeric_limits<std::int64_t>::max();
    std::int64_t customer_spent = 0;    // whole tokens the simulated customer spent
    std::int64_t customer_refused = 0;  // whole tokens it wanted while the bucket was empty
};

class RateLimitBucket {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit RateLimitBucket(const BucketSpec& spec, Clock clock = {});
    // Kept for callers that only set the bucket: no customer, real time.
    RateLimitBucket(std::int64_t start, std::int64_t capacity, double refill_per_minute);

    // Takes one token for a served request. False (nothing taken) when the bucket is empty.
    bool try_take();
    // Returns the token a served request took (a request that turns out to cost nothing).
    void give_back();
    std::int64_t remaining();
    void set_remaining(std::int64_t remaining);  // clamped to 0..capacity (capacity grows to fit)
    void set_customer_per_minute(double rate);   // from now on
    void set_time_running(bool running);         // from now on; held time is never made up
    BucketStats stats();

private:
    void advance_locked();

    std::mutex mutex_;
    Clock clock_;
    double tokens_;
    std::int64_t capacity_;
    double refill_per_second_;    // simulated
    double customer_per_second_;  // simulated
    double time_scale_;
    bool time_held_;
    std::chrono::steady_clock::time_point last_;
    double customer_spent_ = 0;
    double customer_refused_ = 0;
    std::uint64_t served_ = 0;
    std::int64_t lowest_after_request_ = std::numeric_limits<std::int64_t>::max();
};

}  // namespace iru::fake
