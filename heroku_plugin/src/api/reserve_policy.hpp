// The rate-limit reserve as pure rules: when the collection may spend a token, how a new reading
// of RateLimit-Remaining updates what the client knows, when to poll GET /account/rate-limits, and
// what a reading says about someone else spending the account's budget.
//
// The client's view of the budget is (remaining, in_flight): the last reading it trusts and the
// requests of its own that reading does not count yet. remaining - in_flight is what would be left
// once they are charged, if nobody else spent anything and nothing refilled.
// No state, no clock: every function is a function of its arguments.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace iru::heroku {

struct BudgetView {
    std::int64_t remaining = -1;  // last trusted RateLimit-Remaining; -1: not yet known
    std::int64_t in_flight = 0;   // own requests that reading does not count
};

// Hysteresis: once at the reserve the collection holds until the budget is above the reserve by
// the margin, so it does not resume for one token and stop again at the next answer.
enum class ReserveState { spending, holding };

struct SendDecision {
    bool send = false;
    ReserveState next = ReserveState::spending;
};

// Whether one more request may be sent. reserve 0 turns the reserve off (always send: 429 back-off
// applies). An unknown budget (remaining < 0) sends: the first answer tells. Spending: sends while
// remaining - in_flight > reserve, else holds. Holding: sends again only once remaining - in_flight
// > reserve + margin.
SendDecision may_send(std::int64_t remaining, std::int64_t in_flight, std::int64_t reserve,
                      std::int64_t margin, ReserveState state) noexcept;

// One own request settled. reading: the RateLimit-Remaining its answer carried (nullopt: none, or
// no answer; it is assumed charged). others_in_flight: own requests still in flight after it.
// fresh: no other own request was in flight at any time during this one, so the reading counts
// exactly what was spent (it is taken as it is). Otherwise the lower of the two estimates is kept:
// an answer may arrive after a later-charged one and carry a higher, stale value.
BudgetView settle_request(BudgetView view, std::optional<std::int64_t> reading,
                          std::int64_t others_in_flight, bool fresh) noexcept;

// A reading of GET /account/rate-limits (costs nothing) taken while `in_flight` own requests were
// out; fresh as for settle_request().
BudgetView apply_poll(BudgetView view, std::int64_t reading, bool fresh) noexcept;

// Tokens someone else spent at least, told by a reading: the view expects at least
// remaining - in_flight to be left (refill only adds), so a reading below it means another client
// of the account spent the difference. 0 when the view is unknown or the reading is not lower.
std::int64_t spent_by_others(BudgetView before, std::int64_t reading) noexcept;

// When the next poll is due. A hold just begun polls at once; else one period after the last.
std::chrono::steady_clock::time_point next_poll_at(
    std::optional<std::chrono::steady_clock::time_point> last_poll,
    std::chrono::milliseconds period) noexcept;

}  // namespace iru::heroku
