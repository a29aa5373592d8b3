// The text `check` prints for one source, built from the run result and the plugin's
// collection-summary record (contract §2). Pure: no I/O.
#pragma once

#include <string>

#include "host_config.hpp"
#include "source_runner.hpp"

namespace iru::host {

std::string format_check_report(const SourceConfig& source, const std::string& plugin_label,
                                const SourceRunResult& run);

}  // namespace iru::host
