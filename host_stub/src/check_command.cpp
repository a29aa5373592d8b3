// `iru-host-stub check`: runs each selected source with its options narrowed to the identity types
// (when the plugin emits them), writes no evidence and no state, and prints the check report.
#include <unistd.h>

#include <ostream>

#include "check_report.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "run_setup.hpp"
#include "signals.hpp"

namespace iru::host {

nlohmann::json check_options(const SourceConfig& source, const PluginDescription& plugin) {
    static const char* const identity_types[] = {"heroku.account", "heroku.team", "heroku.app", "heroku.token"};
    nlohmann::json options = source.options;
    for (const char* type : identity_types)
        if (!plugin.emits(type)) return options;  // not a plugin that knows these: a full collection
    options["include"] = nlohmann::json::array();
    for (const char* type : identity_types) options["include"].push_back(type);
    options.erase("exclude");
    return options;
}

int check_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    Terminal terminal(out, err, ::isatty(STDERR_FILENO) == 1);
    RunSetup setup;
    if (const int code = prepare_run(cl, terminal, setup); code != exit_complete) return code;
    CancelRegistry cancel;
    SignalWatcher signals([&cancel](int) { cancel.stop_all(); });
    int code = exit_complete;
    for (const auto& failed : setup.unrunnable) {
        terminal.print("Source " + failed.source_id + "\n  Result:      " + std::string(to_string(failed.status)) + "\n  Error:       " +
                       failed.message + "\n\n");
        code = worse_exit_code(code, failed.exit_code);
    }
    for (const SourceConfig* source : setup.sources) {
        if (cancel.stopping()) break;
        const DiscoveredPlugin& plugin = *setup.plugin_for.at(source->id);
        SourceRunOptions options;
        options.write_output = false;
        options.save_state = false;
        options.options = check_options(*source, plugin.plugin->description());
        const SourceRunResult run = run_source(setup.config, *source, plugin, cancel, terminal, options);
        const std::string label = plugin.plugin->description().id + " " + plugin.plugin->description().version;
        terminal.print(format_check_report(*source, label, run) + "\n");
        code = worse_exit_code(code, run.exit_code);
    }
    return code;
}

}  // namespace iru::host
