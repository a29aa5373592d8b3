#include "collect/app_read_plan.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace iru::heroku {

namespace {

// A last read in the future (a clock that jumped back, or a state value from elsewhere) proves
// nothing about the app's evidence: it is treated as aged.
bool is_aged(const AppReadHistory& history, const AppPlanInput& input) {
    return history.read_at > input.now || input.now - history.read_at > input.max_evidence_age;
}

ReadReason reason_for(const AppListing& app, const AppPlanInput& input) {
    const auto found = input.history.find(app.id);
    if (found == input.history.end()) return ReadReason::never_read;
    const AppReadHistory& history = found->second;
    if (const auto event = input.last_event_at.find(app.id);
        event != input.last_event_at.end() && event->second > history.read_at)
        return ReadReason::audit_events;
    if (app.updated_at != history.updated_at || app.released_at != history.released_at)
        return ReadReason::app_changed;
    if (is_aged(history, input)) return ReadReason::aged;
    return ReadReason::refresh;
}

struct Candidate {
    std::size_t list_index = 0;
    ReadReason reason = ReadReason::refresh;
    Seconds read_at{};
};

bool read_first(const Candidate& a, const Candidate& b) {
    if (a.reason != b.reason) return a.reason < b.reason;
    if (a.reason != ReadReason::never_read && a.read_at != b.read_at) return a.read_at < b.read_at;
    return a.list_index < b.list_index;
}

}  // namespace

std::string_view to_string(ReadReason reason) noexcept {
    switch (reason) {
        case ReadReason::never_read:
            return "never_read";
        case ReadReason::audit_events:
            return "audit_events";
        case ReadReason::app_changed:
            return "app_changed";
        case ReadReason::aged:
            return "aged";
        case ReadReason::refresh:
            return "refresh";
    }
    return "refresh";
}

AppPlan plan_app_reads(const AppPlanInput& input) {
    std::vector<Candidate> candidates;
    candidates.reserve(input.apps.size());
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < input.apps.size(); ++i) {
        const AppListing& app = input.apps[i];
        if (!seen.insert(app.id).second) continue;  // an app listed twice is planned once
        Candidate candidate{i, reason_for(app, input), {}};
        if (const auto found = input.history.find(app.id); found != input.history.end())
            candidate.read_at = found->second.read_at;
        candidates.push_back(candidate);
    }
    std::stable_sort(candidates.begin(), candidates.end(), read_first);

    const std::uint64_t budget = input.app_budget.value_or(candidates.size());
    const std::size_t taken =
        static_cast<std::size_t>(std::min<std::uint64_t>(budget, candidates.size()));

    AppPlan plan;
    plan.read.reserve(taken);
    std::vector<std::size_t> carried;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Candidate& candidate = candidates[i];
        if (i < taken) {
            plan.read.push_back({input.apps[candidate.list_index].id, candidate.reason});
            continue;
        }
        carried.push_back(candidate.list_index);
        if (candidate.reason != ReadReason::refresh) ++plan.due_not_read;
        if (candidate.reason == ReadReason::never_read) ++plan.never_read_not_read;
    }
    std::sort(carried.begin(), carried.end());
    plan.carry.reserve(carried.size());
    for (const std::size_t index : carried) plan.carry.push_back(input.apps[index].id);
    return plan;
}

std::uint64_t apps_affordable(std::uint64_t request_budget, double requests_per_app) noexcept {
    if (!(requests_per_app >= 1.0)) requests_per_app = 1.0;  // NaN and values below 1 included
    const std::uint64_t spendable = request_budget - request_budget / budget_margin_divisor;
    return static_cast<std::uint64_t>(
        std::floor(static_cast<double>(spendable) / requests_per_app));
}

bool may_start_app_read(std::uint64_t requests_sent, std::uint64_t apps_in_flight,
                        double requests_per_app, std::uint64_t request_budget) noexcept {
    if (!(requests_per_app >= 1.0)) requests_per_app = 1.0;
    const double planned = static_cast<double>(requests_sent) +
                           static_cast<double>(apps_in_flight + 1) * requests_per_app;
    return planned <= static_cast<double>(request_budget);
}

std::uint64_t run_request_budget(double daily_budget_share, std::chrono::seconds run_interval,
                                 std::optional<std::uint64_t> max_requests_per_run,
                                 std::uint64_t daily_refill) noexcept {
    if (max_requests_per_run) return *max_requests_per_run;
    using std::chrono::hours;
    using std::chrono::seconds;
    const seconds interval = std::clamp<seconds>(run_interval, hours(1), hours(24));
    const double share = std::clamp(daily_budget_share, 0.0, 1.0);
    const double day_fraction =
        static_cast<double>(interval.count()) / static_cast<double>(seconds(hours(24)).count());
    return static_cast<std::uint64_t>(
        std::floor(share * static_cast<double>(daily_refill) * day_fraction));
}

bool snapshot_complete(const AppPlanInput& input, const std::vector<std::string>& apps_read,
                       const std::vector<std::string>& apps_carried) {
    const std::set<std::string_view> read(apps_read.begin(), apps_read.end());
    const std::set<std::string_view> carried(apps_carried.begin(), apps_carried.end());
    return std::all_of(input.apps.begin(), input.apps.end(), [&](const AppListing& app) {
        if (read.count(app.id) != 0) return true;
        if (carried.count(app.id) == 0) return false;
        const auto found = input.history.find(app.id);
        return found != input.history.end() && !is_aged(found->second, input);
    });
}

}  // namespace iru::heroku
