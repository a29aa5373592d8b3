// The account's request budget: Heroku's token bucket (capacity 4,500, refilled ~75 per minute).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace iru::fake {

class RateLimitBucket {
public:
    RateLimitBucket(std::int64_t start, std::int64_t capacity, double refill_per_minute);

    // Takes one token. False (nothing taken) when the bucket is empty.
    bool try_take();
    std::int64_t remaining();
    void set_remaining(std::int64_t remaining);  // clamped to 0..capacity (capacity grows to fit)

private:
    void refill_locked();

    std::mutex mutex_;
    double tokens_;
    std::int64_t capacity_;
    double refill_per_second_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace iru::fake
