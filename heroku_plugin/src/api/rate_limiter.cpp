#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "api/api_error.hpp"

namespace iru::heroku {
namespace {

std::chrono::nanoseconds interval_for(double per_minute) {
    const double rate = (std::isfinite(per_minute) && per_minute > 0.0) ? per_minute : 75.0;
    return std::chrono::nanoseconds(static_cast<std::int64_t>(60e9 / rate));
}

std::string describe_duration(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    if (s >= 3600 && s % 3600 == 0) return std::to_string(s / 3600) + " h";
    if (s >= 60 && s % 60 == 0) return std::to_string(s / 60) + " min";
    if (ms.count() % 1000 == 0) return std::to_string(s) + " s";
    return std::to_string(ms.count()) + " ms";
}

}  // namespace

RateLimiter::RateLimiter(std::int64_t reserve, double refill_per_minute, CancelSignal& cancel)
    : reserve_(reserve),
      refill_per_minute_(refill_per_minute > 0.0 ? refill_per_minute : 75.0),
      interval_(interval_for(refill_per_minute)),
      cancel_(cancel) {}

void RateLimiter::set_deadline(Clock::time_point deadline, std::chrono::milliseconds max_run_time) {
    std::lock_guard lock(mutex_);
    deadline_ = deadline;
    max_run_time_ = max_run_time;
}

void RateLimiter::observe(std::int64_t remaining) noexcept { remaining_.store(remaining); }

bool RateLimiter::acquire() {
    if (cancel_.cancelled()) throw ApiError(Status::cancelled, "the collection was cancelled");
    const std::int64_t remaining = remaining_.load();
    if (remaining < 0 || remaining > reserve_) return false;

    Clock::time_point slot;
    {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        slot = std::max(now, next_slot_);
        if (slot > deadline_) {
            std::ostringstream message;
            message << "the run could not finish within max_run_time ("
                    << describe_duration(max_run_time_)
                    << ") at the pace that protects the rate-limit reserve: RateLimit-Remaining is "
                    << remaining << ", at or below rate_limit_reserve " << reserve_
                    << ", so requests are paced at " << refill_per_minute_
                    << " per minute; what was collected is kept";
            throw ApiError(Status::rate_limited, message.str());
        }
        next_slot_ = slot + interval_;
    }
    const auto wait = slot - Clock::now();
    if (wait <= Clock::duration::zero()) return false;
    if (!cancel_.wait_for(wait)) throw ApiError(Status::cancelled, "the collection was cancelled");
    return true;
}

}  // namespace iru::heroku
