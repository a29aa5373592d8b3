// The text `check` prints for one source. Two forms: from the plugin's troubleshooting report
// (the iru.check/1 extension, shape in plugin_api/README.md), or, for a plugin without it, a
// generic report from a collection run and the generic part of its summary. Pure: no I/O. Knows no
// plugin.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "host_config.hpp"
#include "source_runner.hpp"

namespace iru::host {

// report: the plugin's report, parsed; nullopt when it lent none (or one the host refused, then
// report_problem says why). Its probes are shown as what was looked at and what could not be read
// (gaps); "Gaps: none" only on a complete check whose probes are all ok.
std::string format_check_report(const SourceConfig& source, const std::string& plugin_label,
                                const SourceRunResult& run,
                                const std::optional<nlohmann::json>& report,
                                const std::string& report_problem = {});

// Pure: the status a check shows and exits with. The run's, except that a complete run whose report
// lists a probe that is not ok, or a result other than complete, is partial: a check never says
// complete for less than it read.
RunStatus check_status(RunStatus run_status, const std::optional<nlohmann::json>& report);

// The report for a plugin without iru.check/1: the run's outcome, records and summary findings.
std::string format_fallback_check_report(const SourceConfig& source,
                                         const std::string& plugin_label,
                                         const SourceRunResult& run);

}  // namespace iru::host
