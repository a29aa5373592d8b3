#include "collect/app_table.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace iru::heroku {

std::uint32_t AppTable::team_number(const Ref& team) {
    std::string key = team.id;
    key += '\0';
    key += team.name;
    const auto [number, inserted] = team_keys_.insert(key);
    if (inserted) teams_.push_back(team);
    return number;
}

bool AppTable::add(const AppEntry& entry) {
    if (ids_.find(entry.app.id)) return false;
    if (names_.size() + entry.app.name.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("too many app names to keep");
    const std::uint32_t team = entry.team ? team_number(*entry.team) : no_team;
    ids_.insert(entry.app.id);
    rows_.push_back({static_cast<std::uint32_t>(names_.size()),
                     static_cast<std::uint32_t>(entry.app.name.size()), team, entry.generation});
    names_.append(entry.app.name);
    return true;
}

AppEntry AppTable::at(std::size_t index) const {
    const Row& row = rows_.at(index);
    AppEntry entry;
    entry.app.id = std::string(ids_.key(static_cast<std::uint32_t>(index)));
    entry.app.name = names_.substr(row.name_offset, row.name_size);
    if (row.team != no_team) entry.team = teams_[row.team];
    entry.generation = row.generation;
    return entry;
}

std::optional<AppEntry> AppTable::find(std::string_view id) const {
    const auto number = ids_.find(id);
    if (!number) return std::nullopt;
    return at(*number);
}

std::size_t AppTable::count_in_team(std::string_view team_id) const {
    return static_cast<std::size_t>(std::count_if(rows_.begin(), rows_.end(), [&](const Row& row) {
        return row.team != no_team && teams_[row.team].id == team_id;
    }));
}

}  // namespace iru::heroku
