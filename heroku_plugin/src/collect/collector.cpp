// Orchestration of one collection: account-wide lists first, then per-app details on a worker pool.
// See collector.hpp for the contract; the request plan is in issue 4 ("Request economy").
#include "collect/collector.hpp"
#include "collect/compact_json.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "collect/collection_summary.hpp"
#include "collect/filters.hpp"
#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Network failures in a row after which the run stops (the client already retried each one).
constexpr int max_consecutive_network_failures = 20;
// Progress is reported every this many apps during the per-app phase.
constexpr std::size_t progress_every_apps = 25;

std::string string_field(const json& item, std::string_view field) {
    if (!item.is_object()) return {};
    const auto it = item.find(field);
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One app selected for the per-app phase. Only references are kept, not the app's data.
struct AppEntry {
    Ref app;
    std::optional<Ref> team;
};

struct TeamEntry {
    Ref team;
    std::string role;
    bool selected = true;
    json item;  // the /teams item, for the heroku.team record
};

// How a request ended, from the point of view of the resource it was for.
enum class Result { ok, denied, missing, failed, stopped };

struct Attempt {
    Result result = Result::ok;
    std::string reason;           // redacted, for gaps and logs
    Status status = Status::ok;   // the error's status when result is failed
};

class Run {
public:
    Run(ApiClient& client, RecordSink& sink, Logger& logger, const CollectOptions& options,
        std::string_view token)
        : client_(client), sink_(sink), logger_(logger), options_(options), types_(options),
          team_filter_(options.teams), app_filter_(options.apps), scanner_(token), token_(token),
          summary_(std::chrono::system_clock::now()), started_(Clock::now()) {}

    CollectOutcome execute();

private:
    // --- requests ---------------------------------------------------------------------------
    bool stopping();
    template <class F>
    Attempt attempt(std::string_view resource, F&& request);
    void stop_run(Status status, std::string message);
    void run_time_exceeded(std::string_view resource, const std::string& reason);
    void list(const std::string& path, const ListSpec& spec,
              const std::function<void(json&)>& on_item);

    // --- records ----------------------------------------------------------------------------
    void emit(Record record);
    void emit_all(std::vector<Record> records);
    void gap(std::string_view kind, std::string resource, std::optional<Ref> app,
             std::optional<Ref> team, std::string reason);
    void report_progress(std::string_view phase);

    // --- phases -----------------------------------------------------------------------------
    bool collect_account();
    void collect_token();
    void collect_teams();
    void collect_team(const TeamEntry& team);
    void collect_apps();
    void collect_permission_matrices();
    void collect_addons();
    void collect_pipelines();
    void collect_spaces();
    void collect_enterprise_accounts();
    // Runs the account-wide tasks, then every app's details, on the worker threads.
    void collect_concurrently(const std::vector<std::function<void()>>& account_tasks);
    void collect_app(const AppEntry& entry);
    std::optional<AppContext> context_of(const json& item) const;
    std::optional<Ref> team_ref(const json& team_field) const;
    bool team_selected(const std::optional<Ref>& team) const;
    CollectOutcome finish();

    ApiClient& client_;
    RecordSink& sink_;
    Logger& logger_;
    const CollectOptions& options_;
    RecordTypeFilter types_;
    NameFilter team_filter_;
    NameFilter app_filter_;
    LeakScanner scanner_;
    std::string_view token_;
    CollectionSummary summary_;
    Clock::time_point started_;

    std::atomic<bool> stop_{false};
    std::atomic<bool> deadline_hit_{false};
    std::atomic<int> network_failures_{0};
    std::mutex stop_mutex_;
    std::optional<Status> stop_status_;
    std::string stop_message_;

    std::vector<TeamEntry> teams_;                      // from /teams, in its order
    std::vector<AppEntry> apps_;                        // the selected apps, sorted by id
    std::unordered_map<std::string, std::size_t> app_index_;  // app id -> apps_ index
    std::unordered_set<std::string> matrix_teams_;      // team ids whose access matrix was read
    std::size_t filtered_out_apps_ = 0;
    bool teams_read_ = false;                           // /teams was read to its end
    std::atomic<std::size_t> apps_done_{0};
};

// ---------------------------------------------------------------------------------------------

bool Run::stopping() {
    if (stop_.load()) return true;
    if (Clock::now() - started_ >= client_.options().max_run_time) {
        run_time_exceeded("", "the run took longer than max_run_time");
        return true;
    }
    if (client_.cancelled() || sink_.should_cancel()) {
        stop_run(Status::cancelled, "the collection was cancelled");
        return true;
    }
    return false;
}

void Run::run_time_exceeded(std::string_view resource, const std::string& reason) {
    if (stop_.load() || deadline_hit_.exchange(true)) return;
    gap(gap_kind::run_time_exceeded, std::string(resource), std::nullopt, std::nullopt, reason);
    stop_run(Status::partial, "the run reached max_run_time and stopped; what was collected is kept");
}

void Run::stop_run(Status status, std::string message) {
    {
        std::lock_guard lock(stop_mutex_);
        if (!stop_status_) {
            stop_status_ = status;
            stop_message_ = std::move(message);
        }
    }
    stop_.store(true);
}

template <class F>
Attempt Run::attempt(std::string_view resource, F&& request) {
    if (stopping()) return {Result::stopped, {}};
    try {
        request();
        network_failures_.store(0);
        return {};
    } catch (const ApiError& e) {
        std::string reason = e.what();
        if (scanner_.leaks(reason)) reason = std::string(redacted_marker);
        if (e.http_status() != 0 && e.status() != Status::network) network_failures_.store(0);
        switch (e.status()) {
            case Status::cancelled:
                stop_run(Status::cancelled, "the collection was cancelled");
                return {Result::stopped, reason};
            case Status::auth_failed:
                stop_run(Status::auth_failed, reason);
                return {Result::stopped, reason};
            case Status::rate_limited:
                if (e.http_status() == 0) {
                    // The client's throttle could not fit the request before max_run_time.
                    run_time_exceeded(resource, reason);
                } else {
                    stop_run(Status::rate_limited, reason);  // 429s beyond max_rate_limit_wait
                }
                return {Result::stopped, reason};
            default: break;
        }
        if (e.http_status() == 403) return {Result::denied, reason};
        if (e.http_status() == 404) return {Result::missing, reason};
        if (e.status() == Status::network &&
            network_failures_.fetch_add(1) + 1 >= max_consecutive_network_failures) {
            stop_run(Status::network, reason);
            return {Result::stopped, reason};
        }
        return {Result::failed, reason, e.status() == Status::ok ? Status::internal : e.status()};
    } catch (const std::exception& e) {
        // Unexpected JSON shape: the mapping names the field, never a value.
        std::string reason = "unexpected answer to GET " + std::string(resource) + ": " + e.what();
        if (scanner_.leaks(reason)) reason = std::string(redacted_marker);
        return {Result::failed, reason, Status::internal};
    }
}

void Run::list(const std::string& path, const ListSpec& spec,
               const std::function<void(json&)>& on_item) {
    client_.list_items(path, spec, [&](json& item) {
        if (!stopping()) on_item(item);
    });
}

void Run::emit(Record record) {
    if (!types_.enabled(record.type) || record.type == record_type::collection_summary) return;
    if (scanner_.leaks(record.key)) {
        const std::string warning = "dropped a " + std::string(record.type) +
                                    " record whose key looked like a Heroku token";
        logger_.log(LogLevel::warn, warning);
        summary_.add_warning(warning);
        return;
    }
    redact_secrets(record.data);
    for (const auto& path : scanner_.scrub(record.data)) {
        const std::string warning = "replaced a value that looked like a Heroku token in " +
                                    std::string(record.type) + " " + record.key + " field " + path;
        logger_.log(LogLevel::warn, warning);
        summary_.add_warning(warning);
    }
    summary_.count(record.type);
    if (!sink_.emit(record.type, record.key, record.data))
        stop_run(Status::cancelled, "the host asked the collection to stop");
}

void Run::emit_all(std::vector<Record> records) {
    for (auto& r : records) emit(std::move(r));
}

void Run::gap(std::string_view kind, std::string resource, std::optional<Ref> app,
              std::optional<Ref> team, std::string reason) {
    std::string line = "gap " + std::string(kind) + " " + resource;
    if (app) line += " (app " + app->name + ")";
    if (team) line += " (team " + team->name + ")";
    logger_.log(LogLevel::warn, line + ": " + reason);
    summary_.add_gap({kind, std::move(resource), std::move(app), std::move(team), std::move(reason)});
}

void Run::report_progress(std::string_view phase) {
    const ClientStats stats = client_.stats();
    sink_.progress({summary_.records_counted(), stats.requests, stats.rate_limit_remaining, phase});
}

// ---------------------------------------------------------------------------------------------

CollectOutcome Run::execute() {
    logger_.log(LogLevel::info, "collecting the Heroku account");
    if (collect_account()) {
        report_progress("account");
        collect_teams();
        report_progress("teams");
        collect_apps();
        report_progress("apps");
        // Before the app details: which teams' apps are covered by their access matrix.
        collect_permission_matrices();
        // The remaining account-wide lists do not depend on each other: they share the worker
        // threads with the app details rather than running one after another.
        std::vector<std::function<void()>> account_tasks = {
            [this] { collect_token(); },      [this] { collect_addons(); },
            [this] { collect_pipelines(); },  [this] { collect_spaces(); },
            [this] { collect_enterprise_accounts(); }};
        for (std::size_t i = 0; i < teams_.size(); ++i)
            if (teams_[i].selected) account_tasks.emplace_back([this, i] { collect_team(teams_[i]); });
        collect_concurrently(account_tasks);
        report_progress("app details");
    }
    return finish();
}

bool Run::collect_account() {
    json account;
    const Attempt a = attempt("/account", [&] { account = client_.get("/account"); });
    if (a.result == Result::ok) {
        if (!account.is_object() || string_field(account, "id").empty()) {
            stop_run(Status::internal, "GET /account gave no account id");
            return false;
        }
        summary_.set_account(account);
        emit(map_account(account));
        return !stop_.load();
    }
    if (a.result == Result::denied)
        stop_run(Status::permission_denied, "GET /account was denied: " + a.reason);
    else if (a.result == Result::missing)
        stop_run(Status::internal, "GET /account answered 404: check api_url");
    else if (a.result == Result::failed)
        stop_run(a.status, a.reason);  // the reason names the request
    return false;
}

void Run::collect_token() {
    // Read even when heroku.token is excluded: the summary reports the token's expiry.
    std::optional<TokenMatch> found;
    const auto now = std::chrono::system_clock::now();
    const Attempt a = attempt("/oauth/authorizations", [&] {
        list("/oauth/authorizations", {}, [&](json& item) {
            if (!found) found = match_token(item, token_, now);
        });
    });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok) {
        const std::string warning =
            "could not read /oauth/authorizations, so the token's expiry is unknown: " + a.reason;
        logger_.log(LogLevel::warn, warning);
        if (types_.enabled(record_type::token))
            gap(gap_kind::request_failed, "/oauth/authorizations", std::nullopt, std::nullopt,
                a.reason);
        else
            summary_.add_warning(warning);
        return;
    }
    summary_.set_token(summarize_token(found));
    if (found) {
        emit(found->record);
    } else {
        summary_.add_warning(
            "the token in use is not among the account's OAuth authorizations (an API key?): its "
            "expiry is unknown");
    }
}

void Run::collect_teams() {
    json teams = json::array();
    const Attempt a = attempt("/teams", [&] { teams = client_.list_all("/teams"); });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok) {
        gap(gap_kind::list_incomplete, "/teams", std::nullopt, std::nullopt, a.reason);
    }
    for (const auto& t : teams) {
        TeamEntry entry{{string_field(t, "id"), string_field(t, "name")}, string_field(t, "role"), true, t};
        if (entry.team.id.empty()) continue;
        entry.selected = team_filter_.matches(entry.team.id, entry.team.name);
        teams_.push_back(entry);
    }
    if (a.result == Result::ok) {
        // App counts follow once the apps are listed (collect_apps).
        teams_read_ = true;
        std::vector<TeamSummary> summaries;
        for (const auto& t : teams_) summaries.push_back({t.team, t.role, 0, t.selected});
        summary_.set_teams(std::move(summaries));
    }
}

void Run::collect_team(const TeamEntry& team) {
    const std::string base = "/teams/" + team.team.id;
    if (types_.enabled(record_type::team)) {
        json preferences = nullptr;
        const Attempt p = attempt(base + "/preferences", [&] { preferences = client_.get(base + "/preferences"); });
        if (p.result == Result::stopped) return;
        if (p.result != Result::ok)
            gap(gap_kind::request_failed, base + "/preferences", std::nullopt, team.team, p.reason);
        emit(map_team(team.item, preferences));
    }
    if (types_.enabled(record_type::team_member)) {
        const Attempt a = attempt(base + "/members", [&] {
            list(base + "/members", {"email", false, 0},
                 [&](json& m) { emit(map_team_member(m, team.team)); });
        });
        if (a.result == Result::stopped) return;
        if (a.result == Result::denied)
            gap(gap_kind::team_members_denied, base + "/members", std::nullopt, team.team, a.reason);
        else if (a.result != Result::ok)
            gap(gap_kind::request_failed, base + "/members", std::nullopt, team.team, a.reason);
    }
    if (types_.enabled(record_type::team_invitation)) {
        const Attempt a = attempt(base + "/invitations", [&] {
            list(base + "/invitations", {},
                 [&](json& i) { emit(map_team_invitation(i, team.team)); });
        });
        if (a.result == Result::stopped) return;
        if (a.result == Result::denied)
            gap(gap_kind::team_invitations_denied, base + "/invitations", std::nullopt, team.team,
                a.reason);
        else if (a.result != Result::ok)
            gap(gap_kind::request_failed, base + "/invitations", std::nullopt, team.team, a.reason);
    }
}

std::optional<Ref> Run::team_ref(const json& team_field) const {
    if (!team_field.is_object()) return std::nullopt;
    const std::string id = string_field(team_field, "id");
    const std::string name = string_field(team_field, "name");
    if (id.empty() && name.empty()) return std::nullopt;
    for (const auto& t : teams_)
        if ((!id.empty() && t.team.id == id) || (id.empty() && t.team.name == name)) return t.team;
    return Ref{id, name};
}

bool Run::team_selected(const std::optional<Ref>& team) const {
    // Personal apps are not subject to the teams filter.
    if (!team || team_filter_.empty()) return true;
    return team_filter_.matches(team->id, team->name);
}

void Run::collect_apps() {
    // The union of /apps and every selected team's /teams/{t}/apps, by app id. This map (the list of
    // apps) is the only thing kept for the whole account; each app is held compressed (a parsed tree
    // costs ten times more) and released as soon as its record is emitted.
    std::map<std::string, CompactJson> apps;
    const Attempt a = attempt("/apps", [&] {
        list("/apps", {}, [&](json& app) {
            const std::string id = string_field(app, "id");
            if (!id.empty()) apps[id] = CompactJson(app);
        });
    });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok)
        gap(gap_kind::list_incomplete, "/apps", std::nullopt, std::nullopt, a.reason);

    for (const auto& team : teams_) {
        if (!team.selected || stop_.load()) continue;
        const std::string path = "/teams/" + team.team.id + "/apps";
        const Attempt t = attempt(path, [&] {
            list(path, {}, [&](json& app) {
                const std::string id = string_field(app, "id");
                if (id.empty()) return;
                auto it = apps.find(id);
                json merged;
                if (it == apps.end()) {
                    merged = std::move(app);
                } else {
                    // Keep /apps' fields; add what only the team list tells (joined, locked).
                    merged = it->second.value();
                    for (auto f = app.begin(); f != app.end(); ++f)
                        if (!merged.contains(f.key())) merged[f.key()] = f.value();
                }
                if (!merged.contains("team") || !merged["team"].is_object() ||
                    string_field(merged["team"], "id").empty())
                    merged["team"] = team.team.to_json();
                apps[id] = CompactJson(merged);
            });
        });
        if (t.result == Result::stopped) return;
        if (t.result != Result::ok)
            gap(gap_kind::list_incomplete, path, std::nullopt, team.team, t.reason);
    }

    for (auto it = apps.begin(); it != apps.end(); it = apps.erase(it)) {
        if (stop_.load()) return;
        const json app = it->second.value();
        AppEntry entry{{it->first, string_field(app, "name")}, team_ref(app.value("team", json()))};
        if (!app_filter_.matches(entry.app.id, entry.app.name) || !team_selected(entry.team)) {
            ++filtered_out_apps_;
            continue;
        }
        emit(map_app(app, entry.team));
        app_index_[it->first] = apps_.size();
        apps_.push_back(std::move(entry));
    }

    std::vector<TeamSummary> summaries;
    for (const auto& t : teams_) {
        const auto n = static_cast<std::size_t>(std::count_if(
            apps_.begin(), apps_.end(),
            [&](const AppEntry& e) { return e.team && e.team->id == t.team.id; }));
        summaries.push_back({t.team, t.role, n, t.selected});
    }
    if (teams_read_) summary_.set_teams(std::move(summaries));
    logger_.log(LogLevel::info, "found " + std::to_string(apps_.size()) + " apps to collect (" +
                                    std::to_string(filtered_out_apps_) + " left out by filters)");
}

void Run::collect_permission_matrices() {
    if (!types_.enabled(record_type::app_access)) return;
    for (const auto& team : teams_) {
        if (!team.selected || team.role != "admin" || stop_.load()) continue;
        const std::string path = "/teams/" + team.team.id + "/permissions";
        const Attempt a = attempt(path, [&] {
            list(path, {}, [&](json& entity) {
                if (app_index_.count(string_field(entity, "id")) == 0) return;
                emit_all(map_app_access_matrix(entity, team.team));
            });
        });
        if (a.result == Result::stopped) return;
        if (a.result == Result::ok) {
            matrix_teams_.insert(team.team.id);
        } else {
            // Its apps fall back to per-app collaborators.
            gap(a.result == Result::denied ? gap_kind::team_permissions_denied
                                           : gap_kind::request_failed,
                path, std::nullopt, team.team, a.reason);
        }
    }
}

std::optional<AppContext> Run::context_of(const json& item) const {
    const json app = item.is_object() ? item.value("app", json()) : json();
    const auto it = app_index_.find(string_field(app, "id"));
    if (it == app_index_.end()) return std::nullopt;
    return AppContext{apps_[it->second].app, apps_[it->second].team};
}

void Run::collect_addons() {
    const bool filtered = !app_filter_.empty() || !team_filter_.empty();
    // An item about an app outside the selection is left out when filters are in use.
    auto selected = [&](const json& item, std::optional<AppContext>& context) {
        context = context_of(item);
        return context || !filtered;
    };
    if (types_.enabled(record_type::addon)) {
        const Attempt a = attempt("/addons", [&] {
            list("/addons", {}, [&](json& addon) {
                std::optional<AppContext> context;
                if (selected(addon, context)) emit(map_addon(addon, context));
            });
        });
        if (a.result == Result::stopped) return;
        if (a.result != Result::ok)
            gap(gap_kind::list_incomplete, "/addons", std::nullopt, std::nullopt, a.reason);
    }
    if (types_.enabled(record_type::addon_attachment)) {
        const Attempt a = attempt("/addon-attachments", [&] {
            list("/addon-attachments", {}, [&](json& attachment) {
                std::optional<AppContext> context;
                if (selected(attachment, context))
                    emit(map_addon_attachment(attachment, context));
            });
        });
        if (a.result == Result::stopped) return;
        if (a.result != Result::ok)
            gap(gap_kind::list_incomplete, "/addon-attachments", std::nullopt, std::nullopt,
                a.reason);
    }
}

void Run::collect_pipelines() {
    if (!types_.any_enabled({record_type::pipeline, record_type::pipeline_coupling})) return;
    std::unordered_map<std::string, Ref> pipelines;  // id -> ref, for the couplings
    const Attempt a = attempt("/pipelines", [&] {
        list("/pipelines", {}, [&](json& pipeline) {
            const json owner = pipeline.value("owner", json());
            std::optional<Ref> team;
            if (string_field(owner, "type") == "team") team = team_ref(owner);
            Ref ref{string_field(pipeline, "id"), string_field(pipeline, "name")};
            if (!team_selected(team)) return;
            pipelines[ref.id] = ref;
            emit(map_pipeline(pipeline, team));
        });
    });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok)
        gap(gap_kind::list_incomplete, "/pipelines", std::nullopt, std::nullopt, a.reason);
    if (!types_.enabled(record_type::pipeline_coupling)) return;
    const bool filtered = !app_filter_.empty() || !team_filter_.empty();
    const Attempt c = attempt("/pipeline-couplings", [&] {
        list("/pipeline-couplings", {}, [&](json& coupling) {
            const auto context = context_of(coupling);
            if (!context && filtered) return;
            std::optional<Ref> pipeline;
            const auto it = pipelines.find(string_field(coupling.value("pipeline", json()), "id"));
            if (it != pipelines.end()) pipeline = it->second;
            emit(map_pipeline_coupling(coupling, context, pipeline));
        });
    });
    if (c.result == Result::stopped) return;
    if (c.result != Result::ok)
        gap(gap_kind::list_incomplete, "/pipeline-couplings", std::nullopt, std::nullopt, c.reason);
}

void Run::collect_spaces() {
    if (!types_.enabled(record_type::space)) return;
    const Attempt a = attempt("/spaces", [&] {
        list("/spaces", {}, [&](json& space) {
            const auto team = team_ref(space.value("team", json()));
            if (team_selected(team)) emit(map_space(space, team));
        });
    });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok)
        gap(gap_kind::list_incomplete, "/spaces", std::nullopt, std::nullopt, a.reason);
}

void Run::collect_enterprise_accounts() {
    if (!types_.any_enabled({record_type::enterprise_account, record_type::enterprise_member}))
        return;
    std::vector<Ref> visible;  // enterprise accounts whose members the token may view
    const Attempt a = attempt("/enterprise-accounts", [&] {
        list("/enterprise-accounts", {}, [&](json& ea) {
            Ref ref{string_field(ea, "id"), string_field(ea, "name")};
            const json permissions = ea.value("permissions", json());
            const bool can_view =
                !permissions.is_array() ||
                std::find(permissions.begin(), permissions.end(), json("view")) != permissions.end();
            if (can_view) visible.push_back(ref);
            else
                summary_.add_warning("the token may not view the members of enterprise account " +
                                     ref.name);
            emit(map_enterprise_account(ea));
        });
    });
    if (a.result == Result::stopped) return;
    if (a.result != Result::ok)
        gap(gap_kind::list_incomplete, "/enterprise-accounts", std::nullopt, std::nullopt, a.reason);
    if (!types_.enabled(record_type::enterprise_member)) return;
    for (const auto& ea : visible) {
        const std::string path = "/enterprise-accounts/" + ea.id + "/members";
        const Attempt m = attempt(path, [&] {
            list(path, {}, [&](json& member) { emit(map_enterprise_member(member, ea)); });
        });
        if (m.result == Result::stopped) return;
        if (m.result != Result::ok)
            gap(gap_kind::request_failed, path, std::nullopt, std::nullopt, m.reason);
    }
}

void Run::collect_concurrently(const std::vector<std::function<void()>>& account_tasks) {
    const std::size_t total = account_tasks.size() + apps_.size();
    if (total == 0 || stop_.load()) return;
    const std::size_t workers = std::min<std::size_t>(
        total, static_cast<std::size_t>(std::clamp(client_.options().concurrency, 1, 32)));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (;;) {
            const std::size_t n = next.fetch_add(1);
            if (n >= total || stopping()) return;
            if (n < account_tasks.size()) {
                try {
                    account_tasks[n]();
                } catch (const std::exception& e) {
                    gap(gap_kind::request_failed, "", std::nullopt, std::nullopt,
                        std::string("unexpected error: ") + e.what());
                }
                continue;
            }
            const std::size_t i = n - account_tasks.size();
            try {
                collect_app(apps_[i]);
            } catch (const std::exception& e) {
                gap(gap_kind::request_failed, "/apps/" + apps_[i].app.id, apps_[i].app,
                    apps_[i].team, std::string("unexpected error: ") + e.what());
            }
            if (apps_done_.fetch_add(1) % progress_every_apps == progress_every_apps - 1)
                report_progress("app details");
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(workers);
    try {
        for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(work);
    } catch (const std::system_error&) {
        // Fewer threads than asked: the ones started (or this thread) do the work.
        if (threads.empty()) work();
    }
    for (auto& t : threads) t.join();
}

void Run::collect_app(const AppEntry& entry) {
    const AppContext context{entry.app, entry.team};
    const std::string base = "/apps/" + entry.app.id;
    bool app_gone = false;

    // Runs one per-app request; false when the app's remaining requests must not be made.
    auto step = [&](const std::string& path, auto&& request) {
        if (app_gone) return false;
        const Attempt a = attempt(path, request);
        switch (a.result) {
            case Result::ok: return true;
            case Result::stopped: app_gone = true; return false;
            case Result::denied:
                gap(gap_kind::app_not_visible, path, entry.app, entry.team,
                    "the token cannot read this app's details (403): " + a.reason);
                app_gone = true;
                return false;
            case Result::missing:
                gap(gap_kind::app_vanished, path, entry.app, entry.team,
                    "the app was listed but is gone (404): " + a.reason);
                app_gone = true;
                return false;
            case Result::failed:
                gap(gap_kind::request_failed, path, entry.app, entry.team, a.reason);
                return false;
        }
        return false;
    };
    auto list_step = [&](std::string_view type, const std::string& suffix, const ListSpec& spec,
                         Record (*map)(const json&, const AppContext&)) {
        if (!types_.enabled(type)) return;
        const std::string path = base + suffix;
        step(path, [&] { list(path, spec, [&](json& item) { emit(map(item, context)); }); });
    };

    list_step(record_type::formation, "/formation", {}, &map_formation);
    list_step(record_type::dyno, "/dynos", {}, &map_dyno);
    if (types_.enabled(record_type::config_vars)) {
        const std::string path = base + "/config-vars";
        step(path, [&] {
            json vars = client_.get(path);
            Record record = map_config_vars(vars, context);
            // Overwrite every value before the answer is released: values never leave the plugin.
            if (vars.is_object())
                for (auto it = vars.begin(); it != vars.end(); ++it)
                    if (it->is_string()) {
                        auto& s = it->get_ref<std::string&>();
                        std::fill(s.begin(), s.end(), '\0');
                    }
            emit(std::move(record));
        });
    }
    bool uses_sni = false;
    if (types_.any_enabled({record_type::domain, record_type::sni_endpoint})) {
        const std::string path = base + "/domains";
        step(path, [&] {
            list(path, {}, [&](json& domain) {
                const json sni = domain.value("sni_endpoint", json());
                if (sni.is_object() && !string_field(sni, "id").empty()) uses_sni = true;
                emit(map_domain(domain, context));
            });
        });
    }
    if (uses_sni) list_step(record_type::sni_endpoint, "/sni-endpoints", {}, &map_sni_endpoint);
    list_step(record_type::log_drain, "/log-drains", {}, &map_log_drain);
    list_step(record_type::app_feature, "/features", {}, &map_app_feature);
    if (options_.releases_per_app > 0)
        list_step(record_type::release, "/releases",
                  {"version", true, static_cast<std::size_t>(options_.releases_per_app)},
                  &map_release);
    list_step(record_type::buildpack, "/buildpack-installations", {"ordinal", false, 0},
              &map_buildpack);
    if (types_.enabled(record_type::app_access) &&
        !(entry.team && matrix_teams_.count(entry.team->id) > 0)) {
        const std::string path =
            entry.team ? "/teams/apps/" + entry.app.id + "/collaborators" : base + "/collaborators";
        step(path, [&] {
            list(path, {}, [&](json& collaborator) { emit(map_app_access(collaborator, context)); });
        });
    }
}

CollectOutcome Run::finish() {
    Status status = Status::ok;
    std::string message;
    {
        std::lock_guard lock(stop_mutex_);
        if (stop_status_) {
            status = *stop_status_;
            message = stop_message_;
        }
    }
    if (status == Status::cancelled) {
        gap(gap_kind::cancelled, "", std::nullopt, std::nullopt,
            "cancelled after " + std::to_string(apps_done_.load()) + " of " +
                std::to_string(apps_.size()) + " apps; later records were not collected");
    } else if (status == Status::ok && summary_.gap_count() > 0) {
        status = Status::partial;
    }
    if (status == Status::partial && message.empty())
        message = std::to_string(summary_.gap_count()) +
                  " gaps: some resources could not be read (see the summary's gaps)";
    if (scanner_.leaks(message)) message = std::string(redacted_marker);

    json data = summary_.build(status, message, client_.stats(), std::chrono::system_clock::now());
    for (const auto& path : scanner_.scrub(data))
        logger_.log(LogLevel::warn, "replaced a value that looked like a Heroku token in the "
                                    "collection summary field " + path);
    report_progress("done");
    sink_.emit(record_type::collection_summary, "summary", data);
    logger_.log(status == Status::ok ? LogLevel::info : LogLevel::warn,
                "collection finished: " + std::string(to_string(status)) +
                    (message.empty() ? "" : " (" + message + ")"));
    return {status, message};
}

}  // namespace

CollectOutcome collect_account(ApiClient& client, RecordSink& sink, Logger& logger,
                               const CollectOptions& options, std::string_view token) {
    Run run(client, sink, logger, options, token);
    return run.execute();
}

}  // namespace iru::heroku
