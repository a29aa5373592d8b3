// The reserve's pure rules (reserve_policy.hpp), case by case.
#include <catch2/catch.hpp>

#include "api/reserve_policy.hpp"

using namespace iru::heroku;
using namespace std::chrono_literals;

TEST_CASE("may_send spends freely above the reserve and holds at it", "[reserve][policy]") {
    constexpr std::int64_t reserve = 1000;
    constexpr std::int64_t margin = 50;
    auto spending = [&](std::int64_t remaining, std::int64_t in_flight) {
        return may_send(remaining, in_flight, reserve, margin, ReserveState::spending);
    };
    CHECK(spending(4500, 0).send);
    CHECK(spending(1001, 0).send);  // leaves 1000: the reserve is kept
    CHECK(spending(1001, 0).next == ReserveState::spending);
    CHECK_FALSE(spending(1000, 0).send);
    CHECK(spending(1000, 0).next == ReserveState::holding);
    CHECK_FALSE(spending(999, 0).send);
    // The requests in flight are charged already.
    CHECK(spending(1008, 7).send);
    CHECK_FALSE(spending(1008, 8).send);
    CHECK(spending(1008, 8).next == ReserveState::holding);
}

TEST_CASE("may_send resumes only above the reserve by the margin (hysteresis)",
          "[reserve][policy]") {
    auto holding = [](std::int64_t remaining, std::int64_t in_flight) {
        return may_send(remaining, in_flight, 1000, 50, ReserveState::holding);
    };
    CHECK_FALSE(holding(1001, 0).send);
    CHECK_FALSE(holding(1050, 0).send);
    CHECK(holding(1050, 0).next == ReserveState::holding);
    CHECK(holding(1051, 0).send);
    CHECK(holding(1051, 0).next == ReserveState::spending);
    CHECK_FALSE(holding(1053, 3).send);
    // A margin of 0 resumes as soon as the budget is above the reserve; a negative one counts as 0.
    CHECK(may_send(1001, 0, 1000, 0, ReserveState::holding).send);
    CHECK(may_send(1001, 0, 1000, -5, ReserveState::holding).send);
}

TEST_CASE("may_send: no reserve, or an unknown budget, sends", "[reserve][policy]") {
    CHECK(may_send(0, 4, 0, 100, ReserveState::spending).send);
    CHECK(may_send(0, 4, 0, 100, ReserveState::holding).send);
    CHECK(may_send(0, 4, 0, 100, ReserveState::holding).next == ReserveState::spending);
    CHECK(may_send(-1, 0, 1000, 100, ReserveState::spending).send);
}

TEST_CASE("settle_request takes a fresh reading as it is and keeps the lower estimate otherwise",
          "[reserve][policy]") {
    // Alone in flight: the answer counts exactly what was spent, refill included.
    CHECK(settle_request({1000, 1}, 1010, 0, true).remaining == 1010);
    CHECK(settle_request({1000, 1}, 1010, 0, true).in_flight == 0);
    // Another request was out meanwhile: a higher reading may be stale, the estimate stays.
    BudgetView v = settle_request({1000, 3}, 1010, 2, false);
    CHECK(v.remaining == 999);  // this request charged, two still out
    CHECK(v.in_flight == 2);
    // A lower reading wins, with the others still counted as in flight.
    v = settle_request({1000, 3}, 990, 2, false);
    CHECK(v.remaining == 990);
    CHECK(v.in_flight == 2);
    // No reading (no header, or no answer): assumed charged.
    v = settle_request({1000, 2}, std::nullopt, 1, false);
    CHECK(v.remaining == 999);
    CHECK(v.in_flight == 1);
    // Unknown so far: the first reading is taken.
    CHECK(settle_request({-1, 4}, 700, 3, false).remaining == 700);
    CHECK(settle_request({-1, 4}, std::nullopt, 3, false).remaining == -1);
    CHECK(settle_request({-1, 4}, -3, 3, false).remaining == 0);  // a negative value is empty
}

TEST_CASE("apply_poll takes a fresh reading and otherwise the lower one", "[reserve][policy]") {
    CHECK(apply_poll({1000, 0}, 1200, true).remaining == 1200);
    CHECK(apply_poll({1000, 2}, 1200, false).remaining == 1000);
    CHECK(apply_poll({1000, 2}, 1200, false).in_flight == 2);
    const BudgetView lower = apply_poll({1000, 2}, 900, false);
    CHECK(lower.remaining == 900);
    CHECK(lower.in_flight == 2);  // still out, still to be charged
    CHECK(apply_poll({-1, 0}, 4500, false).remaining == 4500);
}

TEST_CASE("spent_by_others: the budget fell by more than the collection spent",
          "[reserve][policy]") {
    // Nothing in flight, nothing sent, and the budget fell: someone else spent it.
    CHECK(spent_by_others({1000, 0}, 990) == 10);
    // The collection's own requests in flight explain the fall.
    CHECK(spent_by_others({1000, 10}, 990) == 0);
    CHECK(spent_by_others({1000, 4}, 990) == 6);
    // A rise (refill) or no change says nothing.
    CHECK(spent_by_others({1000, 0}, 1000) == 0);
    CHECK(spent_by_others({1000, 0}, 1040) == 0);
    CHECK(spent_by_others({-1, 0}, 10) == 0);
}

TEST_CASE("next_poll_at: at once the first time, then one period after the last",
          "[reserve][policy]") {
    using Clock = std::chrono::steady_clock;
    const auto now = Clock::now();
    CHECK(next_poll_at(std::nullopt, 5000ms) <= now);
    CHECK(next_poll_at(now, 5000ms) == now + 5000ms);
    CHECK(next_poll_at(now, 0ms) == now + 1ms);  // never a busy loop
}
