// Exponential back-off with jitter, bounded: attempt n waits a random time in [d/2, d] where
// d = min(cap, base * 2^n). Not thread-safe: one Backoff per request.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace iru::heroku {

// The pure rule: unit_random in [0, 1] picks the point in [d/2, d].
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit_random) noexcept;

class Backoff {
public:
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap);
    // The delay before the next attempt; advances the attempt counter.
    std::chrono::milliseconds next();
    int attempts() const noexcept { return attempt_; }

private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    int attempt_ = 0;
    std::mt19937_64 random_;
};

}  // namespace iru::heroku
