// Shared start of run and check: configuration, the sources to run, and the plugins they use (only
// those are loaded). Sources whose plugin is refused become results with status plugin_error (exit
// 4).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli.hpp"
#include "host_config.hpp"
#include "plugin_discovery.hpp"
#include "source_runner.hpp"
#include "source_validation.hpp"
#include "terminal.hpp"

namespace iru::host {

struct RunSetup {
    HostConfig config;
    std::vector<DiscoveredPlugin> plugins;
    std::vector<const SourceConfig*> sources;                   // runnable, in config order
    std::map<std::string, const DiscoveredPlugin*> plugin_for;  // source id -> its loadable plugin
    std::vector<SourceRunResult> unrunnable;                    // plugin missing or refused
};

std::string summary_table(const std::vector<SourceRunResult>& runs);

// Validates the sources before anything is written (source_validation.hpp) and logs each mistake as
// one "configuration error: FILE: PATH: what" line; returns the mistakes.
std::vector<std::string> configuration_mistakes(const HostConfig& config,
                                                const std::vector<const SourceConfig*>& sources,
                                                const std::vector<DiscoveredPlugin>& plugins,
                                                Terminal& terminal,
                                                OptionsCheck options = OptionsCheck::in_process);

// Pure: whether `run` collects in this process (--once of a single source) rather than supervised,
// each collection in a child process of its own (supervisor.hpp).
bool runs_in_process(const CommandLine& cl, std::size_t sources);

// Fills setup; returns exit_complete, or exit_config_error after printing the configuration error.
// A mistake in any selected source stops the command before anything runs or is written. When
// `run` supervises, each source's options are checked in a child process (options_probe.hpp): a
// plugin that crashes in create makes its source a crashed result in setup.unrunnable, and the
// other sources run.
int prepare_run(const CommandLine& cl, Terminal& terminal, RunSetup& setup);

}  // namespace iru::host
