#include "cancellation.hpp"

namespace iru::host {

std::uint64_t CancelRegistry::add(std::function<void()> cancel_hook) {
    std::lock_guard lock(mutex_);
    if (stop_time_) cancel_hook();
    const std::uint64_t handle = next_++;
    hooks_.emplace(handle, std::move(cancel_hook));
    return handle;
}

void CancelRegistry::remove(std::uint64_t handle) {
    std::lock_guard lock(mutex_);
    hooks_.erase(handle);
}

void CancelRegistry::stop_all() {
    {
        std::lock_guard lock(mutex_);
        if (!stop_time_) stop_time_ = std::chrono::steady_clock::now();
        for (auto& [handle, hook] : hooks_) hook();
    }
    wake_.notify_all();
}

bool CancelRegistry::stopping() const {
    std::lock_guard lock(mutex_);
    return stop_time_.has_value();
}

std::optional<std::chrono::steady_clock::time_point> CancelRegistry::stop_time() const {
    std::lock_guard lock(mutex_);
    return stop_time_;
}

bool CancelRegistry::wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, deadline, [this] { return stop_time_.has_value(); });
    return stop_time_.has_value();
}

}  // namespace iru::host
