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

void AppUnion::put(std::string_view id, const json& app) {
    const auto [number, inserted] = ids_.insert(id);
    const CompactJsonStore::Handle handle = store_.add(app);
    if (inserted) {
        apps_.push_back(handle);
        return;
    }
    store_.release(apps_[number]);
    apps_[number] = handle;
}

void AppUnion::add(const json& app) { put(app_id(app), app); }

void AppUnion::add_team_app(const json& app, const Ref& team) {
    const std::string id = app_id(app);
    const auto known = ids_.find(id);
    json merged;
    if (!known) {
        merged = app;
    } else {
        merged = store_.value(apps_[*known]);
        for (auto f = app.begin(); f != app.end(); ++f)
            if (!merged.contains(f.key())) merged[f.key()] = f.value();
    }
    if (!merged.contains("team") || !merged["team"].is_object() ||
        string_field(merged["team"], "id").empty())
        merged["team"] = team.to_json();
    put(id, merged);
}

void AppUnion::clear() {
    ids_.clear();
    apps_ = std::vector<CompactJsonStore::Handle>();
    store_.clear();
}

void AppUnion::drain(const std::function<bool(const std::string& id, const json& app)>& visit) {
    struct ClearOnExit {
        AppUnion& apps;
        ~ClearOnExit() { apps.clear(); }
    } clear_on_exit{*this};
    for (const std::uint32_t number : ids_.numbers_by_key()) {
        const std::string id(ids_.key(number));
        if (!visit(id, store_.value(apps_[number]))) return;
    }
}

}  // namespace iru::heroku
