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

// "" when the plugin accepts the source's options (an instance is created with them, in this
// process, and destroyed); else the plugin's create error, one printable line, redacted.
std::string plugin_options_error(const SourceConfig& source, const LoadedPlugin& plugin,
                                 Terminal& terminal);

// Pure: the configuration mistake a create error makes: "FILE: JSON-PATH: error".
std::string options_mistake(const HostConfig& config, const SourceConfig& source,
                            const std::string& create_error);

// Where the option check creates its instance.
enum class OptionsCheck {
    in_process,  // here: a plugin crashing in create takes this process down
    skipped,     // not here: the caller checks the options in a child (options_probe.hpp)
};

// The problems of one source (lines without newlines; empty when it can run). A source whose
// plugin has a manifest but was refused is not a configuration mistake: it is not reported here.
std::vector<std::string> validate_source(const HostConfig& config, const SourceConfig& source,
                                         const std::vector<DiscoveredPlugin>& plugins,
                                         Terminal& terminal,
                                         OptionsCheck options = OptionsCheck::in_process);

}  // namespace iru::host
