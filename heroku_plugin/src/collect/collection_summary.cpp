#include "collect/collection_summary.hpp"

#include <algorithm>

#include "collect/summary_findings.hpp"
#include "collect/time_format.hpp"

namespace iru::heroku {

using nlohmann::json;

json summarize_token(const std::optional<TokenMatch>& match) {
    json token = {{"matched", false},      {"id", nullptr},         {"description", nullptr},
                  {"created_at", nullptr}, {"expires_at", nullptr}, {"expires_in_days", nullptr},
                  {"warning", nullptr}};
    if (!match) return token;
    const json& data = match->record.data;
    token["matched"] = true;
    token["id"] = data.value("id", json());
    token["description"] = data.value("description", json());
    token["created_at"] = data.value("created_at", json());
    token["expires_at"] = data.value("expires_at", json());
    if (match->expires_in) {
        const std::int64_t seconds = *match->expires_in;
        const std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
        token["expires_in_days"] = days;
        if (seconds < token_expiry_warning_days * 86400) {
            token["warning"] = "the Heroku token expires in " + std::to_string(days) +
                               (days == 1 ? " day" : " days") + " (at " +
                               data.value("expires_at", std::string("?")) +
                               "): create a new one with `heroku authorizations:create` and update "
                               "the source's credential before then";
        }
    }
    return token;
}

std::string missing_apps_hint(const std::vector<TeamSummary>& teams, bool teams_known,
                              const std::vector<std::string>& enterprise_teams_not_joined) {
    std::string hint = "Apps are read from the token's account and from the teams it belongs to";
    if (!teams_known) {
        hint += "; the account's teams could not be read in this run, so team apps may be missing.";
    } else if (teams.empty()) {
        hint +=
            ": it belongs to no team, so only its personal apps and apps shared with it "
            "directly are collected.";
    } else {
        hint += " (" + std::to_string(teams.size()) + "): ";
        for (std::size_t i = 0; i < teams.size(); ++i) {
            if (i) hint += ", ";
            hint += teams[i].team.name + " (" + teams[i].role +
                    (teams[i].collected ? ")" : ", left out by the 'teams' option)");
        }
        hint += ".";
    }
    hint +=
        " An app that is missing belongs to a team this account is not a member of: add the "
        "account to that team or use a token of an account that is.";
    if (!enterprise_teams_not_joined.empty()) {
        hint +=
            " Teams of its enterprise accounts it is not a member of (their apps are not "
            "collected): ";
        for (std::size_t i = 0; i < enterprise_teams_not_joined.size(); ++i) {
            if (i) hint += ", ";
            hint += enterprise_teams_not_joined[i];
        }
        hint += ".";
    }
    return hint;
}

CollectionSummary::CollectionSummary(std::chrono::system_clock::time_point started_at)
    : started_at_(started_at), token_(summarize_token(std::nullopt)) {}

void CollectionSummary::count(std::string_view record_type) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(record_type);
    if (it == counts_.end()) it = counts_.emplace(std::string(record_type), 0).first;
    ++it->second;
    ++total_;
}

void CollectionSummary::add_gap(Gap gap) {
    json entry = {{"kind", gap.kind}, {"resource", gap.resource}};
    if (gap.app) entry["app"] = gap.app->to_json();
    if (gap.team) entry["team"] = gap.team->to_json();
    entry["reason"] = gap.reason;
    std::lock_guard lock(mutex_);
    ++gaps_total_;
    if (gaps_.size() < max_listed_gaps) gaps_.push_back(std::move(entry));
}

void CollectionSummary::add_warning(std::string warning) {
    std::lock_guard lock(mutex_);
    ++warnings_total_;
    if (warnings_.size() < max_listed_warnings) warnings_.push_back(std::move(warning));
}

void CollectionSummary::add_not_offered(NotOffered entry) {
    json item = {{"space", entry.space.to_json()},
                 {"type", entry.type},
                 {"generation", entry.generation.empty() ? json(nullptr) : json(entry.generation)},
                 {"http_status", entry.http_status == 0 ? json(nullptr) : json(entry.http_status)}};
    std::lock_guard lock(mutex_);
    if (not_offered_.size() < max_listed_not_offered) not_offered_.push_back(std::move(item));
}

void CollectionSummary::add_audit_trail(json entry) {
    std::lock_guard lock(mutex_);
    audit_trail_.push_back(std::move(entry));
}

void CollectionSummary::set_account(const json& account) {
    json summary = {
        {"id", account.value("id", json())},
        {"email", account.value("email", json())},
        {"two_factor_authentication", account.value("two_factor_authentication", json())},
        {"federated", account.value("federated", json())}};
    std::lock_guard lock(mutex_);
    account_ = std::move(summary);
}

void CollectionSummary::add_enterprise_team_not_joined(std::string name) {
    std::lock_guard lock(mutex_);
    if (std::find(enterprise_teams_not_joined_.begin(), enterprise_teams_not_joined_.end(), name) ==
        enterprise_teams_not_joined_.end())
        enterprise_teams_not_joined_.push_back(std::move(name));
}

void CollectionSummary::set_incremental(nlohmann::json incremental) {
    std::lock_guard lock(mutex_);
    incremental_ = std::move(incremental);
}

void CollectionSummary::set_requests_by_type(nlohmann::json by_type) {
    std::lock_guard lock(mutex_);
    requests_by_type_ = std::move(by_type);
}

void CollectionSummary::set_teams(std::vector<TeamSummary> teams) {
    std::lock_guard lock(mutex_);
    teams_ = std::move(teams);
    teams_known_ = true;
}

void CollectionSummary::set_token(json token) {
    std::lock_guard lock(mutex_);
    token_ = std::move(token);
}

void CollectionSummary::note_fields_not_recognized(std::string_view record_type,
                                                   const std::vector<std::string>& names) {
    std::lock_guard lock(mutex_);
    auto it = not_recognized_.find(record_type);
    if (it == not_recognized_.end())
        it = not_recognized_.emplace(std::string(record_type), std::vector<std::string>()).first;
    auto& listed = it->second;
    for (const auto& name : names) {
        if (listed.size() >= max_unrecognized_per_type) return;
        std::string cut = name.substr(0, max_unrecognized_name);
        if (std::find(listed.begin(), listed.end(), cut) == listed.end())
            listed.push_back(std::move(cut));
    }
}

std::size_t CollectionSummary::gap_count() const {
    std::lock_guard lock(mutex_);
    return gaps_total_;
}

std::uint64_t CollectionSummary::records_counted() const {
    std::lock_guard lock(mutex_);
    return total_;
}

bool CollectionSummary::has_gap(std::string_view kind) const {
    std::lock_guard lock(mutex_);
    return std::any_of(gaps_.begin(), gaps_.end(),
                       [&](const json& g) { return g["kind"].get<std::string>() == kind; });
}

json CollectionSummary::token_with_scope(json token, const std::string& oauth_scope) {
    token["oauth_scope"] = oauth_scope.empty() ? json(nullptr) : json(oauth_scope);
    return token;
}

json CollectionSummary::fields_not_recognized_json() const {
    json out = json::object();
    for (const auto& [type, names] : not_recognized_) {
        std::vector<std::string> sorted = names;
        std::sort(sorted.begin(), sorted.end());
        out[type] = std::move(sorted);
    }
    return out;
}

json CollectionSummary::build(Status status, std::string_view message, const ClientStats& stats,
                              std::chrono::system_clock::time_point finished_at) const {
    std::lock_guard lock(mutex_);
    json counts = json::object();
    for (const auto& [type, n] : counts_) counts[type] = n;
    json teams = json::array();
    for (const auto& t : teams_)
        teams.push_back({{"id", t.team.id},
                         {"name", t.team.name},
                         {"role", t.role},
                         {"app_count", t.app_count}});
    std::vector<std::string> warnings = warnings_;
    if (gaps_total_ > gaps_.size())
        warnings.push_back(std::to_string(gaps_total_ - gaps_.size()) +
                           " more gaps were found than are listed");
    if (warnings_total_ > warnings_.size())
        warnings.push_back(std::to_string(warnings_total_ - warnings_.size()) +
                           " more warnings were given than are listed");
    if (token_.value("warning", json()).is_string())
        warnings.push_back(token_["warning"].get<std::string>());
    const auto duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(finished_at - started_at_).count();
    return json{
        {"status", to_string(status)},
        {"message", status == Status::ok ? std::string() : std::string(message)},
        {"started_at", format_rfc3339(started_at_)},
        {"finished_at", format_rfc3339(finished_at)},
        {"duration_ms", std::max<std::int64_t>(0, duration)},
        {"counts", std::move(counts)},
        {"gaps", gaps_},
        {"not_offered", not_offered_},
        {"audit_trail", audit_trail_},
        {"requests",
         {{"total", stats.requests},
          {"pages", stats.pages},
          {"retries", stats.retries},
          {"rate_limited", stats.rate_limited},
          {"throttled_waits", stats.throttled_waits},
          {"duplicate_urls", stats.duplicate_urls},
          {"by_type", requests_by_type_}}},
        {"rate_limit_remaining",
         stats.rate_limit_remaining >= 0 ? json(stats.rate_limit_remaining) : json(nullptr)},
        {"rate_limit", rate_limit_json(stats)},
        {"account", account_},
        {"teams", std::move(teams)},
        {"token", token_with_scope(token_, stats.oauth_scope)},
        {"warnings", std::move(warnings)},
        {"missing_apps_hint",
         missing_apps_hint(teams_, teams_known_, enterprise_teams_not_joined_)},
        // The generic part a host shows.
        {"findings", summary_findings(gaps_, token_with_scope(token_, stats.oauth_scope),
                                      facts_.snapshot(), finished_at)},
        {"fields_not_recognized", fields_not_recognized_json()},
        {"incremental", incremental_},
    };
}

nlohmann::json rate_limit_json(const ClientStats& stats) {
    auto known = [](std::int64_t v) { return v >= 0 ? json(v) : json(nullptr); };
    return {{"reserve", stats.rate_limit_reserve},
            {"remaining", known(stats.rate_limit_remaining)},
            {"lowest_remaining", known(stats.lowest_rate_limit_remaining)},
            {"waited_ms", std::max<std::int64_t>(0, stats.reserve_waited.count())},
            {"waits", stats.throttled_waits},
            {"polls", stats.rate_limit_polls},
            {"others_spending", stats.budget_spent_by_others > 0},
            {"others_spent_at_least", std::max<std::int64_t>(0, stats.budget_spent_by_others)}};
}

}  // namespace iru::heroku
