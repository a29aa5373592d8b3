// Lets one thread's requests run alone, so that what the rate-limit bucket says around them is
// theirs: while a thread holds the gate alone, the other threads' requests wait at enter(); taking
// it alone waits until no request is inside. Requests that spend nothing (rate-limit polls) do not
// enter. Waits end with ApiError(Status::cancelled) once the cancel signal is set.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "api/cancel_signal.hpp"

namespace iru::heroku {

class AloneGate {
public:
    explicit AloneGate(CancelSignal& cancel) : cancel_(cancel) {}

    // A request goes in: waits while another thread holds the gate alone or waits to.
    void enter();
    void leave() noexcept;

    // Takes the gate alone for the calling thread (not reentrant): waits until no request is
    // inside, and holds the others' back until release_alone(). The caller must not be inside.
    void hold_alone();
    void release_alone() noexcept;
    // True when the calling thread holds the gate alone.
    bool alone_here() const;

    // Wakes the waiting threads so they see a cancel at once.
    void wake_all() noexcept { wake_.notify_all(); }

private:
    template <typename Ready>
    void wait_locked(std::unique_lock<std::mutex>& lock, Ready ready);

    CancelSignal& cancel_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::uint64_t inside_ = 0;
    std::uint64_t alone_waiting_ = 0;
    bool alone_ = false;
    std::thread::id owner_;
};

}  // namespace iru::heroku
