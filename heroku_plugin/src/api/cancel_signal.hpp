// A one-way cancel flag that also wakes every thread sleeping in wait_for(): back-off and pacing
// waits end within milliseconds of cancel(). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace iru::heroku {

class CancelSignal {
public:
    void cancel() noexcept;
    bool cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

    // Sleeps for `duration` unless cancelled first. Returns false when cancelled.
    bool wait_for(std::chrono::steady_clock::duration duration);

private:
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace iru::heroku
