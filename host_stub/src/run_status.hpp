// A run's outcome and a log line's level as the host holds them: enums, converted from the ABI's
// int32_t codes once where they come in (run_status_from_abi, log_level_from_abi) and to text once
// where they go out (to_string: summary.json, tables, reports, log lines).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace iru::host {

enum class RunStatus {
    complete,
    partial,
    auth_failed,
    permission_denied,
    rate_limited,
    network,
    bad_config,
    cancelled,
    internal,
    unsupported,
    plugin_error,  // the plugin was refused or could not be loaded
    host_error,    // the host itself failed (state, evidence)
    crashed,       // the run's process died by a signal (a crashing plugin, its memory limit); last
};

enum class LogLevel { debug, info, warn, error };

// The run status for a status code a plugin returned from collect (or an extension function). A
// code that makes no sense there (not_found, rejected, unknown) is the plugin's defect: internal.
RunStatus run_status_from_abi(std::int32_t abi_status) noexcept;
std::string_view to_string(RunStatus status) noexcept;
// The status a to_string() name stands for; nullopt for any other text.
std::optional<RunStatus> run_status_from_name(std::string_view name) noexcept;
// Exit codes (exit_codes.hpp): complete 0, partial 2, auth_failed 3, configuration or plugin error
// (bad_config, internal, unsupported, plugin_error, crashed) 4, anything else 1.
int exit_code_for(RunStatus status) noexcept;
// complete or partial: the evidence is usable.
bool is_usable(RunStatus status) noexcept;

// A plugin's log level; unknown values are shown as info.
LogLevel log_level_from_abi(std::int32_t abi_level) noexcept;
std::string_view to_string(LogLevel level) noexcept;

}  // namespace iru::host
