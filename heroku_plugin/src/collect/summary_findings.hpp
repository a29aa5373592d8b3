// The generic "findings" of the run summary (plugin_api/README.md, manifests/schemas/
// run-summary.schema.json): one entry per kind of gap, with its count, an example and what to do,
// plus the token's expiry warning. Pure.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// gaps: the summary's listed gap objects ({kind, resource, reason, ...}); token: its "token" object.
// Returns the findings array, gap kinds in first-seen order, then the token's warning.
nlohmann::json summary_findings(const std::vector<nlohmann::json>& gaps, const nlohmann::json& token);

// What a user can do about a gap of kind; "" when nothing (the gap is only information).
std::string_view gap_remedy(std::string_view kind);

}  // namespace iru::heroku
