// Runs an action when a deadline passes: the connection pool arms one per request, whose action
// shuts the request's socket down, so a server that answers slowly but never stops (a byte now and
// then, each within read_timeout) cannot hold a request past its total deadline.
//
// Threads: one thread of its own, joined by the destructor. Armed may be created and destroyed on
// any thread; once its destructor returns, its action is not running and never will.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace iru::heroku::http {

class DeadlineWatchdog {
public:
    using Clock = std::chrono::steady_clock;

    DeadlineWatchdog();
    ~DeadlineWatchdog();
    DeadlineWatchdog(const DeadlineWatchdog&) = delete;
    DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;

    // While it lives, `action` runs once on the watchdog's thread if `deadline` passes. The action
    // must be short and must not throw.
    class Armed {
    public:
        Armed(DeadlineWatchdog& watchdog, Clock::time_point deadline, std::function<void()> action);
        ~Armed();
        Armed(const Armed&) = delete;
        Armed& operator=(const Armed&) = delete;
        bool fired() const noexcept { return fired_.load(); }

    private:
        friend class DeadlineWatchdog;
        DeadlineWatchdog& watchdog_;
        std::function<void()> action_;
        std::multimap<Clock::time_point, Armed*>::iterator entry_;
        std::atomic<bool> fired_{false};
    };

private:
    void run();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::multimap<Clock::time_point, Armed*> pending_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace iru::heroku::http
