// The per-app phase of a collection whose host carries records forward (iru.carry_forward/1):
// which apps this run re-reads (collect/app_read_plan.hpp), within the run's request budget, and
// the others carried forward from the last snapshot, so that the run is still a complete
// snapshot. It also keeps, in the state store, when each app was read to its end and its fields
// that signal change. A sink without carry-forward, or no state store, gives a full collection
// (every app read, in list order); the state is still kept for a later incremental run.
//
// An app re-read for a reason that leaves its change unknown (aged, refresh) is first revalidated
// when its last complete read left ETags (collect/app_revalidation.hpp): unchanged, it is carried
// forward as "not modified" and counts as observed this run. The first apps revalidated in a run
// measure what a 304 costs (api/not_modified_cost.hpp); the verdict is kept in the state store,
// and when 304s are free the requests per app the next run plans with leave them out.
//
// What the state store keeps is written once, at the end of a run that finished (ok or partial):
// a cancelled or failed run leaves it as it was, so it never claims a read the snapshot lacks.
// Thread contract: plan() and summary() on the run's thread, before and after the per-app phase;
// app_read() from the worker threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"
#include "api/not_modified_cost.hpp"
#include "collect/account_facts.hpp"
#include "collect/app_etags.hpp"
#include "collect/app_read_plan.hpp"
#include "collect/app_table.hpp"
#include "collect/collect_options.hpp"
#include "collect/record_sink.hpp"
#include "collect/state_store.hpp"

namespace iru::heroku {

// The state key of the run's own figures (when it ran, its requests per app read).
inline constexpr std::string_view incremental_state_key = "incremental";

// Apps per run whose conditional requests are sent alone to measure what a 304 costs: an app's
// first conditional request has no sample (the answer before it was not alone), the others each
// give one when they answer 304.
inline constexpr std::uint64_t apps_measured_per_run = 2;

// Requests per app read assumed before a run has measured them (9.9 in the README's benchmark).
// The account-wide lists are not in it: plan() takes what they cost from the budget first. Above
// the measured figure, a first run of a 1,000-app account would leave apps for the next run.
inline constexpr double default_requests_per_app = 10.0;

class IncrementalReads {
public:
    // state may be nullptr (no state store: a full collection, nothing kept).
    IncrementalReads(RecordSink& sink, StateStore* state, const CollectOptions& options);

    // Plans the per-app phase for apps, whose listed fields are listings (by app id). Carries
    // every app it does not re-read forward; an app the host cannot carry is read instead.
    // requests_so_far: what the run has spent before its per-app phase. Returns the indexes into
    // apps to read, in order. Stops early (returns what it has) when the host asks to stop.
    std::vector<std::size_t> plan(const AppTable& apps,
                                  const std::unordered_map<std::string, AppListing>& listings,
                                  const std::map<std::string, Seconds>& last_event_at,
                                  std::uint64_t requests_so_far, Seconds now);

    // Called by a worker before it reads an app of the plan: true when the run's budget covers it
    // and the apps in flight (may_start_app_read); the app is then in flight until app_read().
    // false: the app is deferred (not read), for carry_deferred(). requests_sent: the run's
    // requests so far. A full collection has no budget: always true.
    bool start_app_read(const std::string& app_id, std::uint64_t requests_sent);

    // On the run's thread after the per-app phase: carries forward the deferred apps the snapshot
    // has; the others count as not observed. Returns the ids it carried.
    std::vector<std::string> carry_deferred();

    // An app's details were read this run; complete: every row to its end (its history is kept
    // then; an app read with gaps is forgotten, so the next run reads it among the first).
    // etags: its answers' ETags (collect/catalogue_walker.hpp's AppReadResult), kept with its
    // history, or forgotten when empty.
    void app_read(const std::string& app_id, bool complete, AppEtags etags = {});

    // The ETags to revalidate app_id with before reading it, or nullptr: only in an incremental
    // run, for an app planned for reason aged or refresh whose last complete read left ETags.
    // Fixed by plan(): safe from the worker threads.
    const AppEtags* revalidation_etags(const std::string& app_id) const;
    // True for the first apps_measured_per_run calls of a run: that app's conditional requests
    // are sent alone (ApiClient::Alone).
    bool measure_next() noexcept { return measured_.fetch_add(1) < apps_measured_per_run; }
    // An app revalidated as unchanged and carried forward: observed this run, as if read (and no
    // longer in flight, as after app_read()).
    void app_not_modified(const std::string& app_id);

    // The run's conditional requests, for the summary and the state: call before summary().
    void note_conditional(const ClientStats& stats, std::vector<RemainingSample> samples);

    // Apps this run neither read nor carried forward: they have no observation in the snapshot.
    std::uint64_t apps_not_observed() const;
    bool incremental() const { return incremental_; }
    const std::vector<std::string>& carried() const { return carried_; }

    // What a carried app's records said when it was last read (nullopt: not kept, or unreadable).
    std::optional<AppFindingFacts> carried_facts(const std::string& app_id) const;

    // Keeps, for every app read to its end this run, what its records said (facts: the run's);
    // forgets it for an app read with gaps. Call before summary(), only for a run that finished.
    void keep_app_facts(const AccountFactsSnapshot& facts);

    // The summary's "incremental" object. requests: the run's requests. keep: the run finished
    // (ok or partial): the apps' histories and the run's own figures go to the state store.
    nlohmann::json summary(std::uint64_t requests, Seconds finished_at, bool keep);

private:
    void load_history(const AppTable& apps, AppPlanInput& input);
    void keep_history(const std::vector<std::string>& read);  // state_ set
    void load_revalidation(const std::vector<PlannedRead>& reads);
    NotModifiedCost previous_cost() const;
    nlohmann::json conditional_summary(NotModifiedCost verdict) const;
    double requests_per_app() const;
    enum class CarryOutcome { carried, not_observed, not_in_snapshot, stopped };
    // Carries one app forward; an app never observed has nothing to carry and is counted as not
    // observed; not_in_snapshot: the host has nothing of it (or refused it).
    CarryOutcome carry(const std::string& id);

    RecordSink& sink_;
    StateStore* state_;
    const CollectOptions& options_;
    nlohmann::json previous_;   // the state's "incremental" object of the last run, or null
    bool planned_run_ = false;  // plan() was called
    bool incremental_ = false;
    std::string mode_reason_;
    std::uint64_t request_budget_ = 0;
    std::uint64_t requests_before_apps_ = 0;
    double planned_requests_per_app_ = default_requests_per_app;
    struct PlannedApp {
        std::string reason;  // to_string(ReadReason), or "not_in_snapshot"
        std::string name;
    };
    std::unordered_map<std::string, PlannedApp> planned_;  // by app id: the apps chosen for a read
    std::uint64_t not_observed_ = 0;
    std::vector<std::string> carried_;
    std::optional<Seconds> oldest_carried_;
    AppPlanInput input_;  // what plan() decided from, for snapshot_complete()
    std::unordered_map<std::string, AppListing> listings_;

    mutable std::mutex mutex_;             // guards read_, incomplete_, in_flight_, deferred_,
                                           // etags_ and not_modified_
    std::vector<std::string> read_;        // app ids read this run
    std::vector<std::string> incomplete_;  // of those, read with gaps
    std::uint64_t in_flight_ = 0;          // apps started and not yet read
    std::vector<std::string> deferred_;    // planned apps not started: the budget was reached
    std::unordered_map<std::string, AppEtags> etags_;       // of read_, the ETags to keep
    std::vector<std::string> not_modified_;                 // apps revalidated as unchanged
    std::unordered_map<std::string, AppEtags> revalidate_;  // set by plan()
    std::atomic<std::uint64_t> measured_{0};
    std::uint64_t conditional_requests_ = 0;
    std::uint64_t not_modified_answers_ = 0;
    std::vector<RemainingSample> samples_;
    Seconds now_{};
};

}  // namespace iru::heroku
