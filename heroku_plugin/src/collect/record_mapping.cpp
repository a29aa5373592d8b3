#include "collect/record_mapping.hpp"

#include <algorithm>
#include <stdexcept>

#include "collect/time_format.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

// The string at item[field], or throws: a record without its id cannot have a stable key.
std::string required_id(const json& item, std::string_view field, std::string_view what) {
    if (item.is_object()) {
        const auto it = item.find(field);
        if (it != item.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            return it->get<std::string>();
        if (it != item.end() && it->is_number_integer()) return std::to_string(it->get<long long>());
    }
    throw std::invalid_argument(std::string(what) + " without a usable \"" + std::string(field) +
                                "\"");
}

json object_copy(const json& item, std::string_view what) {
    if (!item.is_object()) throw std::invalid_argument(std::string(what) + " is not a JSON object");
    return item;
}

void attach(json& data, const AppContext& context) {
    data["app"] = context.app.to_json();
    if (context.team) data["team"] = context.team->to_json();
}

Record per_app(std::string_view type, const json& item, const AppContext& context,
               std::string_view what) {
    json data = object_copy(item, what);
    const std::string id = required_id(item, "id", what);
    attach(data, context);
    return {type, context.app.id + "/" + id, std::move(data)};
}

// Permission names, sorted: Heroku gives [{"name","description"}] or ["name"].
json permission_names(const json& permissions) {
    std::vector<std::string> names;
    if (permissions.is_array()) {
        for (const auto& p : permissions) {
            if (p.is_string()) names.push_back(p.get<std::string>());
            else if (p.is_object() && p.contains("name") && p["name"].is_string())
                names.push_back(p["name"].get<std::string>());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace

Record map_account(const json& account) {
    return {record_type::account, required_id(account, "id", "account"),
            object_copy(account, "account")};
}

Record map_team(const json& team, const json& preferences) {
    json data = object_copy(team, "team");
    if (preferences.is_object()) data["preferences"] = preferences;
    return {record_type::team, required_id(team, "id", "team"), std::move(data)};
}

Record map_team_member(const json& member, const Ref& team) {
    json data = object_copy(member, "team member");
    std::string user_id;
    if (member.contains("user") && member["user"].is_object())
        user_id = required_id(member["user"], "id", "team member user");
    else
        user_id = required_id(member, "id", "team member");
    data["team"] = team.to_json();
    return {record_type::team_member, team.id + "/" + user_id, std::move(data)};
}

Record map_team_invitation(const json& invitation, const Ref& team) {
    json data = object_copy(invitation, "team invitation");
    data["team"] = team.to_json();
    return {record_type::team_invitation,
            team.id + "/" + required_id(invitation, "id", "team invitation"), std::move(data)};
}

Record map_enterprise_account(const json& enterprise_account) {
    return {record_type::enterprise_account,
            required_id(enterprise_account, "id", "enterprise account"),
            object_copy(enterprise_account, "enterprise account")};
}

Record map_enterprise_member(const json& member, const Ref& enterprise_account) {
    json data = object_copy(member, "enterprise member");
    data["enterprise_account"] = enterprise_account.to_json();
    return {record_type::enterprise_member,
            enterprise_account.id + "/" + required_id(member, "id", "enterprise member"),
            std::move(data)};
}

Record map_app(const json& app, const std::optional<Ref>& team) {
    json data = object_copy(app, "app");
    if (team) data["team"] = team->to_json();
    return {record_type::app, required_id(app, "id", "app"), std::move(data)};
}

Record map_app_access(const json& collaborator, const AppContext& context) {
    json data = object_copy(collaborator, "collaborator");
    const json& user = collaborator.contains("user") ? collaborator["user"] : json();
    const std::string user_id = required_id(user, "id", "collaborator user");
    attach(data, context);
    data["permissions"] = permission_names(collaborator.value("permissions", json::array()));
    data["source"] = access_from_collaborators;
    return {record_type::app_access, context.app.id + "/" + user_id, std::move(data)};
}

std::vector<Record> map_app_access_matrix(const json& entity, const Ref& team) {
    AppContext context{{required_id(entity, "id", "permission entity"),
                        entity.value("name", std::string())},
                       team};
    std::vector<Record> records;
    const json users = entity.value("users", json::array());
    if (!users.is_array()) throw std::invalid_argument("permission entity users is not an array");
    for (const auto& user : users) {
        const std::string user_id = required_id(user, "id", "permission entity user");
        json data = json::object();
        attach(data, context);
        data["user"] = {{"id", user_id}, {"email", user.value("email", json())}};
        data["permissions"] = permission_names(user.value("permissions", json::array()));
        data["source"] = access_from_team_permissions;
        records.push_back({record_type::app_access, context.app.id + "/" + user_id, std::move(data)});
    }
    return records;
}

Record map_formation(const json& formation, const AppContext& context) {
    return per_app(record_type::formation, formation, context, "formation");
}

Record map_dyno(const json& dyno, const AppContext& context) {
    return per_app(record_type::dyno, dyno, context, "dyno");
}

Record map_config_vars(const json& config_vars, const AppContext& context) {
    if (!config_vars.is_object()) throw std::invalid_argument("config vars are not a JSON object");
    std::vector<std::string> names;
    names.reserve(config_vars.size());
    for (auto it = config_vars.begin(); it != config_vars.end(); ++it) names.push_back(it.key());
    std::sort(names.begin(), names.end());
    json data = json::object();
    attach(data, context);
    data["names"] = std::move(names);
    return {record_type::config_vars, context.app.id, std::move(data)};
}

Record map_addon(const json& addon, const std::optional<AppContext>& context) {
    json data = object_copy(addon, "add-on");
    if (context) attach(data, *context);
    return {record_type::addon, required_id(addon, "id", "add-on"), std::move(data)};
}

Record map_addon_attachment(const json& attachment, const std::optional<AppContext>& context) {
    json data = object_copy(attachment, "add-on attachment");
    if (context) attach(data, *context);
    return {record_type::addon_attachment, required_id(attachment, "id", "add-on attachment"),
            std::move(data)};
}

Record map_pipeline(const json& pipeline, const std::optional<Ref>& owner_team) {
    json data = object_copy(pipeline, "pipeline");
    if (owner_team) data["team"] = owner_team->to_json();
    return {record_type::pipeline, required_id(pipeline, "id", "pipeline"), std::move(data)};
}

Record map_pipeline_coupling(const json& coupling, const std::optional<AppContext>& context,
                             const std::optional<Ref>& pipeline) {
    json data = object_copy(coupling, "pipeline coupling");
    if (context) attach(data, *context);
    if (pipeline) data["pipeline"] = pipeline->to_json();
    return {record_type::pipeline_coupling, required_id(coupling, "id", "pipeline coupling"),
            std::move(data)};
}

Record map_domain(const json& domain, const AppContext& context) {
    return per_app(record_type::domain, domain, context, "domain");
}

Record map_sni_endpoint(const json& sni_endpoint, const AppContext& context) {
    return per_app(record_type::sni_endpoint, sni_endpoint, context, "SNI endpoint");
}

Record map_log_drain(const json& log_drain, const AppContext& context) {
    return per_app(record_type::log_drain, log_drain, context, "log drain");
}

Record map_app_feature(const json& feature, const AppContext& context) {
    return per_app(record_type::app_feature, feature, context, "app feature");
}

Record map_release(const json& release, const AppContext& context) {
    return per_app(record_type::release, release, context, "release");
}

Record map_buildpack(const json& installation, const AppContext& context) {
    json data = object_copy(installation, "buildpack installation");
    const std::string ordinal = required_id(installation, "ordinal", "buildpack installation");
    attach(data, context);
    return {record_type::buildpack, context.app.id + "/" + ordinal, std::move(data)};
}

Record map_space(const json& space, const std::optional<Ref>& team) {
    json data = object_copy(space, "space");
    if (team) data["team"] = team->to_json();
    return {record_type::space, required_id(space, "id", "space"), std::move(data)};
}

std::optional<TokenMatch> match_token(const json& authorization, std::string_view token,
                                      std::chrono::system_clock::time_point now) {
    if (token.empty() || !authorization.is_object()) return std::nullopt;
    const auto access = authorization.find("access_token");
    if (access == authorization.end() || !access->is_object()) return std::nullopt;
    const auto value = access->find("token");
    if (value == access->end() || !value->is_string() ||
        value->get_ref<const std::string&>() != token)
        return std::nullopt;

    TokenMatch match;
    json data = json::object();
    data["id"] = required_id(authorization, "id", "OAuth authorization");
    for (const char* field : {"description", "scope", "created_at", "updated_at"})
        data[field] = authorization.value(field, json());
    if (authorization.contains("client") && authorization["client"].is_object()) {
        const json& client = authorization["client"];
        data["client"] = {{"id", client.value("id", json())}, {"name", client.value("name", json())}};
    } else {
        data["client"] = nullptr;
    }
    if (authorization.contains("user") && authorization["user"].is_object()) {
        const json& user = authorization["user"];
        data["user"] = {{"id", user.value("id", json())}, {"email", user.value("email", json())}};
    }
    const auto expires_in = access->find("expires_in");
    if (expires_in != access->end() && expires_in->is_number()) {
        match.expires_in = expires_in->get<std::int64_t>();
        data["expires_at"] = format_rfc3339(now + std::chrono::seconds(*match.expires_in));
    } else {
        data["expires_at"] = nullptr;
    }
    match.record = {record_type::token, data["id"].get<std::string>(), std::move(data)};
    return match;
}

}  // namespace iru::heroku
