// Process-wide stop request: a signal (or a test) calls stop_all(), which marks the registry
// stopping, runs every registered cancel hook (the plugins' cancel()) and wakes every waiter.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace iru::host {

class CancelRegistry {
public:
    // Registers a hook; called by each stop_all(), from its thread,'s thread, while the registry's
    // lock is held (so remove() returning means the hook is not running). Called at once when
    // already stopping.
    std::uint64_t add(std::function<void()> cancel_hook);
    void remove(std::uint64_t handle);

    void stop_all();
    bool stopping() const;
    std::optional<std::chrono::steady_clock::time_point> stop_time() const;

    // Sleeps until deadline or stop; returns true when stopping.
    bool wait_until(std::chrono::steady_clock::time_point deadline);

private:
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::uint64_t, std::function<void()>> hooks_;
    std::uint64_t next_ = 1;
    std::optional<std::chrono::steady_clock::time_point> stop_time_;
};

}  // namespace iru::host
