// The text `check` prints for one source, built from the run result and the plugin's
// collection-summary record (contract §2). Pure: no I/O.
#pragma once

#include <string>

#include "host_config.hpp"
#include "plugin_loader.hpp"
#include "source_runner.hpp"

namespace iru::host {

// The options check runs a source with: its own, plus include = the identity types (heroku.account,
// heroku.team, heroku.app, heroku.token) when the plugin emits all of them; otherwise unchanged.
nlohmann::json check_options(const SourceConfig& source, const PluginDescription& plugin);

std::string format_check_report(const SourceConfig& source, const std::string& plugin_label,
                                const SourceRunResult& run);

}  // namespace iru::host
