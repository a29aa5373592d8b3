#include "api/alone_gate.hpp"

#include <chrono>

#include "api/api_error.hpp"

namespace iru::heroku {

template <typename Ready>
void AloneGate::wait_locked(std::unique_lock<std::mutex>& lock, Ready ready) {
    while (!ready()) {
        if (cancel_.cancelled()) throw ApiError(Status::cancelled, "the collection was cancelled");
        wake_.wait_for(lock, std::chrono::milliseconds(100));
    }
}

void AloneGate::enter() {
    std::unique_lock lock(mutex_);
    const auto me = std::this_thread::get_id();
    wait_locked(lock, [&] { return (alone_ && owner_ == me) || (!alone_ && alone_waiting_ == 0); });
    ++inside_;
}

void AloneGate::leave() noexcept {
    {
        std::lock_guard lock(mutex_);
        if (inside_ > 0) --inside_;
    }
    wake_.notify_all();
}

void AloneGate::hold_alone() {
    std::unique_lock lock(mutex_);
    ++alone_waiting_;
    try {
        wait_locked(lock, [&] { return !alone_ && inside_ == 0; });
    } catch (...) {
        --alone_waiting_;
        wake_.notify_all();
        throw;
    }
    --alone_waiting_;
    alone_ = true;
    owner_ = std::this_thread::get_id();
}

void AloneGate::release_alone() noexcept {
    {
        std::lock_guard lock(mutex_);
        if (!alone_ || owner_ != std::this_thread::get_id()) return;
        alone_ = false;
        owner_ = {};
    }
    wake_.notify_all();
}

bool AloneGate::alone_here() const {
    std::lock_guard lock(mutex_);
    return alone_ && owner_ == std::this_thread::get_id();
}

}  // namespace iru::heroku
