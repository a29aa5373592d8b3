// Configuration mistakes caught before a run: each source's plugin exists, its credentials are the
// ones the plugin declares and can be found (an env variable is set), and the plugin accepts its
// options (an instance is created with them and destroyed without collecting). Each problem is one
// line: "FILE: JSON-PATH: what was expected". No secret is read and nothing is written.
#pragma once

#include <string>
#include <vector>

#include "host_config.hpp"
#include "plugin_discovery.hpp"
#include "terminal.hpp"

namespace iru::host {

// Pure: the JSON path of the option a plugin's create error names ("option 'x' ..." or
// `option "x"`), under source_path + "/options"; just source_path + "/options" when none is named.
std::string option_path(const std::string& source_path, const std::string& create_error);

// Pure: "no such plugin "id" (available: a, b)".
std::string no_such_plugin(const std::string& plugin_id,
                           const std::vector<std::string>& available_ids);

// Pure: "no source with id "x" (sources: a, b)".
std::string no_such_source(const std::string& source_id, const HostConfig& config);

// The problems of one source ("" free lines only; empty when it can run). A source whose plugin has
// a manifest but was refused is not a configuration mistake: it is not reported here.
std::vector<std::string> validate_source(const HostConfig& config, const SourceConfig& source,
                                         const std::vector<DiscoveredPlugin>& plugins,
                                         Terminal& terminal);

}  // namespace iru::host
