// The bytes of answers in memory at once, across every connection, bounded: a reader acquires bytes
// before it stores them and holds them in a Lease until the answer is dropped.
//
// No deadlock: a reader that already holds bytes and would wait while every other holder also
// waits does not wait; it is told to give up (Grant::yield), releases what it holds, and its
// request is retried later. A reader holding nothing waits until bytes are free, its deadline
// passes, or abort() is called.
//
// Threads: every member is thread-safe; a Lease is used by one thread at a time and must not
// outlive its budget.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace iru::heroku::http {

class ByteBudget {
public:
    using Clock = std::chrono::steady_clock;
    enum class Grant { granted, deadline, aborted, yield, too_large };

    explicit ByteBudget(std::size_t capacity);
    ByteBudget(const ByteBudget&) = delete;
    ByteBudget& operator=(const ByteBudget&) = delete;

    class Lease {
    public:
        Lease() = default;
        explicit Lease(ByteBudget& budget) : budget_(&budget) {}
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { release(); }

        std::size_t held() const noexcept { return held_; }
        // Holds at least `total` bytes when it returns granted (already holding them: at once).
        Grant grow_to(std::size_t total, Clock::time_point deadline);
        void release() noexcept;

    private:
        ByteBudget* budget_ = nullptr;
        std::size_t held_ = 0;
    };

    Lease lease() { return Lease(*this); }
    // Wakes every waiter; later waits return Grant::aborted at once.
    void abort() noexcept;

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t in_use() const;
    std::size_t peak() const;  // the most bytes ever held at once

private:
    Grant acquire(std::size_t held, std::size_t more, Clock::time_point deadline);
    void give_back(std::size_t bytes, bool last) noexcept;

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::size_t in_use_ = 0;
    std::size_t peak_ = 0;
    std::size_t holders_ = 0;          // leases holding more than nothing
    std::size_t waiting_holders_ = 0;  // of those, how many are waiting for more
    bool aborted_ = false;
};

}  // namespace iru::heroku::http
