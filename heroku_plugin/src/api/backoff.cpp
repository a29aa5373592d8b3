#include "api/backoff.hpp"

#include <algorithm>

namespace iru::heroku {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap,
                                        double unit_random) noexcept {
    using std::chrono::milliseconds;
    const auto b = std::max<std::int64_t>(base.count(), 0);
    const auto c = std::max<std::int64_t>(cap.count(), 0);
    const int shift = std::clamp(attempt, 0, 40);
    std::int64_t full = b;
    for (int i = 0; i < shift && full < c; ++i) full *= 2;
    full = std::min(full, c);
    const double r = std::clamp(unit_random, 0.0, 1.0);
    const auto half = full / 2;
    return milliseconds(half + static_cast<std::int64_t>(static_cast<double>(full - half) * r));
}

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap)
    : base_(base), cap_(cap), random_(std::random_device{}()) {}

std::chrono::milliseconds Backoff::next() {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    return backoff_delay(attempt_++, base_, cap_, unit(random_));
}

}  // namespace iru::heroku
