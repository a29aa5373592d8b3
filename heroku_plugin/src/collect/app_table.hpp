// The apps a run collects, by reference only (id, name, team, generation), kept flat: ids in a flat
// index (flat_string_index.hpp), names in one pool, each team once. About 80 bytes an app and no
// allocation of its own, so the per-app phase of a large account does not hold tens of thousands
// of small strings. Filled by one thread before the worker threads start; read-only (and so safe
// to share) afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/flat_string_index.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

// One app selected for the per-app phase: references only, not the app's data.
struct AppEntry {
    Ref app;
    std::optional<Ref> team;
    unsigned generation =
        0;  // generation:: bit of the app's generation (catalogue.hpp); 0: unknown
};

class AppTable {
public:
    // Adds entry after the others; false (nothing added) when its id is already there.
    bool add(const AppEntry& entry);
    std::size_t size() const noexcept { return ids_.size(); }
    bool empty() const noexcept { return size() == 0; }
    // The index-th app added (index < size()).
    AppEntry at(std::size_t index) const;
    std::optional<AppEntry> find(std::string_view id) const;
    // How many apps belong to the team with this id.
    std::size_t count_in_team(std::string_view team_id) const;

private:
    static constexpr std::uint32_t no_team = UINT32_MAX;
    struct Row {
        std::uint32_t name_offset;
        std::uint32_t name_size;
        std::uint32_t team;  // into teams_, or no_team
        std::uint32_t generation;
    };
    std::uint32_t team_number(const Ref& team);

    FlatStringIndex ids_;
    std::vector<Row> rows_;  // by the id's number
    std::string names_;
    std::vector<Ref> teams_;
    FlatStringIndex team_keys_;  // id, '\0', name: the number of teams_' entry
};

}  // namespace iru::heroku
