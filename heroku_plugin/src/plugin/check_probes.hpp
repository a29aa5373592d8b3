// What the troubleshooting report looked at: one probe per read it made (or chose not to make),
// the check's result derived from them, and the most requests it may send. Pure data and pure
// functions: no I/O, safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.hpp"

namespace iru::heroku {

enum class ProbeResult {
    ok,       // read
    gap,      // could not be read; the check went on (a run would have this gap)
    failed,   // could not be read and the check stopped here (status says why)
    skipped,  // not read, by design (nothing to read, or the check's request bound)
};

std::string_view to_string(ProbeResult result) noexcept;

struct Probe {
    std::string what;                  // "members of team acme"
    std::string endpoint;              // the catalogue's path template; "" when no request
    std::optional<std::size_t> items;  // items read, when the answer was a list or an object
    bool more = false;                 // a full page was read: there may be more than items
    ProbeResult result = ProbeResult::ok;
    std::string gap_kind;        // the collector's gap kind (gap_kind::...) when not ok
    std::string cause;           // why not ok: redacted, never the token
    std::string remedy;          // what to do; "" when nothing
    Status status = Status::ok;  // failed: the status the check ends with
};

// The JSON of a probe (shape in manifests/schemas/check-report.schema.json).
nlohmann::json probe_json(const Probe& probe);

struct CheckResult {
    Status status = Status::ok;  // what run_check returns
    std::string_view word;       // "complete", "partial" or "failed": the report's "result"
};

// The first failed probe fails the check with its status; else any gap makes it partial; else it
// is complete. A check that made no probe read nothing: failed (internal), never complete.
CheckResult check_result(std::span<const Probe> probes) noexcept;

// Reads every check makes whatever the account: /account, /oauth/authorizations, /teams, /apps
// and one sample app's details.
inline constexpr std::size_t check_fixed_requests = 5;
// Teams whose apps, members (and access matrix, for admin teams) the check reads; the rest are
// counted as not probed.
inline constexpr std::size_t max_teams_probed = 10;

// The most requests the check sends, retries aside: the fixed reads, two per team probed (its apps
// and members, one page each) and one more per admin team probed (its access matrix).
std::size_t check_request_bound(std::size_t teams_probed, std::size_t admin_teams_probed) noexcept;

// How the bound is made, in words, for the report.
std::string check_request_bound_text();

}  // namespace iru::heroku
