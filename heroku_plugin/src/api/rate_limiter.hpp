// Protects the account's rate-limit reserve. Every answer's RateLimit-Remaining is observed; while
// the last one seen is at or below the reserve, requests are paced at the bucket's refill rate (one
// per 60 s / refill_per_minute) instead of draining what the customer's deploys and CLI need.
// A paced slot past the run's deadline (max_run_time) fails with ApiError(Status::rate_limited).
//
// Threads: all members are thread-safe; waits end early on cancel (ApiError(Status::cancelled)).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "api/cancel_signal.hpp"

namespace iru::heroku {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(std::int64_t reserve, double refill_per_minute, CancelSignal& cancel);

    // The run's deadline and the max_run_time it came from (for the message).
    void set_deadline(Clock::time_point deadline, std::chrono::milliseconds max_run_time);

    void observe(std::int64_t remaining) noexcept;
    std::int64_t remaining() const noexcept { return remaining_.load(); }  // -1: not yet known

    // Call before each request that costs budget. Returns true when it waited to protect the
    // reserve. Throws ApiError(cancelled) or ApiError(rate_limited) (deadline).
    bool acquire();

    std::chrono::nanoseconds interval() const noexcept { return interval_; }

private:
    const std::int64_t reserve_;
    const double refill_per_minute_;
    const std::chrono::nanoseconds interval_;
    CancelSignal& cancel_;
    std::atomic<std::int64_t> remaining_{-1};
    std::mutex mutex_;
    Clock::time_point next_slot_{};
    Clock::time_point deadline_ = Clock::time_point::max();
    std::chrono::milliseconds max_run_time_{0};
};

}  // namespace iru::heroku
