#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace iru::fake {

RateLimitBucket::RateLimitBucket(std::int64_t start, std::int64_t capacity,
                                 double refill_per_minute)
    : tokens_(static_cast<double>(std::max<std::int64_t>(0, start))),
      capacity_(std::max(capacity, std::max<std::int64_t>(0, start))),
      refill_per_second_(std::max(0.0, refill_per_minute) / 60.0),
      last_(std::chrono::steady_clock::now()) {}

void RateLimitBucket::refill_locked() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(static_cast<double>(capacity_), tokens_ + seconds * refill_per_second_);
}

bool RateLimitBucket::try_take() {
    std::lock_guard lock(mutex_);
    refill_locked();
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

std::int64_t RateLimitBucket::remaining() {
    std::lock_guard lock(mutex_);
    refill_locked();
    return static_cast<std::int64_t>(std::floor(tokens_));
}

void RateLimitBucket::set_remaining(std::int64_t remaining) {
    std::lock_guard lock(mutex_);
    remaining = std::max<std::int64_t>(0, remaining);
    capacity_ = std::max(capacity_, remaining);
    tokens_ = static_cast<double>(remaining);
    last_ = std::chrono::steady_clock::now();
}

}  // namespace iru::fake
