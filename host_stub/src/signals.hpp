// SIGINT/SIGTERM handling: the constructor blocks both signals in the calling thread (so every
// thread started afterwards inherits the block) and a watcher thread receives them with
// sigtimedwait and calls on_signal. Construct before starting other threads; the destructor stops
// the watcher (within 200 ms) and restores the previous mask.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace iru::host {

class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void(int)> on_signal);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    std::function<void(int)> on_signal_;
    sigset_t previous_{};
    std::atomic<bool> stop_{false};
    std::thread watcher_;
};

}  // namespace iru::host
