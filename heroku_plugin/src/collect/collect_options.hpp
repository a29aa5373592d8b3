// What to collect, already validated (plugin/options.cpp parses it from the user's options JSON).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace iru::heroku {

struct CollectOptions {
    std::set<std::string> include;   // record types to emit; empty: all
    std::set<std::string> exclude;   // record types not to emit (and not to fetch)
    std::vector<std::string> teams;  // team names, ids or globs; empty: every team
    std::vector<std::string> apps;   // app names, ids or globs; empty: every app
    int releases_per_app = 10;       // newest N releases per app, 0..1000
    int audit_lookback_days = 7;     // audit trail days a first run reads, 1..90
    // The clock whose UTC day is "today" for the audit trail; empty: the system clock.
    std::function<std::chrono::system_clock::time_point()> clock;
    // Incremental collection (collect/incremental_reads.hpp), where the host carries records
    // forward: the share of the account's daily refill a run may spend, in proportion to its
    // interval; an explicit per-run request budget replacing it; the age after which an app's
    // evidence is re-read first.
    double daily_budget_share = 0.10;
    std::optional<std::uint64_t> max_requests_per_run;
    std::chrono::seconds max_evidence_age{std::chrono::hours(24 * 7)};
};

}  // namespace iru::heroku
