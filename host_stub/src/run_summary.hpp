// The generic part of a plugin's run summary record (plugin_api/README.md, manifests/schemas/
// run-summary.schema.json): what the host reads out of the summary and shows. The rest of the
// summary is the plugin's own and is kept as is. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_status.hpp"

namespace iru::host {

struct SummaryFinding {
    LogLevel level = LogLevel::warn;
    std::string message;  // printable, one line
    std::string remedy;   // "" when none
    std::uint64_t count = 1;
};

struct SummaryView {
    std::string status;  // the plugin's status name; "" when absent
    std::string message;
    std::map<std::string, std::uint64_t> counts;
    std::vector<std::string> warnings;
    std::vector<SummaryFinding> findings;
};

// Reads the generic fields of summary data; a missing or ill-typed field or entry is skipped (the
// plugin's summary is not trusted to be well formed), texts are made printable and one line.
SummaryView read_summary(const nlohmann::json& data);

// One line for a finding: "<message> (×N) — <remedy>" (count shown when above 1 and the message
// does not already start with it, as in "3 apps without a log drain").
std::string finding_line(const SummaryFinding& finding);

// At most `limit` findings, worst level first (order kept within a level).
std::vector<SummaryFinding> worst_findings(std::vector<SummaryFinding> findings, std::size_t limit);

// At most `limit` findings in the plugin's order (it lists first what a reviewer reads first), but
// errors before everything else: what the end-of-run report shows.
std::vector<SummaryFinding> leading_findings(std::vector<SummaryFinding> findings,
                                             std::size_t limit);

// The plugin's summary as summary.json keeps it (under "plugin_summary"): the data without the
// fields the host's layer says for the whole run (status, counts, started_at, finished_at,
// duration_ms), so the run's status, counts and times appear once. null when the data is not an
// object.
nlohmann::json plugin_summary_part(const nlohmann::json& data);

}  // namespace iru::host
