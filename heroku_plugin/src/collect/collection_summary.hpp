// The heroku.collection_summary record (shape in the shared contracts, §2): counts, gaps, requests,
// rate limit, account, teams and roles, token expiry, warnings, missing_apps_hint.
// Thread contract: count(), add_gap(), add_warning() and the setters may be called from any thread
// at once; build() takes a consistent snapshot.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"
#include "collect/account_facts.hpp"
#include "collect/record_mapping.hpp"
#include "core/status.hpp"

namespace iru::heroku {

namespace gap_kind {
inline constexpr std::string_view app_not_visible = "app_not_visible";
inline constexpr std::string_view app_vanished = "app_vanished";
inline constexpr std::string_view team_members_denied = "team_members_denied";
inline constexpr std::string_view team_permissions_denied = "team_permissions_denied";
inline constexpr std::string_view team_invitations_denied = "team_invitations_denied";
inline constexpr std::string_view app_endpoint_denied =
    "app_endpoint_denied";  // 403 after the first
inline constexpr std::string_view config_vars_denied = "config_vars_denied";
inline constexpr std::string_view space_endpoint_denied =
    "space_endpoint_denied";  // 403 on one endpoint of a private space
// The token's user lacks the "view" permission on an enterprise account (listed without it, or
// 403): its audit trail could not be read.
inline constexpr std::string_view enterprise_view_denied = "enterprise_view_denied";
inline constexpr std::string_view item_skipped = "item_skipped";  // a list item of the wrong shape
inline constexpr std::string_view answer_rejected =
    "answer_rejected";  // too deep, too large, malformed
inline constexpr std::string_view list_incomplete = "list_incomplete";
inline constexpr std::string_view request_failed = "request_failed";
inline constexpr std::string_view run_time_exceeded = "run_time_exceeded";
inline constexpr std::string_view cancelled = "cancelled";
// Apps an incremental run neither read nor had in its last snapshot (its budget ran out).
inline constexpr std::string_view apps_not_observed = "apps_not_observed";
// Every kind above; the summary schema's enum is checked against it.
inline constexpr std::string_view all[] = {
    app_not_visible,         app_vanished,        team_members_denied, team_permissions_denied,
    team_invitations_denied, app_endpoint_denied, config_vars_denied,  space_endpoint_denied,
    enterprise_view_denied,  item_skipped,        answer_rejected,     list_incomplete,
    request_failed,          run_time_exceeded,   cancelled,           apps_not_observed};
}  // namespace gap_kind

struct Gap {
    std::string_view kind;    // one of gap_kind
    std::string resource;     // the path that could not be read ("/apps/<id>/formation")
    std::optional<Ref> app;   // when about an app
    std::optional<Ref> team;  // when about a team
    std::string reason;       // redacted text a user can act on
};

// An endpoint a private space does not offer for its generation (not a gap): declared so by the
// catalogue (http_status 0, not requested), or answered 404 or 422.
struct NotOffered {
    Ref space;
    std::string_view type;   // the record type of the row
    std::string generation;  // the space's generation ("cedar", "fir"); empty: not stated
    int http_status = 0;
};

struct TeamSummary {
    Ref team;
    std::string role;           // the token user's role: admin | member | collaborator | ...
    std::size_t app_count = 0;  // apps of this team in the collected union
    bool collected = true;      // false: left out by the 'teams' option
};

// Tokens expiring within this many days get a warning.
inline constexpr std::int64_t token_expiry_warning_days = 14;

// The summary's "token" object from the matched authorization (or its absence).
nlohmann::json summarize_token(const std::optional<TokenMatch>& match);

// Names the teams the account belongs to, so a user can see why an app is missing, and the teams of
// its enterprise accounts it is not a member of. teams_known is false when /teams could not be
// read.
std::string missing_apps_hint(const std::vector<TeamSummary>& teams, bool teams_known,
                              const std::vector<std::string>& enterprise_teams_not_joined = {});

// The summary's "rate_limit" object: the reserve, the budget left and the lowest seen, the time
// held at the reserve, the requests that waited, the polls of /account/rate-limits, and whether
// someone else spent the budget during the run (at least how much).
nlohmann::json rate_limit_json(const ClientStats& stats);

class CollectionSummary {
public:
    static constexpr std::size_t max_listed_gaps = 5000;
    static constexpr std::size_t max_listed_warnings = 200;
    static constexpr std::size_t max_listed_not_offered = 5000;
    static constexpr std::size_t max_unrecognized_per_type = 50;
    static constexpr std::size_t max_unrecognized_name = 120;

    explicit CollectionSummary(std::chrono::system_clock::time_point started_at);

    void count(std::string_view record_type);
    void add_gap(Gap gap);
    void add_warning(std::string warning);
    void add_not_offered(NotOffered entry);
    // One enterprise account's audit trail in this run (collect/audit_trail.hpp: the days read,
    // the events, the cursor before and after), in the order added.
    void add_audit_trail(nlohmann::json entry);
    void set_account(const nlohmann::json& account);  // the /account object (id, email, 2FA, ...)
    void set_teams(std::vector<TeamSummary> teams);   // every team of the account, from /teams
    void set_token(nlohmann::json token);             // from summarize_token()
    // A team an enterprise account lists that the token's account is not a member of (named in
    // missing_apps_hint, each once, in the order added).
    void add_enterprise_team_not_joined(std::string name);
    // An emitted record, for the account's findings (account_facts.hpp).
    void observe(std::string_view record_type, const nlohmann::json& data) {
        facts_.observe(record_type, data);
    }
    void set_drains_collected(bool collected) { facts_.set_drains_collected(collected); }
    // An app whose details were carried forward (account_facts.hpp).
    void note_carried(const std::string& app_id, const std::optional<AppFindingFacts>& facts) {
        facts_.note_carried(app_id, facts);
    }
    AccountFactsSnapshot facts() const { return facts_.snapshot(); }
    // The summary's "incremental" object (collect/incremental_reads.hpp); null: not set.
    void set_incremental(nlohmann::json incremental);
    // The requests object's "by_type": {record type: requests its reads sent} (RequestTally).
    void set_requests_by_type(nlohmann::json by_type);
    // Field names (already scanned for leaks by the caller) a record type's allow-list dropped;
    // each listed once, at most max_unrecognized_per_type per type, names cut to
    // max_unrecognized_name characters.
    void note_fields_not_recognized(std::string_view record_type,
                                    const std::vector<std::string>& names);

    std::size_t gap_count() const;
    std::uint64_t records_counted() const;
    bool has_gap(std::string_view kind) const;

    nlohmann::json build(Status status, std::string_view message, const ClientStats& stats,
                         std::chrono::system_clock::time_point finished_at) const;

private:
    nlohmann::json fields_not_recognized_json() const;  // mutex_ held
    // The token object with the token's OAuth scope (the client's last OAuth-Scope; null unknown).
    static nlohmann::json token_with_scope(nlohmann::json token, const std::string& oauth_scope);

    mutable std::mutex mutex_;
    std::chrono::system_clock::time_point started_at_;
    std::map<std::string, std::uint64_t, std::less<>> counts_;
    std::uint64_t total_ = 0;
    std::vector<nlohmann::json> gaps_;
    std::size_t gaps_total_ = 0;
    std::vector<std::string> warnings_;
    std::size_t warnings_total_ = 0;
    std::vector<nlohmann::json> not_offered_;
    std::vector<nlohmann::json> audit_trail_;
    nlohmann::json account_ = nullptr;
    std::vector<TeamSummary> teams_;
    bool teams_known_ = false;
    nlohmann::json token_;
    std::vector<std::string> enterprise_teams_not_joined_;
    nlohmann::json incremental_ = nullptr;
    nlohmann::json requests_by_type_ = nlohmann::json::object();
    std::map<std::string, std::vector<std::string>, std::less<>> not_recognized_;
    AccountFacts facts_;  // thread-safe on its own
};

}  // namespace iru::heroku
