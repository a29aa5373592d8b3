#include "collect/incremental_reads.hpp"

#include <algorithm>
#include <unordered_set>

#include "collect/app_findings_history.hpp"
#include "collect/app_read_history.hpp"
#include "collect/time_format.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

// The run interval the budget stands for when no earlier run is known: a daily schedule.
constexpr std::chrono::hours default_run_interval{24};

json parse_object(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    json value = json::parse(*text, nullptr, false);
    return value.is_object() ? value : json(nullptr);
}

std::optional<Seconds> time_field(const json& object, const char* name) {
    if (!object.is_object() || !object.contains(name) || !object[name].is_string())
        return std::nullopt;
    const auto when = parse_rfc3339_utc(object[name].get_ref<const std::string&>());
    if (!when) return std::nullopt;
    return std::chrono::time_point_cast<std::chrono::seconds>(*when);
}

}  // namespace

IncrementalReads::IncrementalReads(RecordSink& sink, StateStore* state,
                                   const CollectOptions& options)
    : sink_(sink), state_(state), options_(options) {
    if (state_ != nullptr) previous_ = parse_object(state_->get(incremental_state_key));
}

void IncrementalReads::load_history(const AppTable& apps, AppPlanInput& input) {
    if (state_ == nullptr) return;
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const std::string id = apps.at(i).app.id;
        const auto value = state_->get(app_history_key(id));
        if (!value) continue;
        if (auto history = decode_app_history(*value)) input.history.emplace(id, *history);
    }
}

double IncrementalReads::requests_per_app() const {
    if (previous_.is_object() && previous_.contains("requests_per_app") &&
        previous_["requests_per_app"].is_number()) {
        const double measured = previous_["requests_per_app"].get<double>();
        if (measured >= 1.0 && measured <= 1000.0) return measured;
    }
    return default_requests_per_app;
}

std::vector<std::size_t> IncrementalReads::plan(
    const AppTable& apps, const std::unordered_map<std::string, AppListing>& listings,
    const std::map<std::string, Seconds>& last_event_at, std::uint64_t requests_so_far,
    Seconds now) {
    planned_run_ = true;
    now_ = now;
    requests_before_apps_ = requests_so_far;
    std::unordered_map<std::string, std::size_t> index_of;
    input_ = {};
    input_.now = now;
    input_.max_evidence_age = options_.max_evidence_age;
    input_.last_event_at = last_event_at;
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const std::string id = apps.at(i).app.id;
        const auto listed = listings.find(id);
        input_.apps.push_back(listed != listings.end() ? listed->second : AppListing{id, "", ""});
        index_of.emplace(id, i);
    }
    listings_ = listings;
    load_history(apps, input_);

    if (state_ == nullptr)
        mode_reason_ = "the host keeps no state for this source";
    else if (!sink_.can_carry_forward())
        mode_reason_ = "the host offers no carry-forward (iru.carry_forward/1)";
    incremental_ = mode_reason_.empty();
    if (incremental_) {
        const auto last_run = time_field(previous_, "run_at");
        const std::chrono::seconds interval = last_run && *last_run < now
                                                  ? now - *last_run
                                                  : std::chrono::seconds(default_run_interval);
        request_budget_ = run_request_budget(options_.daily_budget_share, interval,
                                             options_.max_requests_per_run);
        const std::uint64_t left =
            request_budget_ > requests_so_far ? request_budget_ - requests_so_far : 0;
        planned_requests_per_app_ = requests_per_app();
        input_.app_budget = apps_affordable(left, planned_requests_per_app_);
    }

    const AppPlan plan = plan_app_reads(input_);
    if (incremental_) load_revalidation(plan.read);
    std::vector<std::size_t> reads;
    reads.reserve(plan.read.size());
    for (const PlannedRead& read : plan.read) {
        const std::size_t index = index_of.at(read.id);
        planned_.emplace(read.id, PlannedApp{std::string(to_string(read.reason)),
                                             std::string(apps.at(index).app.name)});
        reads.push_back(index);
    }
    for (const std::string& id : plan.carry) {
        const CarryOutcome outcome = carry(id);
        if (outcome == CarryOutcome::stopped) break;
        if (outcome != CarryOutcome::not_in_snapshot) continue;
        // The snapshot lacks the app (or the host refused it): the app is read after all.
        const std::size_t index = index_of.at(id);
        planned_.emplace(id, PlannedApp{"not_in_snapshot", std::string(apps.at(index).app.name)});
        reads.push_back(index);
    }
    return reads;
}

IncrementalReads::CarryOutcome IncrementalReads::carry(const std::string& id) {
    const auto history = input_.history.find(id);
    if (history == input_.history.end()) {  // never observed: nothing to carry
        ++not_observed_;
        return CarryOutcome::not_observed;
    }
    switch (sink_.carry_forward(id)) {
        case CarryResult::carried:
            carried_.push_back(id);
            oldest_carried_ = std::min(oldest_carried_.value_or(history->second.read_at),
                                       history->second.read_at);
            return CarryOutcome::carried;
        case CarryResult::stopped:
            return CarryOutcome::stopped;
        case CarryResult::not_found:
        case CarryResult::refused:
            break;
    }
    return CarryOutcome::not_in_snapshot;
}

bool IncrementalReads::start_app_read(const std::string& app_id, std::uint64_t requests_sent) {
    std::lock_guard lock(mutex_);
    if (incremental_ && !may_start_app_read(requests_sent, in_flight_, planned_requests_per_app_,
                                            request_budget_)) {
        deferred_.push_back(app_id);
        return false;
    }
    ++in_flight_;
    return true;
}

std::vector<std::string> IncrementalReads::carry_deferred() {
    std::vector<std::string> deferred;
    {
        std::lock_guard lock(mutex_);
        deferred = deferred_;
    }
    std::vector<std::string> carried;
    for (const std::string& id : deferred) {
        const auto planned = planned_.find(id);
        if (planned != planned_.end() && planned->second.reason == "not_in_snapshot") {
            ++not_observed_;  // the snapshot lacks it: it cannot be carried
            continue;
        }
        const CarryOutcome outcome = carry(id);
        if (outcome == CarryOutcome::stopped) break;
        if (outcome == CarryOutcome::not_in_snapshot) ++not_observed_;
        if (outcome == CarryOutcome::carried) carried.push_back(id);
    }
    return carried;
}

void IncrementalReads::load_revalidation(const std::vector<PlannedRead>& reads) {
    for (const PlannedRead& read : reads) {
        if (!revalidated(read.reason)) continue;
        const auto value = state_->get(app_etags_key(read.id));
        if (!value) continue;
        auto etags = decode_app_etags(*value);
        if (etags && !etags->empty()) revalidate_.emplace(read.id, std::move(*etags));
    }
}

const AppEtags* IncrementalReads::revalidation_etags(const std::string& app_id) const {
    const auto found = revalidate_.find(app_id);
    return found == revalidate_.end() ? nullptr : &found->second;
}

void IncrementalReads::app_read(const std::string& app_id, bool complete, AppEtags etags) {
    std::lock_guard lock(mutex_);
    if (in_flight_ > 0) --in_flight_;
    read_.push_back(app_id);
    if (!complete) incomplete_.push_back(app_id);
    if (complete && !etags.empty()) etags_[app_id] = std::move(etags);
}

void IncrementalReads::app_not_modified(const std::string& app_id) {
    std::lock_guard lock(mutex_);
    if (in_flight_ > 0) --in_flight_;
    not_modified_.push_back(app_id);
}

void IncrementalReads::note_conditional(const ClientStats& stats,
                                        std::vector<RemainingSample> samples) {
    conditional_requests_ = stats.conditional_requests;
    not_modified_answers_ = stats.not_modified;
    samples_ = std::move(samples);
}

NotModifiedCost IncrementalReads::previous_cost() const {
    if (!previous_.is_object() || !previous_.contains("not_modified_cost") ||
        !previous_["not_modified_cost"].is_string())
        return NotModifiedCost::unknown;
    return not_modified_cost_from(previous_["not_modified_cost"].get_ref<const std::string&>())
        .value_or(NotModifiedCost::unknown);
}

json IncrementalReads::conditional_summary(NotModifiedCost verdict) const {
    return json{{"conditional_requests", conditional_requests_},
                {"not_modified_answers", not_modified_answers_},
                {"not_modified_cost", to_string(verdict)},
                {"not_modified_cost_samples", samples_.size()}};
}

void IncrementalReads::keep_history(const std::vector<std::string>& read) {
    std::unordered_set<std::string_view> incomplete(incomplete_.begin(), incomplete_.end());
    std::unordered_set<std::string_view> not_modified(not_modified_.begin(), not_modified_.end());
    for (const std::string& id : read) {
        if (incomplete.count(id) != 0) {
            // Forgotten: the next run reads it among the first (never read), not from its gaps.
            state_->set(app_history_key(id), "{}");
            state_->set(app_etags_key(id), "{}");
            continue;
        }
        if (not_modified.count(id) == 0) {  // a revalidated app keeps the ETags it has
            const auto etags = etags_.find(id);
            state_->set(app_etags_key(id),
                        encode_app_etags(etags != etags_.end() ? etags->second : AppEtags{}));
        }
        const auto listed = listings_.find(id);
        AppReadHistory history{now_, "", ""};
        if (listed != listings_.end()) {
            history.updated_at = listed->second.updated_at;
            history.released_at = listed->second.released_at;
        }
        state_->set(app_history_key(id), encode_app_history(history));
    }
}

std::optional<AppFindingFacts> IncrementalReads::carried_facts(const std::string& app_id) const {
    if (state_ == nullptr) return std::nullopt;
    const auto value = state_->get(app_facts_key(app_id));
    return value ? decode_app_facts(*value) : std::nullopt;
}

void IncrementalReads::keep_app_facts(const AccountFactsSnapshot& facts) {
    if (state_ == nullptr) return;
    std::lock_guard lock(mutex_);
    const std::unordered_set<std::string_view> incomplete(incomplete_.begin(), incomplete_.end());
    for (const std::string& id : read_)
        state_->set(app_facts_key(id), incomplete.count(id) != 0
                                           ? std::string("{}")
                                           : encode_app_facts(facts_of_app(facts, id)));
}

std::uint64_t IncrementalReads::apps_not_observed() const { return not_observed_; }

json IncrementalReads::summary(std::uint64_t requests, Seconds finished_at, bool keep) {
    std::vector<std::string> read;
    std::vector<std::string> not_modified;
    std::size_t incomplete = 0;
    std::unordered_set<std::string> deferred;
    {
        std::lock_guard lock(mutex_);
        read = read_;
        not_modified = not_modified_;
        incomplete = incomplete_.size();
        deferred.insert(deferred_.begin(), deferred_.end());
    }
    // Observed this run: read, or revalidated as unchanged.
    std::vector<std::string> observed = read;
    observed.insert(observed.end(), not_modified.begin(), not_modified.end());
    const NotModifiedCost measured = judge_not_modified_cost(samples_);
    const NotModifiedCost verdict =
        measured != NotModifiedCost::unknown ? measured : previous_cost();
    json reasons = json::object();
    for (const ReadReason reason : {ReadReason::never_read, ReadReason::audit_events,
                                    ReadReason::app_changed, ReadReason::aged, ReadReason::refresh})
        reasons[std::string(to_string(reason))] = 0;
    reasons["not_in_snapshot"] = 0;
    std::map<std::string, std::vector<std::string>> names_by_reason;
    for (const auto& [id, planned] : planned_) {
        if (deferred.count(id) != 0) continue;
        reasons[planned.reason] = reasons[planned.reason].get<std::uint64_t>() + 1;
        names_by_reason[planned.reason].push_back(planned.name);
    }
    json names = json::object();
    for (auto& [reason, list] : names_by_reason) {
        std::sort(list.begin(), list.end());
        names[reason] = list;
    }

    // What the per-app phase cost the bucket: its requests, less its 304s when they are free.
    std::uint64_t spent = requests > requests_before_apps_ ? requests - requests_before_apps_ : 0;
    if (verdict == NotModifiedCost::free) spent -= std::min(spent, not_modified_answers_);
    const double per_app = observed.empty()
                               ? requests_per_app()
                               : static_cast<double>(spent) / static_cast<double>(observed.size());
    if (state_ != nullptr && keep) {
        keep_history(observed);
        state_->set(incremental_state_key, json{{"run_at", format_rfc3339(finished_at)},
                                                {"requests_per_app", std::max(1.0, per_app)},
                                                {"not_modified_cost", to_string(verdict)}}
                                               .dump());
    }

    const Seconds oldest = oldest_carried_.value_or(now_);
    return json{
        {"mode", incremental_ ? "incremental" : "full"},
        {"full_because", incremental_   ? json(nullptr)
                         : planned_run_ ? json(mode_reason_)
                                        : json("the run stopped before its per-app phase")},
        {"request_budget", incremental_ ? json(request_budget_) : json(nullptr)},
        {"apps", input_.apps.size()},
        {"apps_read", read.size()},
        {"apps_read_with_gaps", incomplete},
        {"read_reasons", std::move(reasons)},
        {"apps_read_by_reason", std::move(names)},
        {"apps_deferred", deferred.size()},
        {"apps_not_modified", not_modified.size()},
        {"conditional", conditional_summary(verdict)},
        {"apps_carried", carried_.size() + not_modified.size()},  // both carried forward
        {"apps_not_observed", not_observed_},
        {"oldest_observation", format_rfc3339(oldest)},
        {"max_evidence_age_days",
         std::chrono::duration_cast<std::chrono::hours>(options_.max_evidence_age).count() / 24},
        {"snapshot_complete", snapshot_complete(input_, observed, carried_)},
    };
}

}  // namespace iru::heroku
