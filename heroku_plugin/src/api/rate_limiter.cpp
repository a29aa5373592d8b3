#include "api/rate_limiter.hpp"

#include <algorithm>
#include <sstream>

#include "api/api_error.hpp"

namespace iru::heroku {
namespace {

std::string describe_duration(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    if (s >= 3600 && s % 3600 == 0) return std::to_string(s / 3600) + " h";
    if (s >= 60 && s % 60 == 0) return std::to_string(s / 60) + " min";
    if (ms.count() % 1000 == 0) return std::to_string(s) + " s";
    return std::to_string(ms.count()) + " ms";
}

ApiError cancelled_error() { return ApiError(Status::cancelled, "the collection was cancelled"); }

}  // namespace

RateLimiter::RateLimiter(std::int64_t reserve, std::int64_t margin,
                         std::chrono::milliseconds poll_period, CancelSignal& cancel)
    : reserve_(std::max<std::int64_t>(0, reserve)),
      margin_(std::max<std::int64_t>(0, margin)),
      poll_period_(std::max(poll_period, std::chrono::milliseconds(1))),
      cancel_(cancel) {}

void RateLimiter::set_poll(Poll poll) {
    std::lock_guard lock(mutex_);
    poll_ = std::move(poll);
}

void RateLimiter::set_stop_check(std::function<bool()> stop_check) {
    std::lock_guard lock(mutex_);
    stop_check_ = std::move(stop_check);
}

void RateLimiter::begin_run(Clock::time_point deadline, std::chrono::milliseconds max_run_time) {
    std::lock_guard lock(mutex_);
    deadline_ = deadline;
    max_run_time_ = max_run_time;
    held_ = Clock::duration::zero();
    hold_started_ = Clock::now();
    waits_ = 0;
    spent_by_others_ = 0;
}

RateLimiter::Ticket::Ticket(Ticket&& other) noexcept
    : limiter_(other.limiter_), sequence_(other.sequence_), solitary_(other.solitary_) {
    other.limiter_ = nullptr;
}

RateLimiter::Ticket::~Ticket() {
    if (limiter_ != nullptr) limiter_->settle(*this, std::nullopt, false, true);
}

void RateLimiter::Ticket::settle(std::optional<std::int64_t> reading, bool inferred) noexcept {
    if (limiter_ == nullptr) return;
    limiter_->settle(*this, reading, inferred, true);
    limiter_ = nullptr;
}

void RateLimiter::Ticket::not_sent() noexcept {
    if (limiter_ == nullptr) return;
    limiter_->settle(*this, std::nullopt, false, false);
    limiter_ = nullptr;
}

void RateLimiter::settle(const Ticket& ticket, std::optional<std::int64_t> reading, bool inferred,
                         bool sent) noexcept {
    {
        std::lock_guard lock(mutex_);
        const std::int64_t others = std::max<std::int64_t>(0, view_.in_flight - 1);
        if (!sent) {
            view_.in_flight = others;
        } else {
            const bool fresh = ticket.solitary_ && sends_ == ticket.sequence_;
            if (reading && !inferred) note_others_locked(spent_by_others(view_, *reading));
            view_ = settle_request(view_, reading, others, fresh);
        }
    }
    wake_.notify_all();
}

void RateLimiter::enter_locked(ReserveState next, Clock::time_point now) {
    if (next == state_) return;
    if (next == ReserveState::holding)
        hold_started_ = now;
    else
        held_ += now - hold_started_;
    state_ = next;
}

RateLimiter::Ticket RateLimiter::acquire() {
    std::unique_lock lock(mutex_);
    bool waited = false;
    auto give_up = Clock::time_point::max();  // this request's own bound (set_max_wait)
    for (;;) {
        if (cancel_.cancelled()) throw cancelled_error();
        const auto now = Clock::now();
        const SendDecision decision =
            may_send(view_.remaining, view_.in_flight, reserve_, margin_, state_);
        enter_locked(decision.next, now);
        if (decision.send) {
            const bool solitary = view_.in_flight == 0;
            ++view_.in_flight;
            return Ticket(this, ++sends_, solitary);
        }
        if (!waited) {
            ++waits_;
            if (max_wait_) give_up = now + *max_wait_;
        }
        waited = true;
        if (now >= deadline_) throw_deadline_locked();
        if (now >= give_up) throw_gave_up_locked();
        if (stop_check_ && stop_check_()) throw cancelled_error();
        const auto due = next_poll_at(last_poll_, poll_period_);
        if (!polling_ && poll_ && now >= due) {
            poll_locked(lock);
            continue;
        }
        auto until = std::min({deadline_, give_up, now + stop_check_period});
        if (!polling_ && poll_) until = std::min(until, due);
        wake_.wait_until(lock, until);
    }
}

void RateLimiter::poll_locked(std::unique_lock<std::mutex>& lock) {
    polling_ = true;
    const PollMark mark{view_.in_flight, sends_};
    const Poll poll = poll_;
    lock.unlock();
    std::optional<std::int64_t> reading;
    try {
        reading = poll();
    } catch (...) {
        lock.lock();
        polling_ = false;
        last_poll_ = Clock::now();
        wake_.notify_all();
        throw;
    }
    lock.lock();
    polling_ = false;
    last_poll_ = Clock::now();
    if (reading) {
        const bool fresh = mark.in_flight == 0 && view_.in_flight == 0 && sends_ == mark.sends;
        note_others_locked(spent_by_others(view_, *reading));
        view_ = apply_poll(view_, *reading, fresh);
    }
    wake_.notify_all();
}

RateLimiter::PollMark RateLimiter::poll_started() {
    std::lock_guard lock(mutex_);
    return {view_.in_flight, sends_};
}

void RateLimiter::poll_answered(const PollMark& mark, std::int64_t reading) {
    {
        std::lock_guard lock(mutex_);
        const bool fresh = mark.in_flight == 0 && view_.in_flight == 0 && sends_ == mark.sends;
        note_others_locked(spent_by_others(view_, reading));
        view_ = apply_poll(view_, reading, fresh);
    }
    wake_.notify_all();
}

void RateLimiter::throw_deadline_locked() const {
    std::ostringstream message;
    message << "the run reached max_run_time (" << describe_duration(max_run_time_)
            << ") while waiting for the account's API budget to rise above rate_limit_reserve "
            << reserve_ << " by rate_limit_resume_margin " << margin_
            << ": RateLimit-Remaining was " << view_.remaining;
    if (spent_by_others_ > 0)
        message << ", and someone else spent at least " << spent_by_others_
                << " tokens of it during the run";
    message << "; what was collected is kept";
    throw ApiError(Status::rate_limited, message.str());
}

void RateLimiter::throw_gave_up_locked() const {
    std::ostringstream message;
    message << "waited " << describe_duration(max_wait_.value_or(std::chrono::milliseconds(0)))
            << " for the account's API budget to rise above rate_limit_reserve " << reserve_
            << " by rate_limit_resume_margin " << margin_ << ": RateLimit-Remaining is "
            << view_.remaining << "; the reserve is left to the account's own deploys and CLI";
    throw ApiError(Status::rate_limited, message.str());
}

void RateLimiter::set_max_wait(std::optional<std::chrono::milliseconds> max_wait) {
    std::lock_guard lock(mutex_);
    max_wait_ = max_wait;
}

ReserveStats RateLimiter::stats() const {
    std::lock_guard lock(mutex_);
    ReserveStats s;
    s.waits = waits_;
    auto held = held_;
    if (state_ == ReserveState::holding) held += Clock::now() - hold_started_;
    s.waited = std::chrono::duration_cast<std::chrono::milliseconds>(held);
    s.spent_by_others = spent_by_others_;
    s.remaining = view_.remaining;
    return s;
}

void RateLimiter::wake_all() {
    { std::lock_guard lock(mutex_); }
    wake_.notify_all();
}

}  // namespace iru::heroku
