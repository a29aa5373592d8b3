#include "supervisor.hpp"

#include <signal.h>

#include <optional>
#include <thread>

#include "child_process.hpp"
#include "cli.hpp"
#include "ended_run.hpp"
#include "host_child.hpp"
#include "run_output.hpp"
#include "run_result_codec.hpp"

namespace iru::host {

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(50);
constexpr auto pipe_linger =
    std::chrono::milliseconds(500);  // after the child ended, for its last bytes

std::uint64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - since)
                                          .count());
}

SourceRunResult not_started(const SourceConfig& source, const std::string& run_id,
                            const std::string& why, Terminal& terminal) {
    SourceRunResult result;
    result.source_id = source.id;
    result.run_id = run_id;
    result.status = RunStatus::host_error;
    result.exit_code = exit_code_for(result.status);
    result.message = why;
    terminal.log(source.id, LogLevel::error, why);
    return result;
}

// The child's report, when it is one for this run.
std::optional<SourceRunResult> read_report(const HostChild& child, const SourceConfig& source,
                                           const std::string& run_id) {
    if (child.report_overflowed() || child.report().empty()) return std::nullopt;
    auto result = run_result_from_json(nlohmann::json::parse(child.report(), nullptr, false));
    if (!result || result->source_id != source.id || result->run_id != run_id) return std::nullopt;
    return result;
}

}  // namespace

SourceRunResult run_supervised(const HostConfig& config, const SourceConfig& source,
                               const PluginManifest& plugin, CancelRegistry& cancel,
                               Terminal& terminal, const SupervisorSettings& settings) {
    const std::string run_id = make_run_id();
    const ChildSpec spec = host_child_spec(settings.executable, child_run_command_name, config,
                                           source, {"--run-id", run_id});

    EndedRun ended;
    ended.source_id = source.id;
    ended.run_id = run_id;
    ended.plugin_id = plugin.id;
    ended.plugin_version = plugin.version;
    ended.plugin_abi = std::to_string(plugin.abi_major) + "." + std::to_string(plugin.abi_minor);
    ended.started_at = std::chrono::system_clock::now();
    ended.memory_limit_mb = config.scheduler.child_memory_limit_mb;
    const auto started = std::chrono::steady_clock::now();

    std::optional<HostChild> child;
    try {
        child.emplace(spec);
    } catch (const std::exception& e) {
        return not_started(source, run_id, e.what(), terminal);
    }
    const std::uint64_t hook = cancel.add([&child] { child->signal(SIGTERM); });
    std::optional<std::chrono::steady_clock::time_point> ended_at;
    for (;;) {
        const bool at_end = child->read_report(poll_interval, settings.max_report_bytes);
        const auto now = std::chrono::steady_clock::now();
        if (!ended_at && child->ended()) ended_at = now;
        if (ended_at && (at_end || now - *ended_at >= pipe_linger)) break;
        if (at_end)
            std::this_thread::sleep_for(poll_interval / 5);  // reported; waiting for it to exit
        const auto stop_time = cancel.stop_time();
        if (stop_time && !ended.killed_by_host && now >= *stop_time + settings.kill_grace) {
            child->signal(SIGKILL);
            ended.killed_by_host = true;
        }
    }
    cancel.remove(hook);  // before the reaping: the hook never signals a reused pid
    ended.exit = child->reap();
    ended.duration_ms = elapsed_ms(started);
    if (ended.exit.signal != SIGKILL) ended.killed_by_host = false;  // it ended on its own first

    if (auto reported = read_report(*child, source, run_id)) {
        if (ended.exit.signal != 0)
            terminal.log(source.id, LogLevel::warn,
                         "run " + run_id + ": the collection's process was killed by " +
                             signal_description(ended.exit.signal) +
                             " after it had finished and reported its run");
        return *reported;
    }
    const RunOutcome outcome = ended_run_outcome(ended, settings.kill_grace);
    SourceRunResult result = finish_ended_run(config.output_dir, ended, outcome);
    terminal.log(source.id, LogLevel::error,
                 "run " + run_id + " " + std::string(to_string(result.status)) + ": " +
                     result.message +
                     (result.run_dir.empty() ? ""
                                             : "; " + std::to_string(result.records) +
                                                   " records kept in " + result.run_dir.string()));
    return result;
}

}  // namespace iru::host
