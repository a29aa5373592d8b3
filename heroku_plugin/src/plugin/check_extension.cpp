#include "plugin/check_extension.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

#include "api/pagination.hpp"
#include "collect/catalogue.hpp"
#include "collect/catalogue_walker.hpp"
#include "collect/collection_summary.hpp"
#include "collect/record_mapping.hpp"
#include "collect/run_control.hpp"
#include "collect/token_scope.hpp"
#include "plugin/check_probes.hpp"

namespace iru::heroku {

using nlohmann::json;

namespace {

constexpr std::string_view create_token_remedy =
    "Create a new token with `heroku authorizations:create --description \"Iru Compliance\"` and "
    "configure it for this source.";

std::string string_of(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

// Why a request failed and what to do, by status.
std::string_view remedy_for(Status status) {
    switch (status) {
        case Status::network:
            return "Check the source's api_url, proxy and ca_file options and that the API is "
                   "reachable.";
        case Status::permission_denied:
            return "Use a token of an account that may read the account (a full-access "
                   "authorization).";
        case Status::rate_limited:
            return "Wait for the rate budget to refill (about an hour) and check again.";
        case Status::bad_config:
            return "Fix the source's options in the host configuration.";
        default:
            return "";
    }
}

json identity_of(const json& account) {
    const bool two_factor = flag_of(account, "two_factor_authentication");
    return {{"kind", "account"},
            {"name", string_of(account, "email")},
            {"id", string_of(account, "id")},
            {"details",
             {std::string("two-factor authentication: ") + (two_factor ? "on" : "OFF"),
              std::string("federated (SSO): ") + (flag_of(account, "federated") ? "yes" : "no")}}};
}

// The credential part from the token's own authorization (or its absence).
json credential_of(const std::optional<TokenMatch>& match) {
    const json token = summarize_token(match);
    json credential = {{"state", "accepted"},
                       {"expires_at", token["expires_at"]},
                       {"expires_in_days", token["expires_in_days"]}};
    if (!match) {  // expiry unknown: no expires_at at all
        credential.erase("expires_at");
        credential.erase("expires_in_days");
        credential["detail"] =
            "not found among the account's authorizations (an API key, or a token of "
            "another account): its expiry is unknown";
    } else {
        credential["detail"] = "authorization " + string_of(token, "id") + " \"" +
                               string_of(token, "description") + "\", created " +
                               string_of(token, "created_at");
    }
    return credential;
}

// Thrown by a page callback to stop a list after its first page: one request per list probe.
struct FirstPageRead {};

// The catalogue's row of a type for a scope (the collector reads the same path).
const Row& catalogue_row(std::string_view type, Scope scope) {
    for (const Row& row : catalogue())
        if (row.type == type && row.scope == scope) return row;
    throw std::logic_error("the catalogue has no row of " + std::string(type));
}

// The collector's visibility probe of an app: the first per-app row it always reads.
const Row& app_probe_row() {
    for (const Row& row : catalogue())
        if (row.scope == Scope::app && row.condition == Condition::always) return row;
    throw std::logic_error("the catalogue has no per-app row");
}

Probe probe_of(std::string what, std::string_view endpoint) {
    Probe probe;
    probe.what = std::move(what);
    probe.endpoint = std::string(endpoint);
    return probe;
}

// What to do about a gap of this kind (a read the check could not make, the run would not either).
std::string_view gap_remedy(std::string_view kind, Status status) {
    if (kind == gap_kind::team_members_denied)
        return "Use a token of an account that may view this team's members (so a run has their "
               "two-factor "
               "evidence).";
    if (kind == gap_kind::team_permissions_denied)
        return "Use a token of an admin of this team, so a run reads the team's access matrix.";
    if (kind == gap_kind::app_not_visible)
        return "Give the token's account access to the app (as a collaborator or through its "
               "team), or leave "
               "the app out with the source's apps option.";
    if (kind == gap_kind::app_vanished)
        return "The app was listed but is gone (deleted meanwhile); a run reports it as a gap too. "
               "Check again.";
    return remedy_for(status);
}

// Makes the check's reads, one probe each, and decides what a failed read means: the check goes on
// past a gap, and stops after a failure (authentication, rate limit, network, cancellation).
class Probing {
public:
    explicit Probing(ApiClient& client) : client_(client) {}

    bool stopped() const noexcept { return stopped_; }
    std::vector<Probe>& probes() noexcept { return probes_; }
    void add(Probe probe) { probes_.push_back(std::move(probe)); }

    // GET of one object; nullopt when it could not be read (the probe says why).
    std::optional<json> object(Probe probe, const Row& row, const std::string& path,
                               bool app_probe = false) {
        return run(probe, row, path, app_probe, [&] {
            json answer = client_.get(path);
            probe.items = 1;
            return answer;
        });
    }

    // The first page of a list, whatever its length; nullopt when it could not be read.
    std::optional<json> first_page(Probe probe, const Row& row, const std::string& path,
                                   bool app_probe = false) {
        return run(probe, row, path, app_probe, [&] {
            ListSpec spec;
            spec.sort_attribute = std::string(row.paging.attribute);
            spec.descending = row.paging.descending;
            spec.limit = max_page_size;
            json page = json::array();
            try {
                client_.list(path, spec, [&page](json& items) {
                    page = std::move(items);
                    throw FirstPageRead{};
                });
            } catch (const FirstPageRead&) {}
            probe.items = page.size();
            probe.more = page.size() >= max_page_size;  // Heroku fills a page before it says "more"
            return page;
        });
    }

private:
    template <typename Read>
    std::optional<json> run(Probe& probe, const Row& row, const std::string& path, bool app_probe,
                            Read read) {
        if (stopped_) return std::nullopt;
        try {
            json answer = read();
            probes_.push_back(std::move(probe));
            return answer;
        } catch (const ApiError& e) {
            not_read(probe, e, row, path, app_probe);
            probes_.push_back(std::move(probe));
            return std::nullopt;
        }
    }

    void not_read(Probe& probe, const ApiError& e, const Row& row, const std::string& path,
                  bool app_probe) {
        const FailureClass c = classify_failure(e.status(), e.http_status(), e.bad_answer());
        probe.cause = e.what();
        probe.status = e.status() == Status::ok ? Status::internal : e.status();
        if (c.stop || c.network) {
            stopped_ = true;
            probe.result = ProbeResult::failed;
            probe.gap_kind =
                std::string(e.status() == Status::cancelled ? gap_kind::cancelled
                                                            : gap_kind_of(row, Outcome::failed));
            probe.remedy = std::string(
                e.status() == Status::auth_failed ? create_token_remedy : remedy_for(probe.status));
            return;
        }
        probe.result = ProbeResult::gap;
        std::string_view kind = gap_kind_of(row, c.outcome);
        if (app_probe && c.outcome == Outcome::denied) kind = gap_kind::app_not_visible;
        if (app_probe && c.outcome == Outcome::missing) kind = gap_kind::app_vanished;
        probe.gap_kind = std::string(kind);
        probe.remedy = std::string(gap_remedy(kind, probe.status));
        if (c.outcome != Outcome::denied) return;
        if (const auto scope =
                explain_scope_denial(client_.stats().oauth_scope, e.oauth_scope_accepted(), path)) {
            probe.cause = *scope + " (" + probe.cause + ")";
            probe.remedy = std::string(global_scope_remedy);
        }
    }

    ApiClient& client_;
    std::vector<Probe> probes_;
    bool stopped_ = false;
};

// A team of the account as the check saw it.
struct TeamSeen {
    Ref ref;
    std::string role;
    std::size_t scope = 0;  // its index in the report's scopes
};

// What the check read of the account's reach: the scopes (teams, personal apps) and one app to
// sample, with the ids of every app seen.
struct Reach {
    json scopes = json::array();
    json not_probed = json::array();
    bool teams_known = false;
    std::vector<std::string> team_names;
    std::optional<RecordContext> sample;
    std::set<std::string> apps_seen;
    std::size_t teams_probed = 0;
    std::size_t admin_teams_probed = 0;

    // Notes the apps of a page, and the first as the sample when there is none yet.
    void saw_apps(const json& page, const std::optional<Ref>& team) {
        for (const auto& app : page) {
            const std::string id = string_of(app, "id");
            if (id.empty()) continue;
            apps_seen.insert(id);
            if (sample) continue;
            RecordContext context;
            context.app = Ref{id, string_of(app, "name")};
            const auto it = app.find("team");
            if (team)
                context.team = team;
            else if (it != app.end() && it->is_object() && !string_of(*it, "id").empty())
                context.team = Ref{string_of(*it, "id"), string_of(*it, "name")};
            sample = std::move(context);
        }
    }
};

json not_probed_entry(std::string what, std::optional<std::size_t> count, std::string reason) {
    return {{"what", std::move(what)},
            {"count", count ? json(*count) : json(nullptr)},
            {"reason", std::move(reason)}};
}

// One page of the teams, of the personal and joined apps, and per team (up to max_teams_probed)
// one page of its apps, of its members and, for an admin, of its access matrix.
Reach reach_of(Probing& probing, const json& account) {
    Reach reach;
    std::vector<TeamSeen> teams;
    const Row& team_row = catalogue_row(record_type::team, Scope::account);
    if (const auto page = probing.first_page(probe_of("the account's teams", team_row.path),
                                             team_row, std::string(team_row.path))) {
        reach.teams_known = true;
        for (const auto& team : *page) {
            const std::string id = string_of(team, "id"), name = string_of(team, "name");
            if (id.empty()) continue;
            reach.scopes.push_back({{"kind", "team"},
                                    {"name", name},
                                    {"role", string_of(team, "role")},
                                    {"count", nullptr},
                                    {"count_of", "apps"}});
            teams.push_back({Ref{id, name}, string_of(team, "role"), reach.scopes.size() - 1});
            reach.team_names.push_back(name);
        }
        if (page->size() >= max_page_size)
            reach.not_probed.push_back(
                not_probed_entry("teams beyond the first page", std::nullopt,
                                 "the check reads one page of the account's teams"));
    }
    const Row& app_row = catalogue_row(record_type::app, Scope::account);
    if (const auto page =
            probing.first_page(probe_of("the account's personal and joined apps", app_row.path),
                               app_row, std::string(app_row.path))) {
        std::size_t personal = 0;
        for (const auto& app : *page)
            personal += !app.contains("team") || app["team"].is_null() ? 1 : 0;
        json scope = {{"kind", "personal"},
                      {"name", string_of(account, "email")},
                      {"role", nullptr},
                      {"count", personal},
                      {"count_of", "apps"}};
        if (page->size() >= max_page_size) scope["more"] = true;
        reach.scopes.push_back(std::move(scope));
        reach.saw_apps(*page, std::nullopt);
    }

    const Row& member_row = catalogue_row(record_type::team_member, Scope::team);
    const Row& matrix_row = catalogue_row(record_type::app_access, Scope::team);
    reach.teams_probed = std::min(teams.size(), max_teams_probed);
    for (std::size_t i = 0; i < reach.teams_probed; ++i)
        reach.admin_teams_probed += teams[i].role == "admin" ? 1 : 0;
    for (std::size_t i = 0; i < reach.teams_probed && !probing.stopped(); ++i) {
        const TeamSeen& team = teams[i];
        RecordContext context;
        context.team = team.ref;
        const std::string of_team = " of team " + team.ref.name;
        if (const auto page =
                probing.first_page(probe_of("apps" + of_team, app_row.team_path), app_row,
                                   expand_path(app_row.team_path, context))) {
            json& scope = reach.scopes[team.scope];
            scope["count"] = page->size();
            if (page->size() >= max_page_size) scope["more"] = true;
            reach.saw_apps(*page, team.ref);
        }
        probing.first_page(probe_of("members" + of_team, member_row.path), member_row,
                           expand_path(member_row.path, context));
        if (team.role == "admin")
            probing.first_page(probe_of("access matrix" + of_team, matrix_row.path), matrix_row,
                               expand_path(matrix_row.path, context));
    }
    if (teams.size() > reach.teams_probed)
        reach.not_probed.push_back(
            not_probed_entry("teams", teams.size() - reach.teams_probed,
                             "the check probes at most " + std::to_string(max_teams_probed) +
                                 " teams (apps, members, access matrix); a run reads every team"));
    return reach;
}

// The collector's visibility probe on one app; skipped (and said) when no app could be seen.
void probe_sample_app(Probing& probing, Reach& reach) {
    const Row& row = app_probe_row();
    if (probing.stopped()) return;
    if (!reach.sample) {
        Probe probe = probe_of("details of one sample app", row.path);
        probe.result = ProbeResult::skipped;
        probe.cause = reach.apps_seen.empty() ? "no app was listed to sample" : "no app to sample";
        probing.add(std::move(probe));
        return;
    }
    const RecordContext& sample = *reach.sample;
    const std::string_view path_template =
        sample.team && !row.team_path.empty() ? row.team_path : row.path;
    Probe probe = probe_of("details of app " + sample.app->name + " (the sample)", path_template);
    const std::string path = expand_path(path_template, sample);
    if (row.paging.list)
        probing.first_page(std::move(probe), row, path, true);
    else
        probing.object(std::move(probe), row, path, true);
    if (reach.apps_seen.size() > 1)
        reach.not_probed.push_back(
            not_probed_entry("apps' details", reach.apps_seen.size() - 1,
                             "the check reads one sample app's details; a run reads "
                             "every app's"));
}

// The token's OAuth scope, as the answers named it: without global a run cannot read team members
// or config var names.
void probe_token_scope(Probing& probing, const std::string& token_scope) {
    Probe probe = probe_of("the token's OAuth scope", "");
    if (token_scope.empty()) {
        probe.result = ProbeResult::skipped;
        probe.cause = "the API's answers did not name it";
    } else if (!scope_list_has(token_scope, "global")) {
        probe.result = ProbeResult::gap;
        probe.gap_kind = std::string(gap_kind::config_vars_denied);
        probe.cause = scope_warning(token_scope);
        probe.remedy = std::string(global_scope_remedy);
    }
    probing.add(std::move(probe));
}

std::string missing_apps_message(const Reach& reach) {
    std::string seen;
    for (std::size_t i = 0; i < reach.team_names.size(); ++i)
        seen += (i == 0 ? "" : ", ") + reach.team_names[i];
    std::string message = "Missing apps? The account sees the apps of ";
    if (!reach.teams_known)
        message += "its teams (which could not be read)";
    else if (reach.team_names.empty())
        message += "no team (it belongs to none)";
    else
        message += "the teams " + seen;
    return message + " and its personal apps.";
}

// The failure the check stopped at, said once with what to do (a rejected token explained).
void report_failure(CheckOutcome& out, const Probe& probe) {
    if (probe.status == Status::cancelled) return;
    if (probe.status == Status::auth_failed) {
        out.report["credential"] = {
            {"state", "rejected"},
            {"detail", "GET " + probe.endpoint + " answered 401 Unauthorized"}};
        out.report["findings"].push_back(rejected_token_finding());
        return;
    }
    out.report["findings"].push_back(check_finding("error", out.message, probe.remedy));
}

// The report's probes, requests, result and the findings that repeat each gap (for hosts that do
// not read probes; "probe" names the one it repeats). Sets the outcome's status and message.
void conclude(CheckOutcome& out, Probing& probing, std::size_t at_most, const ClientStats& stats) {
    const std::vector<Probe>& probes = probing.probes();
    out.report["probes"] = json::array();
    std::string missed;
    std::size_t gaps = 0;
    for (std::size_t i = 0; i < probes.size(); ++i) {
        const Probe& probe = probes[i];
        out.report["probes"].push_back(probe_json(probe));
        if (probe.result != ProbeResult::gap) continue;
        // A probe without a request (the token's scope) says its cause as it is.
        json finding = check_finding("warn",
                                     probe.endpoint.empty()
                                         ? probe.cause
                                         : probe.what + " could not be read: " + probe.cause,
                                     probe.remedy);
        finding["probe"] = i;
        out.report["findings"].push_back(std::move(finding));
        missed += (gaps++ == 0 ? "" : "; ") + probe.what;
    }
    out.report["requests"] = {{"made", stats.requests},
                              {"retries", stats.retries},
                              {"at_most", at_most},
                              {"bound", check_request_bound_text()}};
    const CheckResult result = check_result(probes);
    out.report["result"] = result.word;
    out.status = result.status;
    if (result.status == Status::partial)
        out.message =
            "the check could not read " + std::to_string(gaps) + " of what it looked at: " + missed;
    for (const Probe& probe : probes)
        if (probe.result == ProbeResult::failed) {
            out.message = "GET " + probe.endpoint + ": " + probe.cause;
            report_failure(out, probe);
            break;
        }
}

}  // namespace

json check_finding(std::string_view level, std::string message, std::string_view remedy) {
    return {{"level", level},
            {"message", std::move(message)},
            {"remedy", remedy.empty() ? json(nullptr) : json(std::string(remedy))}};
}

json rejected_token_finding() {
    return check_finding(
        "error",
        "The API answered 401 Unauthorized: the token is expired, was revoked, or was regenerated "
        "in the Heroku Dashboard (regenerating the API key invalidates the old one).",
        create_token_remedy);
}

CheckOutcome build_check_report(ApiClient& client, std::string_view token,
                                std::chrono::system_clock::time_point now) {
    CheckOutcome out;
    out.report = {{"credential", {{"state", "unverified"}}},
                  {"identity", nullptr},
                  {"scopes", json::array()},
                  {"budget", nullptr},
                  {"findings", json::array()},
                  {"not_probed", json::array()}};
    Probing probing(client);
    const Row& account_row = catalogue_row(record_type::account, Scope::account);
    const std::optional<json> account =
        probing.object(probe_of("the token's account", account_row.path), account_row,
                       std::string(account_row.path));
    if (!account) {
        Probe& probe = probing.probes().back();
        if (probe.result == ProbeResult::gap)
            probe.result = ProbeResult::failed;  // nothing else can be read
        conclude(out, probing, check_request_bound(0, 0), client.stats());
        return out;
    }
    out.report["identity"] = identity_of(*account);
    if (!flag_of(*account, "two_factor_authentication"))
        out.report["findings"].push_back(check_finding(
            "warn", "two-factor authentication is off for " + string_of(*account, "email"),
            "Turn it on in the Heroku Dashboard (Account Settings)."));

    const Row& token_row = catalogue_row(record_type::token, Scope::account);
    if (const auto page =
            probing.first_page(probe_of("the account's OAuth authorizations", token_row.path),
                               token_row, std::string(token_row.path))) {
        std::optional<TokenMatch> match;
        for (const auto& item : *page)
            if (!match) match = match_token(item, token, now);
        out.report["credential"] = credential_of(match);
        if (!match && page->size() >= max_page_size)
            out.report["credential"]["detail"] = "not found among the account's first " +
                                                 std::to_string(page->size()) +
                                                 " authorizations: its expiry is unknown";
        const std::string warning = string_of(summarize_token(match), "warning");
        if (!warning.empty())
            out.report["findings"].push_back(check_finding("warn", warning, create_token_remedy));
    } else {
        out.report["credential"] = {
            {"state", "accepted"},
            {"detail", "expiry unknown: " + std::string(token_row.path) + " could not be read"}};
    }

    Reach reach = reach_of(probing, *account);
    probe_sample_app(probing, reach);
    out.report["scopes"] = std::move(reach.scopes);
    out.report["not_probed"] = std::move(reach.not_probed);
    out.report["findings"].push_back(
        check_finding("info", missing_apps_message(reach),
                      "An app that is missing belongs to a team this account is not a member of: "
                      "add the account to that "
                      "team, or use a token of an account that is."));
    const ClientStats stats = client.stats();
    out.report["credential"]["scope"] =
        stats.oauth_scope.empty() ? json(nullptr) : json(stats.oauth_scope);
    if (!probing.stopped()) probe_token_scope(probing, stats.oauth_scope);
    out.report["budget"] = {
        {"remaining",
         stats.rate_limit_remaining >= 0 ? json(stats.rate_limit_remaining) : json(nullptr)},
        {"unit", "requests"}};
    conclude(out, probing, check_request_bound(reach.teams_probed, reach.admin_teams_probed),
             stats);
    return out;
}

}  // namespace iru::heroku
