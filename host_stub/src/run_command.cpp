// `iru-host-stub run`: loads the plugins, runs the enabled sources once or on their schedules,
// prints a summary table and exits with the worst outcome.
#include <unistd.h>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "host_config.hpp"
#include "plugin_discovery.hpp"
#include "private_folder.hpp"
#include "run_setup.hpp"
#include "run_summary.hpp"
#include "scheduler.hpp"
#include "signals.hpp"
#include "source_runner.hpp"
#include "supervisor.hpp"
#include "terminal.hpp"

namespace iru::host {

namespace {

constexpr std::size_t max_findings_shown = 8;  // per run, errors first, then in the plugin's order

// "<source>: <status> — <message>" and the run's leading findings, one a line; "" when the run
// has neither a message nor a finding.
std::string run_findings(const SourceRunResult& run) {
    std::vector<SummaryFinding> all;
    if (run.collection_summary) all = read_summary(*run.collection_summary).findings;
    if (run.message.empty() && all.empty()) return "";
    std::ostringstream text;
    text << run.source_id << ": " << to_string(run.status)
         << (run.message.empty() ? "" : " — " + run.message) << "\n";
    for (const auto& finding : leading_findings(all, max_findings_shown))
        text << "  " << to_string(finding.level) << ": " << finding_line(finding) << "\n";
    if (all.size() > max_findings_shown)
        text << "  … " << all.size() - max_findings_shown << " more finding(s) in "
             << (run.run_dir.empty() ? std::string("summary.json")
                                     : (run.run_dir / "summary.json").string())
             << "\n";
    return text.str();
}

}  // namespace

// What each run found first (its message and findings), then the counts, one row a run.
std::string summary_table(const std::vector<SourceRunResult>& runs) {
    std::ostringstream table;
    std::string findings;
    for (const auto& run : runs) findings += run_findings(run);
    if (!findings.empty()) table << findings << "\n";
    table << std::left << std::setw(20) << "SOURCE" << std::setw(30) << "RUN" << std::setw(18)
          << "STATUS" << std::setw(9) << "RECORDS" << std::setw(8) << "INVALID" << std::setw(10)
          << "SECONDS"
          << "EVIDENCE\n";
    for (const auto& run : runs) {
        std::ostringstream seconds;
        seconds << std::fixed << std::setprecision(1)
                << static_cast<double>(run.duration_ms) / 1000.0;
        table << std::setw(20) << run.source_id << std::setw(30)
              << (run.run_id.empty() ? "-" : run.run_id) << std::setw(18) << to_string(run.status)
              << std::setw(9) << run.records << std::setw(8) << run.invalid << std::setw(10)
              << seconds.str() << (run.run_dir.empty() ? "-" : run.run_dir.string()) << "\n";
    }
    return table.str();
}

int run_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    Terminal terminal(out, err, ::isatty(STDERR_FILENO) == 1);
    RunSetup setup;
    if (const int code = prepare_run(cl, terminal, setup); code != exit_complete) return code;
    for (const auto& folder : {setup.config.output_dir, setup.config.state_dir}) {
        try {
            ensure_private_folder(folder);
        } catch (const FolderError& e) {
            terminal.log("", LogLevel::error, std::string("configuration error: ") + e.what());
            return exit_config_error;
        }
    }

    CancelRegistry cancel;
    SignalWatcher signals([&cancel, &terminal](int signal_number) {
        terminal.log("", LogLevel::warn,
                     std::string("received ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                         ": cancelling running collections");
        cancel.stop_all();
    });
    std::vector<const SourceConfig*> runnable;
    std::vector<SourceRunResult> results = setup.unrunnable;
    for (const SourceConfig* source : setup.sources) runnable.push_back(source);
    SourceRunOptions run_options;
    run_options.report_follows = cl.once;  // the table below says each run's message and findings
    // One collection of one source (--once) runs in this process; everything else is supervised:
    // each collection in a child process of its own, so a crashing plugin ends only its run.
    const bool in_process = runs_in_process(cl, runnable.size());
    const RunOne run_one = [&](const SourceConfig& source) {
        const DiscoveredPlugin& plugin = *setup.plugin_for.at(source.id);
        if (in_process)
            return run_source(setup.config, source, plugin, cancel, terminal, run_options);
        return run_supervised(setup.config, source, *plugin.manifest, cancel, terminal);
    };
    // A supervised run returns by itself within its kill grace (1.2 s) after a stop.
    const auto stop_grace = std::chrono::milliseconds(in_process ? 1500 : 1700);
    ScheduleOutcome outcome =
        run_schedule(runnable, cl.once, cancel, run_one, terminal, stop_grace);
    terminal.clear_progress();
    if (outcome.timed_out_stopping) {
        terminal.log("", LogLevel::error,
                     "a plugin did not stop within 2 s of the signal; exiting without its summary");
        out.flush();
        err.flush();
        (void)std::fflush(nullptr);
        std::_Exit(exit_other_failure);
    }
    for (auto& run : outcome.last_runs) results.push_back(std::move(run));
    terminal.print(summary_table(results));
    int code = exit_complete;
    for (const auto& run : results) code = worse_exit_code(code, run.exit_code);
    return code;
}

}  // namespace iru::host
