#include "collect/app_union.hpp"

#include <stdexcept>

#include "collect/selection.hpp"

namespace iru::heroku {

using nlohmann::json;

namespace {

std::string app_id(const json& app) {
    std::string id = string_field(app, "id");
    if (id.empty()) throw std::invalid_argument("an app without a usable \"id\"");
    return id;
}

}  // namespace

void AppUnion::add(const json& app) {
    const std::string id = app_id(app);
    apps_[id] = CompactJson(app);
}

void AppUnion::add_team_app(const json& app, const Ref& team) {
    const std::string id = app_id(app);
    auto it = apps_.find(id);
    json merged;
    if (it == apps_.end()) {
        merged = app;
    } else {
        merged = it->second.value();
        for (auto f = app.begin(); f != app.end(); ++f)
            if (!merged.contains(f.key())) merged[f.key()] = f.value();
    }
    if (!merged.contains("team") || !merged["team"].is_object() ||
        string_field(merged["team"], "id").empty())
        merged["team"] = team.to_json();
    apps_[id] = CompactJson(merged);
}

void AppUnion::drain(const std::function<bool(const std::string& id, const json& app)>& visit) {
    for (auto it = apps_.begin(); it != apps_.end(); it = apps_.erase(it)) {
        if (!visit(it->first, it->second.value())) {
            apps_.clear();
            return;
        }
    }
}

}  // namespace iru::heroku
