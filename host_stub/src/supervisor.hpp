// Supervised runs: the scheduler runs each collection in a child process (the host re-executed as
// `child-run`, child_run.cpp), so a plugin that crashes (segfault, abort, its memory limit) ends
// only that run. The child does what an in-process run does: it loads and verifies the
// configuration, the plugin and the credentials itself (no secret passes from parent to child),
// writes the evidence and the state, and reports its result on an inherited pipe. The parent only
// starts, waits and finishes: a child that ends without reporting gets its run finished as failed
// (ended_run.hpp). On a stop the child gets SIGTERM (it cancels its plugin and writes a cancelled
// summary), and SIGKILL once kill_grace has passed since the stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>

#include "cancellation.hpp"
#include "host_config.hpp"
#include "plugin_manifest.hpp"
#include "source_runner.hpp"
#include "terminal.hpp"

namespace iru::host {

struct SupervisorSettings {
    std::filesystem::path executable = "/proc/self/exe";   // the host binary the child runs
    std::chrono::milliseconds kill_grace{1200};            // from the stop to SIGKILL
    std::size_t max_report_bytes = std::size_t{16} << 20;  // a longer report (16 MiB) is refused
};

// One collection of source in a child process, waited for (never longer than kill_grace past a
// stop). Never throws for a failing child: the result says what happened.
SourceRunResult run_supervised(const HostConfig& config, const SourceConfig& source,
                               const PluginManifest& plugin, CancelRegistry& cancel,
                               Terminal& terminal, const SupervisorSettings& settings = {});

}  // namespace iru::host
