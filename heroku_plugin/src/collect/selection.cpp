#include "collect/selection.hpp"

namespace iru::heroku {

using nlohmann::json;

std::string string_field(const json& item, std::string_view field) {
    if (!item.is_object()) return {};
    const auto it = item.find(field);
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Selection::Selection(const CollectOptions& options)
    : team_filter_(options.teams), app_filter_(options.apps) {}

void Selection::add_team(TeamEntry team) {
    team.selected = team_filter_.matches(team.team.id, team.team.name);
    teams_.push_back(std::move(team));
}

std::optional<Ref> Selection::team_ref(const json& team_field) const {
    if (!team_field.is_object()) return std::nullopt;
    const std::string id = string_field(team_field, "id");
    const std::string name = string_field(team_field, "name");
    if (id.empty() && name.empty()) return std::nullopt;
    for (const auto& t : teams_)
        if ((!id.empty() && t.team.id == id) || (id.empty() && t.team.name == name)) return t.team;
    return Ref{id, name};
}

bool Selection::team_selected(const std::optional<Ref>& team) const {
    if (!team || team_filter_.empty()) return true;
    return team_filter_.matches(team->id, team->name);
}

bool Selection::app_selected(const AppEntry& entry) const {
    return app_filter_.matches(entry.app.id, entry.app.name) && team_selected(entry.team);
}

void Selection::add_app(const AppEntry& entry) { apps_.add(entry); }

std::optional<RecordContext> Selection::context_of(const json& item) const {
    if (!item.is_object()) return std::nullopt;
    const auto app = item.find("app");
    if (app == item.end()) return std::nullopt;
    const auto entry = find_app(string_field(*app, "id"));
    if (!entry) return std::nullopt;
    RecordContext context;
    context.app = entry->app;
    context.team = entry->team;
    return context;
}

}  // namespace iru::heroku
