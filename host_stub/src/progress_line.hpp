// The progress line a run draws on a terminal: how far along the run is, fitted to the terminal's
// width by dropping detail, never the count. Pure functions: thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace iru::host {

struct ProgressView {
    std::string source_id;
    std::uint64_t records = 0;
    std::uint64_t requests = 0;
    std::int64_t rate_limit_remaining = -1;  // -1: unknown
    std::string phase;                       // the plugin's text, e.g. "app details, apps 80/300"
    std::map<std::string, std::uint64_t> by_type;
};

// A plugin's phase text split into its count ("apps 80/300": the last "<done>/<total>" with the
// word before it) and the rest ("app details"), separators trimmed. No count: count is "".
struct PhaseParts {
    std::string count;
    std::string name;
};
PhaseParts split_phase(std::string_view phase);

// Columns text takes on a terminal: one per UTF-8 character (the text is printable()).
std::size_t display_columns(std::string_view text);

// "heroku: apps 80/300 | 1234 requests | budget 4321 | app details | 5120 records (dyno 900, …)"
// in at most columns columns. The count is the phase's count, else the records. Detail goes first
// when it does not fit: the records by type, then the records (when not the count), the phase
// name, the rate budget, the requests; then the source id is shortened; the count stays whole
// unless it alone is wider than columns. Every text is made printable first.
std::string fit_progress_line(const ProgressView& view, std::size_t columns);

}  // namespace iru::host
