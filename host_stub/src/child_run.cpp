// `iru-host-stub child-run`: one collection of one source for the scheduler (supervisor.hpp), which
// started this process. The same checks as `run` (configuration, plugin and credentials trusted and
// verified here, by this process), the same evidence writer and state store, the run id the
// scheduler chose; the result goes as one JSON document to the inherited descriptor --result-fd.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "child_process.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "private_folder.hpp"
#include "run_result_codec.hpp"
#include "run_setup.hpp"
#include "signals.hpp"
#include "source_runner.hpp"
#include "terminal.hpp"

namespace iru::host {

namespace {

SourceRunResult refused(const CommandLine& cl, RunStatus status, const std::string& message) {
    SourceRunResult result;
    result.source_id = *cl.source_id;
    result.run_id = cl.run_id;
    result.status = status;
    result.exit_code = exit_code_for(status);
    result.message = message;
    return result;
}

// The run, or why it could not start (already logged).
SourceRunResult run_one(const CommandLine& cl, Terminal& terminal) {
    CancelRegistry cancel;
    SignalWatcher signals(
        [&cancel](int) { cancel.stop_all(); });  // the scheduler forwards its stop
    RunSetup setup;
    if (prepare_run(cl, terminal, setup) != exit_complete)
        return refused(cl, RunStatus::bad_config,
                       "configuration error: " + cl.config_file + " (see the log)");
    if (!setup.unrunnable.empty()) return setup.unrunnable.front();
    for (const auto& folder : {setup.config.output_dir, setup.config.state_dir}) {
        try {
            ensure_private_folder(folder);
        } catch (const FolderError& e) {
            const std::string message = std::string("configuration error: ") + e.what();
            terminal.log("", LogLevel::error, message);
            return refused(cl, RunStatus::bad_config, message);
        }
    }
    const SourceConfig& source = *setup.sources.front();
    SourceRunOptions options;
    options.run_id = cl.run_id;
    options.report_follows = false;  // the child prints no report: its log line carries the message
    return run_source(setup.config, source, *setup.plugin_for.at(source.id), cancel, terminal,
                      options);
}

}  // namespace

int child_run_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    // The descriptor stays out of the processes this one starts (credential helpers).
    if (::fcntl(cl.result_fd, F_SETFD, FD_CLOEXEC) != 0) {
        err << "iru-host-stub: " << child_run_command_name
            << " is started by the scheduler (no --result-fd)\n";
        return exit_config_error;
    }
    Terminal terminal(out, err, ::isatty(STDERR_FILENO) == 1);
    const SourceRunResult result = run_one(cl, terminal);
    terminal.clear_progress();
    const bool reported = write_report(cl.result_fd, run_result_to_json(result).dump());
    (void)::close(cl.result_fd);
    return reported ? result.exit_code : exit_other_failure;
}

}  // namespace iru::host
