// Heroku API JSON -> records. A record's key is stable across runs (built from Heroku ids); its data
// keeps Heroku's field names and carries the references it needs to stand alone (app id and name,
// team id and name). Mapping never copies a config var value or an OAuth token value; the remaining
// documented secrets are removed afterwards by redact_secrets() (collect/redaction.hpp).
// Pure functions: no I/O, thread-safe. Malformed input (a missing id) throws std::invalid_argument.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

namespace record_type {
inline constexpr std::string_view account = "heroku.account";
inline constexpr std::string_view team = "heroku.team";
inline constexpr std::string_view team_member = "heroku.team_member";
inline constexpr std::string_view team_invitation = "heroku.team_invitation";
inline constexpr std::string_view enterprise_account = "heroku.enterprise_account";
inline constexpr std::string_view enterprise_member = "heroku.enterprise_member";
inline constexpr std::string_view app = "heroku.app";
inline constexpr std::string_view app_access = "heroku.app_access";
inline constexpr std::string_view formation = "heroku.formation";
inline constexpr std::string_view dyno = "heroku.dyno";
inline constexpr std::string_view config_vars = "heroku.config_vars";
inline constexpr std::string_view addon = "heroku.addon";
inline constexpr std::string_view addon_attachment = "heroku.addon_attachment";
inline constexpr std::string_view pipeline = "heroku.pipeline";
inline constexpr std::string_view pipeline_coupling = "heroku.pipeline_coupling";
inline constexpr std::string_view domain = "heroku.domain";
inline constexpr std::string_view sni_endpoint = "heroku.sni_endpoint";
inline constexpr std::string_view log_drain = "heroku.log_drain";
inline constexpr std::string_view app_feature = "heroku.app_feature";
inline constexpr std::string_view release = "heroku.release";
inline constexpr std::string_view buildpack = "heroku.buildpack";
inline constexpr std::string_view space = "heroku.space";
inline constexpr std::string_view token = "heroku.token";
inline constexpr std::string_view collection_summary = "heroku.collection_summary";
}  // namespace record_type

// A reference to an app, team, pipeline or enterprise account: {"id", "name"}.
struct Ref {
    std::string id;
    std::string name;
    nlohmann::json to_json() const { return {{"id", id}, {"name", name}}; }
};

// Where a per-app resource belongs.
struct AppContext {
    Ref app;
    std::optional<Ref> team;  // team apps only
};

struct Record {
    std::string_view type;
    std::string key;
    nlohmann::json data;
};

// Where an app_access record came from (stated in data.source).
inline constexpr std::string_view access_from_team_permissions = "team_permissions";
inline constexpr std::string_view access_from_collaborators = "collaborators";

Record map_account(const nlohmann::json& account);
// preferences: /teams/{t}/preferences, or null when not read.
Record map_team(const nlohmann::json& team, const nlohmann::json& preferences);
Record map_team_member(const nlohmann::json& member, const Ref& team);
Record map_team_invitation(const nlohmann::json& invitation, const Ref& team);
Record map_enterprise_account(const nlohmann::json& enterprise_account);
Record map_enterprise_member(const nlohmann::json& member, const Ref& enterprise_account);
// app: the /apps item merged with its /teams/{t}/apps item; team: the app's team, when any.
Record map_app(const nlohmann::json& app, const std::optional<Ref>& team);
// A collaborator of /apps/{a}/collaborators or /teams/apps/{a}/collaborators.
Record map_app_access(const nlohmann::json& collaborator, const AppContext& context);
// One /teams/{t}/permissions entry (an app and its users): one record per user.
std::vector<Record> map_app_access_matrix(const nlohmann::json& entity, const Ref& team);
Record map_formation(const nlohmann::json& formation, const AppContext& context);
Record map_dyno(const nlohmann::json& dyno, const AppContext& context);
// config_vars: the name -> value object of /apps/{a}/config-vars. Only the names are kept, sorted.
Record map_config_vars(const nlohmann::json& config_vars, const AppContext& context);
Record map_addon(const nlohmann::json& addon, const std::optional<AppContext>& context);
Record map_addon_attachment(const nlohmann::json& attachment,
                            const std::optional<AppContext>& context);
Record map_pipeline(const nlohmann::json& pipeline, const std::optional<Ref>& owner_team);
Record map_pipeline_coupling(const nlohmann::json& coupling, const std::optional<AppContext>& context,
                             const std::optional<Ref>& pipeline);
Record map_domain(const nlohmann::json& domain, const AppContext& context);
Record map_sni_endpoint(const nlohmann::json& sni_endpoint, const AppContext& context);
Record map_log_drain(const nlohmann::json& log_drain, const AppContext& context);
Record map_app_feature(const nlohmann::json& feature, const AppContext& context);
Record map_release(const nlohmann::json& release, const AppContext& context);
Record map_buildpack(const nlohmann::json& installation, const AppContext& context);
Record map_space(const nlohmann::json& space, const std::optional<Ref>& team);

// The OAuth authorization whose access_token.token equals the token in use, as a heroku.token record
// (description, scope, client, created_at, absolute expires_at = now + expires_in; never a token
// value). nullopt when none matches (e.g. the account's API key is in use).
struct TokenMatch {
    Record record;
    std::optional<std::int64_t> expires_in;  // seconds left; nullopt: no expiry
};
std::optional<TokenMatch> match_token(const nlohmann::json& authorization, std::string_view token,
                                      std::chrono::system_clock::time_point now);

}  // namespace iru::heroku
