// What the Heroku plugin is: id, version, the record types it emits, the credentials it needs.
// The manifest (manifests/heroku.json.in) states the same; a test and the host hold them equal.
#pragma once

#include <string_view>
#include <vector>

namespace iru::heroku {

inline constexpr std::string_view plugin_id = "heroku";
inline constexpr std::string_view plugin_name = "Heroku";
inline constexpr std::string_view plugin_version = IRU_HEROKU_PLUGIN_VERSION;
inline constexpr std::string_view plugin_description =
    "Reads app and dyno configuration, pipelines, add-ons and team access from the Heroku Platform "
    "API, read-only, with a Bearer token.";
inline constexpr std::string_view token_credential = "token";

// The run summary's record type (the descriptor names it; emitted once, last, by every collect).
inline constexpr std::string_view summary_record_type = "heroku.collection_summary";

// Every record type the plugin can emit: the catalogue's (collect/catalogue.hpp), then
// heroku.collection_summary last.
const std::vector<std::string_view>& record_types();

}  // namespace iru::heroku
