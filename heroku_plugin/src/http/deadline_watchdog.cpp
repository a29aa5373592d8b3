#include "http/deadline_watchdog.hpp"

namespace iru::heroku::http {

DeadlineWatchdog::DeadlineWatchdog() : thread_([this] { run(); }) {}

DeadlineWatchdog::~DeadlineWatchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

DeadlineWatchdog::Armed::Armed(DeadlineWatchdog& watchdog, Clock::time_point deadline,
                               std::function<void()> action)
    : watchdog_(watchdog), action_(std::move(action)) {
    bool first = false;
    {
        std::lock_guard lock(watchdog_.mutex_);
        entry_ = watchdog_.pending_.emplace(deadline, this);
        first = entry_ == watchdog_.pending_.begin();
    }
    if (first) watchdog_.changed_.notify_all();
}

DeadlineWatchdog::Armed::~Armed() {
    std::lock_guard lock(watchdog_.mutex_);  // the action runs under this lock: it is over now
    if (!fired_.load()) watchdog_.pending_.erase(entry_);
}

void DeadlineWatchdog::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (pending_.empty()) {
            changed_.wait(lock);
            continue;
        }
        const auto next = pending_.begin()->first;
        if (Clock::now() < next) {
            changed_.wait_until(lock, next);
            continue;
        }
        Armed* armed = pending_.begin()->second;
        pending_.erase(pending_.begin());
        armed->fired_.store(true);
        armed->action_();
    }
}

}  // namespace iru::heroku::http
