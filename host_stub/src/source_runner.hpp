// One collection of one source: credentials and state prepared, plugin instance created, collect
// run (cancellable through the CancelRegistry), evidence and summary written, secrets wiped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cancellation.hpp"
#include "host_config.hpp"
#include "plugin_discovery.hpp"
#include "terminal.hpp"

namespace iru::host {

struct SourceRunOptions {
    bool write_output = true;   // false for check: nothing goes to output_dir
    bool save_state = true;     // false for check: state is read, changes are dropped
    std::optional<nlohmann::json> options;  // replaces the source's options when set
};

struct SourceRunResult {
    std::string source_id;
    std::string run_id;
    std::string status;   // complete, partial, auth_failed, permission_denied, rate_limited, network,
                          // bad_config, cancelled, internal, unsupported, host_error
    int exit_code = 1;
    std::string message;  // why not complete ("" when complete); never a secret
    std::map<std::string, std::uint64_t> counts;
    std::uint64_t records = 0;
    std::uint64_t invalid = 0;
    std::optional<nlohmann::json> collection_summary;
    std::filesystem::path run_dir;  // empty when nothing was written
    std::uint64_t duration_ms = 0;
};

// The host status name for an ABI status code, and the exit code for a host status.
std::string status_name(std::int32_t abi_status);
int exit_code_for(const std::string& status);

// Never throws for a failing source: the result says what happened.
SourceRunResult run_source(const HostConfig& config, const SourceConfig& source, const DiscoveredPlugin& plugin,
                           CancelRegistry& cancel, Terminal& terminal, const SourceRunOptions& options = {});

// Checks a source's credentials against the plugin's manifest: only declared names, and every
// required one configured. "" when fine, else a configuration error message naming the file and path.
std::string check_source_credentials(const HostConfig& config, const SourceConfig& source,
                                     const PluginManifest& manifest);

}  // namespace iru::host
