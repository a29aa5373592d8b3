// One collection of one source, in four steps:
//   prepare    credentials checked, state opened, evidence folder started, host session built
//   invoke     the plugin instance created, collect (or another call) run, instance destroyed,
//              the session's tally taken and the lent secrets wiped; cancellable through the
//              registry
//   reconcile  pure: the plugin's status, the host's view and the stop request make the run's
//   outcome publish    state saved, summary.json written, the result returned and logged
// run_source() chains them; check runs prepare, invoke with its own call, reconcile, publish.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cancellation.hpp"
#include "credentials.hpp"
#include "host_config.hpp"
#include "host_services.hpp"
#include "plugin_discovery.hpp"
#include "run_output.hpp"
#include "run_status.hpp"
#include "state_store.hpp"
#include "terminal.hpp"

namespace iru::host {

struct SourceRunOptions {
    bool write_output = true;               // false for check: nothing goes to output_dir
    bool save_state = true;                 // false for check: state is read, changes are dropped
    std::optional<nlohmann::json> options;  // replaces the source's options when set
    // A report on stdout follows the run (run --once, check): it says the run's message and
    // findings, so the log says the outcome's status only and each message appears once. false (the
    // scheduler, which prints no report per run): the log line carries the message and each
    // finding is logged at its level.
    bool report_follows = true;
    std::string run_id;  // the run's name when the scheduler chose it; "" makes a new one
};

struct SourceRunResult {
    std::string source_id;
    std::string run_id;
    RunStatus status = RunStatus::internal;
    int exit_code = 1;
    std::string message;  // why not complete ("" when complete); never a secret
    std::map<std::string, std::uint64_t> counts;
    std::uint64_t records = 0;
    std::uint64_t invalid = 0;
    std::optional<nlohmann::json> collection_summary;  // data of the plugin's summary record
    std::filesystem::path run_dir;                     // empty when nothing was written
    std::uint64_t duration_ms = 0;
};

// Everything one invocation uses, owned together: the session points into the rest. Built by
// prepare(); the plugin library stays mapped while this lives.
struct RunContext {
    const SourceConfig* source = nullptr;
    std::shared_ptr<LoadedPlugin> plugin;
    std::string run_id;
    std::string options_text;  // the options JSON handed to create
    std::chrono::system_clock::time_point started_at;
    std::chrono::steady_clock::time_point started_steady;
    std::optional<StateStore> state;
    std::unique_ptr<RunOutput> output;  // nullptr: nothing is written
    std::unique_ptr<CredentialVault> credentials;
    std::unique_ptr<HostSession> session;
};

// What the plugin did, with its status already a RunStatus (the one conversion of a run's ABI
// code).
struct Invocation {
    bool created = false;  // create succeeded
    RunStatus plugin_status = RunStatus::internal;
    std::string plugin_message;  // last_error, one line, secrets redacted; "" when none
    SessionTally tally;
    std::vector<std::string> credential_errors;  // why a credential could not be read
};

// What reconcile decides: the run's status and the message a user reads.
struct RunOutcome {
    RunStatus status = RunStatus::internal;
    std::string message;
};

// A call into a created instance: collect, or an extension function. Returns an IRU_STATUS_* code.
using InstanceCall =
    std::function<std::int32_t(const iru_source_plugin& functions, iru_instance* instance)>;

// Prepares a run; on failure returns nullptr and fills *failure (status, message, exit code).
std::unique_ptr<RunContext> prepare_source_run(const HostConfig& config, const SourceConfig& source,
                                               const DiscoveredPlugin& plugin,
                                               CancelRegistry& cancel, Terminal& terminal,
                                               const SourceRunOptions& options,
                                               SourceRunResult* failure);

// Creates the instance, runs call (collect when empty) with cancel hooked to the plugin's cancel(),
// destroys the instance, and takes the tally. The context's secrets are wiped when it returns.
Invocation invoke_plugin(RunContext& context, CancelRegistry& cancel, Terminal& terminal,
                         const InstanceCall& call = {});

// Pure: the run's outcome. A failure while stopping is "cancelled"; a failure after a credential
// could not be read is "bad_config" naming config_file; an evidence write error is "host_error";
// refused records make a complete run partial; else the plugin's status and message (or the
// summary's message, or a generic one).
RunOutcome reconcile_run(const Invocation& invocation, bool stopping,
                         const std::string& config_file);

// Saves state (when asked), writes summary.json (when writing evidence; a bad_config run that made
// no request and wrote no record leaves no folder at all), logs the outcome (and, unless a report
// follows, its message and the summary's findings) and returns the result.
SourceRunResult publish_run(RunContext& context, const Invocation& invocation, RunOutcome outcome,
                            const SourceRunOptions& options, Terminal& terminal);

// Never throws for a failing source: the result says what happened.
SourceRunResult run_source(const HostConfig& config, const SourceConfig& source,
                           const DiscoveredPlugin& plugin, CancelRegistry& cancel,
                           Terminal& terminal, const SourceRunOptions& options = {});

// Checks a source's credentials against the plugin's manifest: only declared names, and every
// required one configured. "" when fine, else a configuration error message naming the file and
// path.
std::string check_source_credentials(const HostConfig& config, const SourceConfig& source,
                                     const PluginManifest& manifest);

}  // namespace iru::host
