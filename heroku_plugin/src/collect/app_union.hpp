// The account's apps: the union of /apps and every selected team's /teams/{team}/apps, by app id.
// The only per-app data held for the whole account; each app is kept compressed (a parsed tree
// costs ten times more) and released as soon as it has been visited. Not thread-safe: filled and
// drained by one thread.
#pragma once

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "collect/compact_json.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

class AppUnion {
public:
    // An /apps item. Throws std::invalid_argument for one without an id.
    void add(const nlohmann::json& app);
    // A /teams/{team}/apps item: /apps' fields win, the team list adds what only it tells (joined,
    // locked), and the team is set when the app names none. Throws std::invalid_argument for one
    // without an id.
    void add_team_app(const nlohmann::json& app, const Ref& team);

    // Visits each app once, in id order, releasing each after its visit. visit returns false to
    // stop early (the rest is released unvisited).
    void drain(const std::function<bool(const std::string& id, const nlohmann::json& app)>& visit);

    std::size_t size() const noexcept { return apps_.size(); }

private:
    std::map<std::string, CompactJson> apps_;
};

}  // namespace iru::heroku
