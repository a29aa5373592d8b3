#include "signals.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace iru::host {

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
    watcher_ = std::thread([this, set] {
        const timespec tick{0, 200'000'000L};
        while (!stop_.load()) {
            const int signal_number = ::sigtimedwait(&set, nullptr, &tick);
            if (signal_number > 0) on_signal_(signal_number);
        }
    });
}

SignalWatcher::~SignalWatcher() {
    stop_.store(true);
    if (watcher_.joinable()) watcher_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

}  // namespace iru::host
