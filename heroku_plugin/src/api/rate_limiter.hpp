// Protects the account's rate-limit reserve (the rules are in reserve_policy.hpp). Before each
// request that costs budget, acquire() lets it go only while RateLimit-Remaining minus the requests
// in flight is above the reserve; at the reserve nothing is sent until GET /account/rate-limits
// (free), polled once a period, shows the budget above the reserve by the margin. Above that the
// collection spends freely: no pacing.
//
// Waiting ends on cancel or the host's stop check (ApiError(cancelled)) and at the run's deadline
// (ApiError(rate_limited) with no HTTP status: the run stops as partial and keeps what it has).
//
// Threads: every member is thread-safe. The poll function is called from a thread waiting in
// acquire(), one poll at a time, without the limiter's lock; the stop check from the waiting
// threads with it held (it must not call into the limiter). Both must be set before requests start
// and outlive them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "api/cancel_signal.hpp"
#include "api/reserve_policy.hpp"

namespace iru::heroku {

struct ReserveStats {
    std::uint64_t waits = 0;              // requests that waited for the budget
    std::chrono::milliseconds waited{0};  // time the collection held at the reserve
    std::int64_t spent_by_others = 0;     // tokens someone else spent at least, this run
    std::int64_t remaining = -1;          // the client's view; -1 unknown
};

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    // Reads GET /account/rate-limits: the remaining budget, or nullopt when it could not.
    using Poll = std::function<std::optional<std::int64_t>()>;

    RateLimiter(std::int64_t reserve, std::int64_t margin, std::chrono::milliseconds poll_period,
                CancelSignal& cancel);

    void set_poll(Poll poll);
    // Called while waiting (at least every stop_check_period); true ends the wait as cancelled.
    void set_stop_check(std::function<bool()> stop_check);
    // The run's deadline and the max_run_time it came from (for the message). Resets the stats.
    void begin_run(Clock::time_point deadline, std::chrono::milliseconds max_run_time);

    // Bounds one request's wait at the reserve (nullopt: only the deadline does); past it acquire()
    // throws ApiError(rate_limited) naming the reserve. For short operations such as a check.
    void set_max_wait(std::optional<std::chrono::milliseconds> max_wait);

    // One request let go by acquire(). Settle it with its answer's RateLimit-Remaining; one
    // destroyed unsettled counts as charged without a reading; not_sent() when it never left.
    class Ticket {
    public:
        Ticket(Ticket&& other) noexcept;
        Ticket& operator=(Ticket&&) = delete;
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        ~Ticket();
        // inferred: the value was not reported (a 429 without the header means an empty bucket).
        void settle(std::optional<std::int64_t> reading, bool inferred = false) noexcept;
        void not_sent() noexcept;

    private:
        friend class RateLimiter;
        Ticket(RateLimiter* limiter, std::uint64_t sequence, bool solitary) noexcept
            : limiter_(limiter), sequence_(sequence), solitary_(solitary) {}
        RateLimiter* limiter_;
        std::uint64_t sequence_;
        bool solitary_;  // no other request was in flight when it was let go
    };

    // Waits as the reserve requires and returns the request's ticket. Throws ApiError(cancelled)
    // or ApiError(rate_limited) (deadline reached while waiting).
    Ticket acquire();

    // A reading of /account/rate-limits taken outside acquire() (ApiClient::read_rate_limit).
    struct PollMark {
        std::int64_t in_flight;
        std::uint64_t sends;
    };
    PollMark poll_started();
    void poll_answered(const PollMark& mark, std::int64_t reading);

    ReserveStats stats() const;
    // Wakes waiting threads so they see a cancel at once.
    void wake_all();

    static constexpr std::chrono::milliseconds stop_check_period{100};

private:
    void settle(const Ticket& ticket, std::optional<std::int64_t> reading, bool inferred,
                bool sent) noexcept;
    void enter_locked(ReserveState next, Clock::time_point now);
    void poll_locked(std::unique_lock<std::mutex>& lock);
    void note_others_locked(std::int64_t spent) { spent_by_others_ += spent; }
    [[noreturn]] void throw_deadline_locked() const;
    [[noreturn]] void throw_gave_up_locked() const;

    const std::int64_t reserve_;
    const std::int64_t margin_;
    const std::chrono::milliseconds poll_period_;
    CancelSignal& cancel_;
    Poll poll_;
    std::function<bool()> stop_check_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    BudgetView view_;
    ReserveState state_ = ReserveState::spending;
    std::uint64_t sends_ = 0;
    bool polling_ = false;
    std::optional<Clock::time_point> last_poll_;
    Clock::time_point hold_started_{};
    Clock::duration held_{0};
    std::uint64_t waits_ = 0;
    std::int64_t spent_by_others_ = 0;
    Clock::time_point deadline_ = Clock::time_point::max();
    std::chrono::milliseconds max_run_time_{0};
    std::optional<std::chrono::milliseconds> max_wait_;
};

}  // namespace iru::heroku
