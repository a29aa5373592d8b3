#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace iru::fake {
namespace {

double per_second(double per_minute) {
    return std::isfinite(per_minute) ? std::max(0.0, per_minute) / 60.0 : 0.0;
}

}  // namespace

RateLimitBucket::RateLimitBucket(const BucketSpec& spec, Clock clock)
    : clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      tokens_(static_cast<double>(std::max<std::int64_t>(0, spec.start))),
      capacity_(std::max(spec.capacity, std::max<std::int64_t>(0, spec.start))),
      refill_per_second_(per_second(spec.refill_per_minute)),
      customer_per_second_(per_second(spec.customer_per_minute)),
      time_scale_(std::isfinite(spec.time_scale) && spec.time_scale > 0 ? spec.time_scale : 1.0),
      time_held_(spec.time_held),
      last_(clock_()) {}

RateLimitBucket::RateLimitBucket(std::int64_t start, std::int64_t capacity,
                                 double refill_per_minute)
    : RateLimitBucket(BucketSpec{start, capacity, refill_per_minute, 0.0, 1.0, false}) {}

// Brings the bucket to now: the refill comes in, the customer spends what it wants of what there
// is, and the bucket never holds more than its capacity. Held time passes without either.
void RateLimitBucket::advance_locked() {
    const auto now = clock_();
    const double seconds = std::chrono::duration<double>(now - last_).count() * time_scale_;
    last_ = now;
    if (time_held_ || seconds <= 0) return;
    const double available = tokens_ + seconds * refill_per_second_;
    const double wanted = seconds * customer_per_second_;
    const double spent = std::min(wanted, available);
    customer_spent_ += spent;
    customer_refused_ += wanted - spent;
    tokens_ = std::min(static_cast<double>(capacity_), available - spent);
}

bool RateLimitBucket::try_take() {
    std::lock_guard lock(mutex_);
    advance_locked();
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    ++served_;
    lowest_after_request_ =
        std::min(lowest_after_request_, static_cast<std::int64_t>(std::floor(tokens_)));
    return true;
}

void RateLimitBucket::give_back() {
    std::lock_guard lock(mutex_);
    advance_locked();
    tokens_ = std::min(static_cast<double>(capacity_), tokens_ + 1.0);
    if (served_ > 0) --served_;
}

std::int64_t RateLimitBucket::remaining() {
    std::lock_guard lock(mutex_);
    advance_locked();
    return static_cast<std::int64_t>(std::floor(tokens_));
}

void RateLimitBucket::set_remaining(std::int64_t remaining) {
    std::lock_guard lock(mutex_);
    advance_locked();
    remaining = std::max<std::int64_t>(0, remaining);
    capacity_ = std::max(capacity_, remaining);
    tokens_ = static_cast<double>(remaining);
}

void RateLimitBucket::set_customer_per_minute(double rate) {
    std::lock_guard lock(mutex_);
    advance_locked();
    customer_per_second_ = per_second(rate);
}

void RateLimitBucket::set_time_running(bool running) {
    std::lock_guard lock(mutex_);
    advance_locked();
    time_held_ = !running;
}

BucketStats RateLimitBucket::stats() {
    std::lock_guard lock(mutex_);
    advance_locked();
    BucketStats s;
    s.remaining = static_cast<std::int64_t>(std::floor(tokens_));
    s.served = served_;
    s.lowest_after_request = lowest_after_request_;
    s.customer_spent = static_cast<std::int64_t>(std::floor(customer_spent_));
    s.customer_refused = static_cast<std::int64_t>(std::floor(customer_refused_));
    return s;
}

}  // namespace iru::fake
