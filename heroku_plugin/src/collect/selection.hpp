// What the run collects: the account's teams (with the token user's role), the selected apps, and
// the teams and apps options. Filled by the account and app-union phases before any worker thread
// starts; read-only (and so safe to share) afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/app_table.hpp"
#include "collect/collect_options.hpp"
#include "collect/filters.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

struct TeamEntry {
    Ref team;
    std::string role;
    bool selected = true;
    nlohmann::json item;  // the /teams item, for the heroku.team record
};

// The string at item[field], or "" (not an object, absent, not a string).
std::string string_field(const nlohmann::json& item, std::string_view field);

class Selection {
public:
    explicit Selection(const CollectOptions& options);

    void add_team(TeamEntry team);
    const std::vector<TeamEntry>& teams() const noexcept { return teams_; }

    // True when the teams or apps option narrows the collection.
    bool filtered() const noexcept { return !team_filter_.empty() || !app_filter_.empty(); }
    // The team a {"id","name"} field names: the known team when there is one. nullopt for null.
    std::optional<Ref> team_ref(const nlohmann::json& team_field) const;
    // Personal (team-less) resources are not subject to the teams option.
    bool team_selected(const std::optional<Ref>& team) const;
    bool app_selected(const AppEntry& entry) const;

    void add_app(const AppEntry& entry);  // an id already there is not added again
    const AppTable& apps() const noexcept { return apps_; }
    std::optional<AppEntry> find_app(std::string_view id) const { return apps_.find(id); }
    // The selected app item.app names, as a record context; nullopt when none.
    std::optional<RecordContext> context_of(const nlohmann::json& item) const;

private:
    NameFilter team_filter_;
    NameFilter app_filter_;
    std::vector<TeamEntry> teams_;
    AppTable apps_;
};

}  // namespace iru::heroku
