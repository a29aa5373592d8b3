// Which apps' details a run re-reads, in which order, within its request budget; every other app
// is carried forward from the last snapshot. Pure: no clock, no state store, no I/O; the caller
// passes what the state store remembers and what this run's lists say.
//
// Order: apps never read; apps with audit-trail events since their last read; apps whose
// updated_at or released_at moved; apps whose last read is older than max_evidence_age, oldest
// first; then the rest, oldest first, while the budget lasts. Within the first three, the oldest
// read goes first too (never read: in the order of the run's app list).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iru::heroku {

using Seconds = std::chrono::sys_seconds;

// An app as this run's lists give it.
struct AppListing {
    std::string id;
    std::string updated_at;   // as Heroku wrote it; "" when absent
    std::string released_at;  // as Heroku wrote it; "" when absent
};

// What the state store remembers of the run that last read an app's details.
struct AppReadHistory {
    Seconds read_at{};
    std::string updated_at;
    std::string released_at;
};

enum class ReadReason { never_read, audit_events, app_changed, aged, refresh };

// "never_read", "audit_events", "app_changed", "aged", "refresh".
std::string_view to_string(ReadReason reason) noexcept;

struct PlannedRead {
    std::string id;
    ReadReason reason = ReadReason::refresh;
};

struct AppPlanInput {
    std::vector<AppListing> apps;                   // every app of this run, in list order
    std::map<std::string, AppReadHistory> history;  // by app id; absent: never read
    std::map<std::string, Seconds> last_event_at;   // newest audit event per app id
    Seconds now{};
    std::chrono::seconds max_evidence_age{std::chrono::hours(24 * 7)};
    std::optional<std::uint64_t> app_budget;  // apps this run may read; nullopt: every app
};

struct AppPlan {
    std::vector<PlannedRead> read;   // to re-read, in this order
    std::vector<std::string> carry;  // not re-read: carried forward (list order)
    // Of carry, the apps that were due (never read, changed or aged) but did not fit the budget.
    std::uint64_t due_not_read = 0;
    std::uint64_t never_read_not_read = 0;  // of those, apps never read at all
};

AppPlan plan_app_reads(const AppPlanInput& input);

// The share of a budget the plan keeps back (1 / budget_margin_divisor): requests_per_app is the
// last run's average, and the apps of this run may cost a little more.
inline constexpr std::uint64_t budget_margin_divisor = 100;

// How many apps a request budget affords at requests_per_app each (at least one request per app),
// with the margin kept back.
std::uint64_t apps_affordable(std::uint64_t request_budget, double requests_per_app) noexcept;

// Whether one more app's read may start: the requests sent so far (the account-wide lists that run
// beside the apps included), plus requests_per_app for each app in flight and for this one, stay
// within request_budget. The apps in flight are counted whole although they have sent some of
// theirs: the budget is a ceiling, not a target.
bool may_start_app_read(std::uint64_t requests_sent, std::uint64_t apps_in_flight,
                        double requests_per_app, std::uint64_t request_budget) noexcept;

// The requests a run may spend. The account refills daily_refill tokens a day (Heroku: 75 a
// minute, 108,000); a run may spend daily_budget_share (0..1] of it in proportion to the time it
// stands for (run_interval, clamped to 1 h .. 24 h). max_requests_per_run, when set, replaces it.
std::uint64_t run_request_budget(double daily_budget_share, std::chrono::seconds run_interval,
                                 std::optional<std::uint64_t> max_requests_per_run,
                                 std::uint64_t daily_refill = 108000) noexcept;

// True when every app is observed within max_evidence_age of now: read this run (apps_read), or
// carried forward (apps_carried) with a last read that recent. An app neither read nor carried
// (never read, or a run that stopped) is not observed.
bool snapshot_complete(const AppPlanInput& input, const std::vector<std::string>& apps_read,
                       const std::vector<std::string>& apps_carried);

}  // namespace iru::heroku
