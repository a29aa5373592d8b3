#include "collect/record_mapping.hpp"

#include <algorithm>
#include <stdexcept>

#include "collect/time_format.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

std::string required_id(const json& item, std::string_view field, std::string_view what) {
    if (item.is_object()) {
        const auto it = item.find(field);
        if (it != item.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            return it->get<std::string>();
    }
    throw std::invalid_argument(std::string(what) + " without a usable \"" + std::string(field) +
                                "\"");
}

// Permission names, sorted: Heroku gives [{"name","description"}] or ["name"].
json permission_names(const json& permissions) {
    std::vector<std::string> names;
    if (permissions.is_array()) {
        for (const auto& p : permissions) {
            if (p.is_string())
                names.push_back(p.get<std::string>());
            else if (p.is_object() && p.contains("name") && p["name"].is_string())
                names.push_back(p["name"].get<std::string>());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace

std::vector<json> reshape_config_var_names(const json& config_vars) {
    if (!config_vars.is_object()) throw std::invalid_argument("config vars are not a JSON object");
    std::vector<std::string> names;
    names.reserve(config_vars.size());
    for (auto it = config_vars.begin(); it != config_vars.end(); ++it) names.push_back(it.key());
    std::sort(names.begin(), names.end());
    return {json{{"names", std::move(names)}}};
}

std::vector<json> reshape_collaborator(const json& collaborator) {
    if (!collaborator.is_object()) throw std::invalid_argument("collaborator is not a JSON object");
    json item = collaborator;
    item["permissions"] = permission_names(collaborator.value("permissions", json::array()));
    item["source"] = access_from_collaborators;
    return {std::move(item)};
}

std::vector<json> reshape_access_matrix(const json& entity) {
    const json app = {{"id", required_id(entity, "id", "permission entity")},
                      {"name", entity.value("name", json())}};
    const auto users = entity.find("users");
    if (users == entity.end() || !users->is_array())
        throw std::invalid_argument("permission entity without a \"users\" array");
    std::vector<json> items;
    items.reserve(users->size());
    for (const auto& user : *users) {
        if (!user.is_object())
            throw std::invalid_argument("permission entity user is not an object");
        items.push_back(
            {{"app", app},
             {"user", {{"id", user.value("id", json())}, {"email", user.value("email", json())}}},
             {"permissions", permission_names(user.value("permissions", json::array()))},
             {"source", access_from_team_permissions}});
    }
    return items;
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
        data["client"] = {{"id", client.value("id", json())},
                          {"name", client.value("name", json())}};
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
