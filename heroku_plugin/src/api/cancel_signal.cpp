#include "api/cancel_signal.hpp"

namespace iru::heroku {

void CancelSignal::cancel() noexcept {
    {
        std::lock_guard lock(mutex_);
        cancelled_.store(true, std::memory_order_release);
    }
    wake_.notify_all();
}

bool CancelSignal::wait_for(std::chrono::steady_clock::duration duration) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, duration,
                           [this] { return cancelled_.load(std::memory_order_acquire); });
}

}  // namespace iru::heroku
