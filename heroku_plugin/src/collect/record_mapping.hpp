// Record types, references, and the reshaping of the answers whose data is not Heroku's object as
// it is (config var names, permission names, the team access matrix, the token in use). Which
// fields a record keeps is the catalogue's (collect/catalogue.hpp); build_records() applies it.
// Pure functions: no I/O, thread-safe. Malformed input throws std::invalid_argument.
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
inline constexpr std::string_view enterprise_team = "heroku.enterprise_team";
inline constexpr std::string_view team_feature = "heroku.team_feature";
inline constexpr std::string_view account_feature = "heroku.account_feature";
inline constexpr std::string_view allowed_addon_service = "heroku.allowed_addon_service";
inline constexpr std::string_view ssh_key = "heroku.ssh_key";
inline constexpr std::string_view oauth_client = "heroku.oauth_client";
inline constexpr std::string_view app_transfer = "heroku.app_transfer";
inline constexpr std::string_view space_inbound_ruleset = "heroku.space_inbound_ruleset";
inline constexpr std::string_view space_vpn_connection = "heroku.space_vpn_connection";
inline constexpr std::string_view space_peering = "heroku.space_peering";
inline constexpr std::string_view space_nat = "heroku.space_nat";
inline constexpr std::string_view space_access = "heroku.space_access";
inline constexpr std::string_view telemetry_drain = "heroku.telemetry_drain";
inline constexpr std::string_view stack = "heroku.stack";
inline constexpr std::string_view pipeline_review_config = "heroku.pipeline_review_config";
inline constexpr std::string_view app_webhook = "heroku.app_webhook";
inline constexpr std::string_view identity_provider = "heroku.identity_provider";
inline constexpr std::string_view audit_event = "heroku.audit_event";
inline constexpr std::string_view audit_archive = "heroku.audit_archive";
inline constexpr std::string_view collection_summary = "heroku.collection_summary";
}  // namespace record_type

// A reference to an app, team, pipeline or enterprise account: {"id", "name"}.
struct Ref {
    std::string id;
    std::string name;
    nlohmann::json to_json() const { return {{"id", id}, {"name", name}}; }
};

// What an item belongs to: the references a record may carry and its key may start with.
struct RecordContext {
    std::optional<Ref> app;
    std::optional<Ref> team;  // an app's team (team apps only), or the team of a team list
    std::optional<Ref> enterprise_account;
    std::optional<Ref> pipeline;
    std::optional<Ref> space;  // the private space of a space's list
};

struct Record {
    std::string_view type;
    std::string key;
    nlohmann::json data;
};

// Where an app_access record came from (stated in data.source).
inline constexpr std::string_view access_from_team_permissions = "team_permissions";
inline constexpr std::string_view access_from_collaborators = "collaborators";

// /apps/{a}/config-vars (a name -> value object) -> [{"names": [sorted names]}]. No value is
// copied.
std::vector<nlohmann::json> reshape_config_var_names(const nlohmann::json& config_vars);
// A collaborator: permissions become their names, sorted; source "collaborators".
std::vector<nlohmann::json> reshape_collaborator(const nlohmann::json& collaborator);
// One /teams/{t}/permissions entity (an app and its users): one item per user, each with "app"
// (the entity's id and name), "user" (id, email), sorted permission names, source
// "team_permissions".
std::vector<nlohmann::json> reshape_access_matrix(const nlohmann::json& entity);

// The OAuth authorization whose access_token.token equals the token in use, as the data of a
// heroku.token record (description, scope, client, user, created_at, absolute expires_at =
// now + expires_in; never a token value). nullopt when none matches (e.g. an API key is in use).
struct TokenMatch {
    Record record;
    std::optional<std::int64_t> expires_in;  // seconds left; nullopt: no expiry
};
std::optional<TokenMatch> match_token(const nlohmann::json& authorization, std::string_view token,
                                      std::chrono::system_clock::time_point now);

}  // namespace iru::heroku
