#include "api/reserve_policy.hpp"

#include <algorithm>

namespace iru::heroku {
namespace {

std::int64_t left_after(const BudgetView& view) { return view.remaining - view.in_flight; }

// The more cautious of two views: the one that leaves less.
BudgetView lower(const BudgetView& a, const BudgetView& b) {
    return left_after(b) < left_after(a) ? b : a;
}

}  // namespace

SendDecision may_send(std::int64_t remaining, std::int64_t in_flight, std::int64_t reserve,
                      std::int64_t margin, ReserveState state) noexcept {
    if (reserve <= 0 || remaining < 0) return {true, ReserveState::spending};
    const std::int64_t left = remaining - in_flight;
    const std::int64_t threshold =
        state == ReserveState::holding ? reserve + std::max<std::int64_t>(0, margin) : reserve;
    if (left > threshold) return {true, ReserveState::spending};
    return {false, ReserveState::holding};
}

BudgetView settle_request(BudgetView view, std::optional<std::int64_t> reading,
                          std::int64_t others_in_flight, bool fresh) noexcept {
    others_in_flight = std::max<std::int64_t>(0, others_in_flight);
    // Without a reading the request is assumed charged: it leaves the in-flight count and takes a
    // token from the last reading.
    BudgetView charged{view.remaining < 0 ? -1 : view.remaining - 1, others_in_flight};
    if (!reading) return charged;
    const BudgetView told{std::max<std::int64_t>(0, *reading), others_in_flight};
    if (fresh || view.remaining < 0) return told;
    return lower(charged, told);
}

BudgetView apply_poll(BudgetView view, std::int64_t reading, bool fresh) noexcept {
    const BudgetView told{std::max<std::int64_t>(0, reading),
                          std::max<std::int64_t>(0, view.in_flight)};
    if (fresh || view.remaining < 0) return told;
    return lower(view, told);
}

std::int64_t spent_by_others(BudgetView before, std::int64_t reading) noexcept {
    if (before.remaining < 0) return 0;
    return std::max<std::int64_t>(0, left_after(before) - reading);
}

std::chrono::steady_clock::time_point next_poll_at(
    std::optional<std::chrono::steady_clock::time_point> last_poll,
    std::chrono::milliseconds period) noexcept {
    if (!last_poll) return std::chrono::steady_clock::time_point::min();
    return *last_poll + std::max(period, std::chrono::milliseconds(1));
}

}  // namespace iru::heroku
