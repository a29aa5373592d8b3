// The account's apps: the union of /apps and every selected team's /teams/{team}/apps, by app id.
// The only per-app data held for the whole account, until the union is drained: each app is kept
// compressed in one pool (compact_json.hpp) under a flat index of ids (flat_string_index.hpp),
// about 230 bytes an app and no allocation of its own. Not thread-safe: filled and drained by one
// thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/compact_json.hpp"
#include "collect/flat_string_index.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

class AppUnion {
public:
    // An /apps item (a later one with the same id replaces it). Throws std::invalid_argument for
    // one without an id.
    void add(const nlohmann::json& app);
    // A /teams/{team}/apps item: /apps' fields win, the team list adds what only it tells (joined,
    // locked), and the team is set when the app names none. Throws std::invalid_argument for one
    // without an id.
    void add_team_app(const nlohmann::json& app, const Ref& team);

    // Visits each app once, in id order; visit returns false to stop early. Everything is released
    // afterwards (the union is then empty), also when visit throws.
    void drain(const std::function<bool(const std::string& id, const nlohmann::json& app)>& visit);

    std::size_t size() const noexcept { return ids_.size(); }
    std::size_t stored_bytes() const noexcept { return store_.stored_bytes(); }

private:
    void put(std::string_view id, const nlohmann::json& app);
    void clear();

    FlatStringIndex ids_;
    std::vector<CompactJsonStore::Handle> apps_;  // by the id's number in ids_
    CompactJsonStore store_;
};

}  // namespace iru::heroku
