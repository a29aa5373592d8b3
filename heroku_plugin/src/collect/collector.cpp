// Orchestration of one collection: the account, its teams and the app union first, then the
// account-wide lists and every app's details sharing the worker threads. What is read, and how, is
// the catalogue's (collect/catalogue.cpp); this file decides only the order of the phases.
#include "collect/collector.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "collect/allow_list.hpp"
#include "collect/app_revalidation.hpp"
#include "collect/app_union.hpp"
#include "collect/audit_trail.hpp"
#include "collect/catalogue.hpp"
#include "collect/catalogue_walker.hpp"
#include "collect/collection_summary.hpp"
#include "collect/emitter.hpp"
#include "collect/filters.hpp"
#include "collect/incremental_reads.hpp"
#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"
#include "collect/run_control.hpp"
#include "collect/selection.hpp"
#include "collect/summary_findings.hpp"
#include "collect/time_format.hpp"
#include "collect/worker_pool.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

// The per-app phase reports its progress about this many times (and after the last app).
constexpr std::size_t progress_reports_per_run = 200;

const Row& row(std::string_view type) {
    const Row* r = row_of(type);
    if (r == nullptr) throw std::logic_error("no catalogue row for " + std::string(type));
    return *r;
}

// True when next is read right after row, with what row's items told (the pipelines, the
// enterprise accounts whose members may be viewed, the private spaces).
bool follows(const Row& next, const Row& row) {
    return ((next.link == Link::app_pipeline || next.scope == Scope::pipeline) &&
            row.type == record_type::pipeline) ||
           (next.scope == Scope::enterprise_account &&
            row.type == record_type::enterprise_account) ||
           (next.scope == Scope::space && row.type == record_type::space);
}

// The audit trail's rows: their 403, and an enterprise account listed without "view", is a gap
// naming the permission (collect/audit_trail.hpp).
bool is_audit_row(const Row& row) {
    return row.scope == Scope::enterprise_account &&
           row.gap_403 == gap_kind::enterprise_view_denied;
}

// The space an item of GET /spaces names, for its own endpoints.
SpaceEntry space_entry(const json& space, const RecordContext& context) {
    const json generation = space.is_object() ? space.value("generation", json()) : json();
    return {{string_field(space, "id"), string_field(space, "name")},
            context.team,
            string_field(generation, "name")};
}

class Run {
public:
    Run(ApiClient& client, RecordSink& sink, Logger& logger, const CollectOptions& options,
        std::string_view token, StateStore* state)
        : client_(client),
          sink_(sink),
          options_(options),
          types_(options),
          scanner_(token),
          token_(token),
          summary_(std::chrono::system_clock::now()),
          control_(
              client, [&sink] { return sink.should_cancel(); }, scanner_),
          emitter_(sink, logger, summary_, types_, scanner_,
                   [this] {
                       control_.stop(Status::cancelled, "the host asked the collection to stop");
                   }),
          selection_(options),
          walker_(client, control_, emitter_, options),
          audit_(walker_, emitter_, control_, state, options.audit_lookback_days,
                 utc_day(options.clock ? options.clock() : std::chrono::system_clock::now())),
          incremental_(sink, state, options) {
        summary_.set_drains_collected(types_.enabled(record_type::log_drain));
        // A request waiting at the rate-limit reserve also ends when the host asks to stop.
        client_.set_stop_check([&sink] { return sink.should_cancel(); });
    }
    ~Run() { client_.set_stop_check({}); }
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    CollectOutcome execute();

private:
    bool collect_account();
    void collect_teams();
    void collect_apps();
    void collect_permission_matrices();
    void collect_token();
    void collect_team(const TeamEntry& team);
    void collect_account_list(const Row& list);
    // Reads row for each pipeline recorded (context: the pipeline and its owner team).
    void collect_per_pipeline(const Row& row, const std::vector<RecordContext>& pipelines);
    std::optional<RecordContext> link(const Row& list, const json& item,
                                      const RecordContext& scope) const;
    // Names an enterprise account's team the token's account is not in (missing-apps hint).
    void note_team_not_joined(const json& enterprise_team);
    // Notes an audit event's app and time (the newest per app), for plan_app_reads().
    void note_app_event(const json& event);
    // Which apps' details this run reads (indexes into the selection's apps), the others carried
    // forward.
    std::vector<std::size_t> plan_app_reads();
    // One app's details: revalidated first when it may be unchanged (collect/app_revalidation.hpp)
    // and then carried forward, else read.
    void read_app(const AppEntry& app);
    // revalidate_app() for app, alone on the client when it is one of the run's measured apps.
    RevalidationResult revalidate(const AppEntry& app, const AppEtags& etags);
    void collect_concurrently(const std::vector<std::function<void()>>& account_tasks,
                              const std::vector<std::size_t>& app_reads);
    void report_progress(std::string_view phase);
    void report_app_progress(std::size_t done);
    CollectOutcome finish();

    ApiClient& client_;
    RecordSink& sink_;
    const CollectOptions& options_;
    RecordTypeFilter types_;
    LeakScanner scanner_;
    std::string_view token_;
    CollectionSummary summary_;
    RunControl control_;
    Emitter emitter_;
    Selection selection_;
    CatalogueWalker walker_;
    AuditTrailReader audit_;  // used by the enterprise accounts' task only
    IncrementalReads incremental_;
    std::unordered_map<std::string, AppListing> listings_;  // the selected apps' change fields
    std::mutex events_mutex_;                               // guards last_event_at_
    std::map<std::string, Seconds> last_event_at_;          // the newest audit event per app id

    bool teams_read_ = false;  // /teams was read to its end
    std::size_t filtered_out_apps_ = 0;
    std::atomic<std::size_t> apps_done_{0};
    std::size_t apps_to_read_ = 0;  // this run's per-app reads (the rest is carried forward)
    std::unordered_map<std::string, Ref> pipelines_;  // read by the pipelines task only
};

void Run::report_progress(std::string_view phase) {
    const ClientStats stats = client_.stats();
    sink_.progress({summary_.records_counted(), stats.requests, stats.rate_limit_remaining, phase});
}

// "app details, apps 80/300": the phase, then how many of the selected apps are read (the host
// shows the count first and drops the rest before it when the line is short).
void Run::report_app_progress(std::size_t done) {
    report_progress("app details, apps " + std::to_string(done) + "/" +
                    std::to_string(apps_to_read_));
}

CollectOutcome Run::execute() {
    emitter_.log(LogLevel::info, "collecting the Heroku account");
    if (collect_account()) {
        // Each report names the phase that starts.
        report_progress("teams");
        collect_teams();
        report_progress("listing apps");
        collect_apps();
        report_progress("team permissions");
        // Before the app details: which teams' apps are covered by their access matrix.
        collect_permission_matrices();
        // The account-wide lists do not depend on each other: they share the worker threads with
        // the app details rather than running one after another.
        std::vector<std::function<void()>> tasks;
        for (const Row& r : catalogue()) {
            if (r.scope != Scope::account || !r.paging.list || r.type == record_type::team ||
                r.type == record_type::app || r.link == Link::app_pipeline)
                continue;
            if (r.type == record_type::token)
                tasks.emplace_back([this] { collect_token(); });
            else if (r.type == record_type::enterprise_account && sink_.can_carry_forward())
                collect_account_list(r);  // now: its audit events order the per-app reads
            else
                tasks.emplace_back([this, &r] { collect_account_list(r); });
        }
        for (const auto& team : selection_.teams())
            if (team.selected) tasks.emplace_back([this, &team] { collect_team(team); });
        const std::vector<std::size_t> app_reads = plan_app_reads();
        report_app_progress(0);
        collect_concurrently(tasks, app_reads);
        for (const std::string& id : incremental_.carry_deferred())
            summary_.note_carried(id, incremental_.carried_facts(id));
    }
    return finish();
}

bool Run::collect_account() {
    json account;
    const Attempt a = control_.attempt("/account", [&] { account = client_.get("/account"); });
    if (a.outcome == Outcome::ok) {
        if (!account.is_object() || string_field(account, "id").empty()) {
            control_.stop(Status::internal, "GET /account gave no account id");
            return false;
        }
        summary_.set_account(account);
        emitter_.emit(row(record_type::account), account, {});
        return !control_.stopped();
    }
    if (a.outcome == Outcome::denied)
        control_.stop(Status::permission_denied, "GET /account was denied: " + a.reason);
    else if (a.outcome == Outcome::missing)
        control_.stop(Status::internal, "GET /account answered 404: check api_url");
    else if (a.outcome != Outcome::stopped && a.status == Status::network && !a.answered)
        control_.stop(a.status, a.reason + "; " + std::string(no_answer_remedy));
    else if (a.outcome != Outcome::stopped)
        control_.stop(a.status, a.reason);  // the reason names the request
    return false;
}

void Run::collect_teams() {
    const Row& teams = row(record_type::team);
    const std::string path(teams.path);
    const Attempt a = walker_.read(teams, path, {}, [&](json& t, std::size_t) {
        TeamEntry entry{{string_field(t, "id"), string_field(t, "name")},
                        string_field(t, "role"),
                        true,
                        std::move(t)};
        if (entry.team.id.empty()) throw std::invalid_argument("a team without a usable \"id\"");
        selection_.add_team(std::move(entry));
    });
    if (a.outcome == Outcome::stopped) return;
    walker_.report(teams, a, path, {});
    if (a.outcome != Outcome::ok) return;
    teams_read_ = true;  // app counts follow once the apps are listed (collect_apps)
    std::vector<TeamSummary> summaries;
    for (const auto& t : selection_.teams()) summaries.push_back({t.team, t.role, 0, t.selected});
    summary_.set_teams(std::move(summaries));
}

void Run::collect_apps() {
    const Row& apps_row = row(record_type::app);
    AppUnion apps;
    const std::string path(apps_row.path);
    const Attempt a =
        walker_.read(apps_row, path, {}, [&](json& app, std::size_t) { apps.add(app); });
    if (a.outcome == Outcome::stopped) return;
    walker_.report(apps_row, a, path, {});

    for (const auto& team : selection_.teams()) {
        if (!team.selected || control_.stopped()) continue;
        RecordContext scope;
        scope.team = team.team;
        const std::string team_path = expand_path(apps_row.team_path, scope);
        const Attempt t = walker_.read(apps_row, team_path, scope, [&](json& app, std::size_t) {
            apps.add_team_app(app, team.team);
        });
        if (t.outcome == Outcome::stopped) return;
        walker_.report(apps_row, t, team_path, scope);
    }

    apps.drain([&](const std::string& id, const json& app) {
        if (control_.stopped()) return false;
        AppEntry entry{{id, string_field(app, "name")},
                       selection_.team_ref(app.value("team", json())),
                       generation_bit(string_field(app.value("generation", json()), "name"))};
        if (!selection_.app_selected(entry)) {
            ++filtered_out_apps_;
            return true;
        }
        RecordContext context;
        context.team = entry.team;
        emitter_.emit(apps_row, app, context);
        selection_.add_app(entry);
        listings_.emplace(
            id, AppListing{id, string_field(app, "updated_at"), string_field(app, "released_at")});
        return true;
    });

    std::vector<TeamSummary> summaries;
    for (const auto& t : selection_.teams())
        summaries.push_back(
            {t.team, t.role, selection_.apps().count_in_team(t.team.id), t.selected});
    if (teams_read_) summary_.set_teams(std::move(summaries));
    emitter_.log(LogLevel::info, "found " + std::to_string(selection_.apps().size()) +
                                     " apps to collect (" + std::to_string(filtered_out_apps_) +
                                     " left out by filters)");
}

void Run::collect_permission_matrices() {
    std::unordered_set<std::string> read;
    for (const Row& r : catalogue()) {
        if (r.scope != Scope::team || r.condition != Condition::team_admin ||
            !emitter_.wants(r.type))
            continue;
        for (const auto& team : selection_.teams()) {
            if (!team.selected || team.role != "admin" || control_.stopped()) continue;
            RecordContext scope;
            scope.team = team.team;
            const std::string path = expand_path(r.path, scope);
            const Attempt a = walker_.read(r, path, scope, [&](json& entity, std::size_t) {
                if (auto context = link(r, entity, scope)) emitter_.emit(r, entity, *context);
            });
            if (a.outcome == Outcome::stopped) return;
            if (a.outcome == Outcome::ok) read.insert(team.team.id);
            walker_.report(r, a, path, scope);  // its apps fall back to per-app collaborators
        }
    }
    walker_.set_matrix_teams(std::move(read));
}

void Run::collect_token() {
    // Read even when heroku.token is excluded: the summary reports the token's expiry.
    const Row& tokens = row(record_type::token);
    const std::string path(tokens.path);
    std::optional<TokenMatch> found;
    const auto now = std::chrono::system_clock::now();
    const Attempt a = walker_.read(tokens, path, {}, [&](json& item, std::size_t) {
        if (!found) found = match_token(item, token_, now);
    });
    if (a.outcome == Outcome::stopped) return;
    if (a.outcome != Outcome::ok) {
        const std::string warning =
            "could not read " + path + ", so the token's expiry is unknown: " + a.reason;
        if (types_.enabled(record_type::token)) {
            emitter_.log(LogLevel::warn, warning);
            walker_.report(tokens, a, path, {});
        } else {
            emitter_.warn(warning);
        }
        return;
    }
    if (!found) {
        summary_.set_token(summarize_token(found));
        summary_.add_warning(
            "the token in use is not among the account's OAuth authorizations (an API key?): its "
            "expiry is unknown");
        return;
    }
    std::vector<std::string> ignored;  // the record's own fields: nothing to report
    found->record.data = keep_allowed(found->record.data, tokens.fields, ignored);
    summary_.set_token(summarize_token(found));
    emitter_.emit(tokens, found->record.data, {});
}

void Run::collect_team(const TeamEntry& team) {
    RecordContext scope;
    scope.team = team.team;
    if (types_.enabled(record_type::team)) {
        const std::string path = "/teams/" + team.team.id + "/preferences";
        json preferences = nullptr;
        const Attempt p = control_.attempt(path, [&] { preferences = client_.get(path); });
        if (p.outcome == Outcome::stopped) return;
        if (p.outcome != Outcome::ok)
            emitter_.gap(gap_kind::request_failed, path, std::nullopt, team.team, p.reason);
        json item = team.item;
        if (preferences.is_object()) item["preferences"] = std::move(preferences);
        emitter_.emit(row(record_type::team), item, {});
    }
    for (const Row& r : catalogue()) {
        if (r.scope != Scope::team || r.condition != Condition::always || !emitter_.wants(r.type))
            continue;
        const std::string path = expand_path(r.path, scope);
        const Attempt a = walker_.read_and_emit(r, path, scope);
        if (a.outcome == Outcome::stopped) return;
        walker_.report(r, a, path, scope);
    }
}

std::optional<RecordContext> Run::link(const Row& list, const json& item,
                                       const RecordContext& scope) const {
    RecordContext context = scope;
    switch (list.link) {
        case Link::none:
            return context;
        case Link::item_app:
        case Link::app_pipeline: {
            // An item about an app outside the selection is left out when filters are in use.
            auto app = selection_.context_of(item);
            if (!app && selection_.filtered()) return std::nullopt;
            if (app) context = *app;
            if (list.link == Link::app_pipeline && item.is_object()) {
                const auto it = pipelines_.find(string_field(item.value("pipeline", json()), "id"));
                if (it != pipelines_.end()) context.pipeline = it->second;
            }
            return context;
        }
        case Link::owner_team: {
            const json owner = item.is_object() ? item.value("owner", json()) : json();
            if (string_field(owner, "type") == "team") context.team = selection_.team_ref(owner);
            if (!selection_.team_selected(context.team)) return std::nullopt;
            return context;
        }
        case Link::item_team:
            context.team =
                selection_.team_ref(item.is_object() ? item.value("team", json()) : json());
            if (!selection_.team_selected(context.team)) return std::nullopt;
            return context;
        case Link::entity_app: {
            const auto app = selection_.find_app(string_field(item, "id"));
            if (!app) return std::nullopt;
            context.app = app->app;
            return context;
        }
    }
    return std::nullopt;
}

void Run::collect_account_list(const Row& list) {
    bool needed = emitter_.wants(list.type);
    for (const Row& next : catalogue())
        needed = needed || (follows(next, list) && emitter_.wants(next.type));
    if (!needed) return;
    std::vector<Ref> visible;              // enterprise accounts whose members the token may view
    std::vector<Ref> not_viewable;         // the others
    std::vector<SpaceEntry> spaces;        // the selected teams' private spaces
    std::vector<RecordContext> pipelines;  // the pipelines recorded, with their owner team
    const std::string path(list.path);
    const Attempt a = walker_.read(list, path, {}, [&](json& item, std::size_t) {
        const auto context = link(list, item, {});
        if (!context) return;
        emitter_.emit(list, item, *context);
        const Ref ref{string_field(item, "id"), string_field(item, "name")};
        if (list.type == record_type::space) {
            if (!ref.id.empty()) spaces.push_back(space_entry(item, *context));
        } else if (list.type == record_type::pipeline) {
            pipelines_[ref.id] = ref;
            pipelines.push_back(*context);
            pipelines.back().pipeline = ref;
        } else if (list.type == record_type::enterprise_account) {
            const json permissions = item.value("permissions", json());
            if (!permissions.is_array() || std::find(permissions.begin(), permissions.end(),
                                                     json("view")) != permissions.end()) {
                visible.push_back(ref);
            } else {
                not_viewable.push_back(ref);
                emitter_.warn("the token may not view the members of enterprise account " +
                              ref.name);
            }
        }
    });
    if (a.outcome == Outcome::stopped) return;
    walker_.report(list, a, path, {});
    for (const auto& space : spaces) {  // each space's rows, one space after another
        if (control_.stopped()) return;
        walker_.collect_space(space);
    }
    for (const Row& next : catalogue()) {
        if (!follows(next, list) || !emitter_.wants(next.type) || next.scope == Scope::space)
            continue;
        if (next.scope == Scope::account) {
            collect_account_list(next);
            continue;
        }
        if (next.scope == Scope::pipeline) {
            collect_per_pipeline(next, pipelines);
            continue;
        }
        if (is_audit_row(next)) {  // the audit trail: a gap where it may not be viewed
            for (const auto& ea : visible) {
                if (control_.stopped()) return;
                json entry = audit_.read(next, ea, [this](const json& item) {
                    const bool keep = !selection_.filtered() || !item.is_object() ||
                                      !item.contains("app") ||
                                      selection_.context_of(item).has_value();
                    if (keep) note_app_event(item);
                    return keep;
                });
                if (!entry.is_null()) summary_.add_audit_trail(std::move(entry));
            }
            for (const auto& ea : not_viewable) audit_.report_not_viewable(next, ea);
            continue;
        }
        for (const auto& ea : visible) {  // Condition::enterprise_view
            RecordContext scope;
            scope.enterprise_account = ea;
            const std::string member_path = expand_path(next.path, scope);
            const Attempt m = walker_.read(next, member_path, scope, [&](json& item, std::size_t) {
                emitter_.emit(next, item, scope);
                if (next.type == record_type::enterprise_team) note_team_not_joined(item);
            });
            if (m.outcome == Outcome::stopped) return;
            walker_.report(next, m, member_path, {});
        }
    }
}

void Run::collect_per_pipeline(const Row& row, const std::vector<RecordContext>& pipelines) {
    for (const auto& scope : pipelines) {
        const std::string path = expand_path(row.path, scope);
        const Attempt a = walker_.read_and_emit(row, path, scope);
        if (a.outcome == Outcome::stopped) return;
        walker_.report(row, a, path, scope);
    }
}

void Run::note_team_not_joined(const json& enterprise_team) {
    if (!teams_read_) return;  // membership unknown
    const std::string id = string_field(enterprise_team, "id");
    const auto& teams = selection_.teams();
    if (std::any_of(teams.begin(), teams.end(),
                    [&](const TeamEntry& t) { return t.team.id == id; }))
        return;
    const std::string name = string_field(enterprise_team, "name");
    summary_.add_enterprise_team_not_joined(name.empty() ? id : name);
}

void Run::note_app_event(const json& event) {
    if (!event.is_object()) return;
    const std::string app = string_field(event.value("app", json()), "id");
    const auto when = parse_rfc3339_utc(string_field(event, "created_at"));
    if (app.empty() || !when) return;
    const Seconds at = std::chrono::time_point_cast<std::chrono::seconds>(*when);
    std::lock_guard lock(events_mutex_);
    auto [it, added] = last_event_at_.emplace(app, at);
    if (!added) it->second = std::max(it->second, at);
}

std::vector<std::size_t> Run::plan_app_reads() {
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    std::map<std::string, Seconds> events;
    {
        std::lock_guard lock(events_mutex_);
        events = last_event_at_;
    }
    std::vector<std::size_t> reads =
        incremental_.plan(selection_.apps(), listings_, events, client_.stats().requests, now);
    apps_to_read_ = reads.size();
    for (const std::string& id : incremental_.carried())
        summary_.note_carried(id, incremental_.carried_facts(id));
    if (incremental_.incremental())
        emitter_.log(LogLevel::info, "incremental collection: reading " +
                                         std::to_string(reads.size()) + " of " +
                                         std::to_string(selection_.apps().size()) + " apps, " +
                                         std::to_string(incremental_.carried().size()) +
                                         " carried forward from the last snapshot");
    return reads;
}

RevalidationResult Run::revalidate(const AppEntry& app, const AppEtags& etags) {
    std::optional<ApiClient::Alone> alone;
    if (incremental_.measure_next()) {
        const Attempt a = control_.attempt("/apps/" + app.app.id, [&] { alone.emplace(client_); });
        if (a.outcome == Outcome::stopped) return {Revalidation::stopped, {}};
    }
    return revalidate_app(walker_, client_, control_, options_, app, etags);
}

void Run::read_app(const AppEntry& app) {
    if (!incremental_.start_app_read(app.app.id, client_.stats().requests)) return;
    PrefetchedAnswers prefetched;
    if (const AppEtags* etags = incremental_.revalidation_etags(app.app.id)) {
        RevalidationResult check = revalidate(app, *etags);
        bool stopped = check.outcome == Revalidation::stopped;
        if (check.outcome == Revalidation::unchanged) {
            const CarryResult carried = sink_.carry_forward(app.app.id);
            stopped = carried == CarryResult::stopped;
            if (carried == CarryResult::carried) {
                incremental_.app_not_modified(app.app.id);
                summary_.note_carried(app.app.id, incremental_.carried_facts(app.app.id));
                return;
            }
            // Not in the snapshot after all: read in full (the 304s brought no body).
        }
        if (stopped) {  // as a read the run's stop cut short
            incremental_.app_read(app.app.id, false);
            return;
        }
        prefetched = std::move(check.prefetched);
    }
    AppReadResult result = walker_.collect_app(app, &prefetched);
    wipe_prefetched(prefetched);
    incremental_.app_read(app.app.id, result.complete, std::move(result.etags));
}

void Run::collect_concurrently(const std::vector<std::function<void()>>& account_tasks,
                               const std::vector<std::size_t>& app_reads) {
    const auto& apps = selection_.apps();
    const std::size_t total = account_tasks.size() + app_reads.size();
    if (total == 0 || control_.stopped()) return;
    const auto threads = static_cast<std::size_t>(std::clamp(client_.options().concurrency, 1, 32));
    const std::size_t report_step =
        std::max<std::size_t>(1, app_reads.size() / progress_reports_per_run);
    run_on_workers(
        total, threads,
        [&](std::size_t n) {
            if (n < account_tasks.size()) {
                account_tasks[n]();
                return;
            }
            read_app(apps.at(app_reads[n - account_tasks.size()]));
            const std::size_t done = apps_done_.fetch_add(1) + 1;
            if (done % report_step == 0 || done == app_reads.size()) report_app_progress(done);
        },
        [&] { return control_.stopping(); },
        [&](std::size_t n, const std::exception& e) {
            if (n < account_tasks.size()) {
                emitter_.gap(gap_kind::request_failed, "", std::nullopt, std::nullopt,
                             std::string("unexpected error: ") + e.what());
                return;
            }
            const AppEntry app = apps.at(app_reads[n - account_tasks.size()]);
            incremental_.app_read(app.app.id, false);
            emitter_.gap(gap_kind::request_failed, "/apps/" + app.app.id, app.app, app.team,
                         std::string("unexpected error: ") + e.what());
        });
}

CollectOutcome Run::finish() {
    Status status = control_.stop_status().value_or(Status::ok);
    std::string message = control_.stop_message();
    if (const auto deadline = control_.deadline())
        emitter_.gap(gap_kind::run_time_exceeded, deadline->first, std::nullopt, std::nullopt,
                     deadline->second);
    if (incremental_.incremental() && !control_.stopped() && incremental_.apps_not_observed() > 0)
        emitter_.gap(gap_kind::apps_not_observed, "/apps", std::nullopt, std::nullopt,
                     std::to_string(incremental_.apps_not_observed()) +
                         " apps were neither read nor in the last snapshot: this run's request "
                         "budget did not reach them, and the next runs read them first");
    if (status == Status::cancelled) {
        emitter_.gap(gap_kind::cancelled, "", std::nullopt, std::nullopt,
                     "cancelled after " + std::to_string(apps_done_.load()) + " of " +
                         std::to_string(apps_to_read_) + " apps; later records were not collected");
    } else if (status == Status::ok && summary_.gap_count() > 0) {
        status = Status::partial;
    }
    if (status == Status::partial && message.empty())
        message = std::to_string(summary_.gap_count()) +
                  " gaps: some resources could not be read (see the summary's gaps)";
    message = scanner_.redact(message);

    const auto finished_at = std::chrono::system_clock::now();
    if (status == Status::ok || status == Status::partial)
        incremental_.keep_app_facts(summary_.facts());
    incremental_.note_conditional(client_.stats(), client_.not_modified_samples());
    summary_.set_incremental(incremental_.summary(
        client_.stats().requests, std::chrono::time_point_cast<std::chrono::seconds>(finished_at),
        status == Status::ok || status == Status::partial));

    summary_.set_requests_by_type(walker_.request_tally().to_json());
    json data = summary_.build(status, message, client_.stats(), finished_at);
    report_progress("done");
    emitter_.emit_summary(std::move(data));
    // The message is the run's result (last_error and the summary say it): not repeated here.
    emitter_.log(status == Status::ok ? LogLevel::info : LogLevel::warn,
                 "collection finished: " + std::string(to_string(status)));
    return {status, message};
}

}  // namespace

CollectOutcome collect_account(ApiClient& client, RecordSink& sink, Logger& logger,
                               const CollectOptions& options, std::string_view token,
                               StateStore* state) {
    Run run(client, sink, logger, options, token, state);
    return run.execute();
}

}  // namespace iru::heroku
