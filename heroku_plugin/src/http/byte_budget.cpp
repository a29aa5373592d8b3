#include "http/byte_budget.hpp"

#include <algorithm>
#include <utility>

namespace iru::heroku::http {

ByteBudget::ByteBudget(std::size_t capacity) : capacity_(capacity) {}

ByteBudget::Lease::Lease(Lease&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), held_(std::exchange(other.held_, 0)) {}

ByteBudget::Lease& ByteBudget::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        budget_ = std::exchange(other.budget_, nullptr);
        held_ = std::exchange(other.held_, 0);
    }
    return *this;
}

ByteBudget::Grant ByteBudget::Lease::grow_to(std::size_t total, Clock::time_point deadline) {
    if (total <= held_) return Grant::granted;
    if (!budget_) return Grant::aborted;
    const Grant grant = budget_->acquire(held_, total - held_, deadline);
    if (grant == Grant::granted) held_ = total;
    return grant;
}

void ByteBudget::Lease::release() noexcept {
    if (budget_ && held_ > 0) budget_->give_back(held_, true);
    held_ = 0;
}

ByteBudget::Grant ByteBudget::acquire(std::size_t held, std::size_t more,
                                      Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    if (held + more > capacity_) return Grant::too_large;
    const bool holder = held > 0;
    bool counted_waiting = false;
    Grant result = Grant::granted;
    for (;;) {
        if (aborted_) {
            result = Grant::aborted;
            break;
        }
        if (in_use_ + more <= capacity_) break;
        // Everyone holding bytes waits for more: none of them would ever release. This one yields.
        if (holder && waiting_holders_ + (counted_waiting ? 0 : 1) >= holders_) {
            result = Grant::yield;
            break;
        }
        if (holder && !counted_waiting) {
            ++waiting_holders_;
            counted_waiting = true;
        }
        if (freed_.wait_until(lock, deadline) == std::cv_status::timeout &&
            in_use_ + more > capacity_) {
            result = aborted_ ? Grant::aborted : Grant::deadline;
            break;
        }
    }
    if (counted_waiting) --waiting_holders_;
    if (result != Grant::granted) {
        freed_.notify_all();  // a waiter may now be the last one not waiting: let it re-check
        return result;
    }
    in_use_ += more;
    peak_ = std::max(peak_, in_use_);
    if (!holder) ++holders_;
    return Grant::granted;
}

void ByteBudget::give_back(std::size_t bytes, bool last) noexcept {
    {
        std::lock_guard lock(mutex_);
        in_use_ -= std::min(bytes, in_use_);
        if (last && holders_ > 0) --holders_;
    }
    freed_.notify_all();
}

void ByteBudget::abort() noexcept {
    {
        std::lock_guard lock(mutex_);
        aborted_ = true;
    }
    freed_.notify_all();
}

std::size_t ByteBudget::in_use() const {
    std::lock_guard lock(mutex_);
    return in_use_;
}

std::size_t ByteBudget::peak() const {
    std::lock_guard lock(mutex_);
    return peak_;
}

}  // namespace iru::heroku::http
