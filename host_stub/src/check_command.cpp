// `iru-host-stub check`: for each selected source, asks the plugin for its troubleshooting report
// (the iru.check/1 extension) and prints it; a plugin without the extension gets a collection run
// instead (no evidence, no state) and a generic report. Knows no plugin by name.
#include <unistd.h>

#include <ostream>

#include "check_report.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "run_setup.hpp"
#include "signals.hpp"

namespace iru::host {
namespace {

constexpr std::size_t max_report_bytes = 1 << 20;

// What run_check lent, copied; the host checks it before showing it.
struct LentReport {
    std::string text;
    bool too_big = false;
    static void take(void* ctx, const char* value, std::uint64_t len) {
        auto* self = static_cast<LentReport*>(ctx);
        if (value == nullptr || len > max_report_bytes) {
            self->too_big = value != nullptr;
            return;
        }
        self->text.assign(value, static_cast<std::size_t>(len));
    }
};

const iru_check_ext* check_extension(const LoadedPlugin& plugin, const iru_instance* instance) {
    const auto* table =
        static_cast<const iru_check_ext*>(plugin.extension(instance, IRU_EXT_CHECK));
    if (!IRU_STRUCT_HAS(table, iru_check_ext, run_check) || table->run_check == nullptr)
        return nullptr;
    return table;
}

struct CheckRun {
    SourceRunResult run;
    std::optional<nlohmann::json> report;
    std::string problem;  // why the lent report is not shown; "" when fine or none
};

// prepare, invoke run_check, reconcile, publish: like a run, with no evidence and no state saved.
CheckRun run_check_extension(const RunSetup& setup, const SourceConfig& source,
                             const DiscoveredPlugin& plugin, CancelRegistry& cancel,
                             Terminal& terminal) {
    SourceRunOptions options;
    options.write_output = false;
    options.save_state = false;
    CheckRun out;
    std::unique_ptr<RunContext> context =
        prepare_source_run(setup.config, source, plugin, cancel, terminal, options, &out.run);
    if (!context) return out;
    LentReport lent;
    const LoadedPlugin& loaded = *context->plugin;
    CredentialVault& credentials = *context->credentials;
    const Invocation invocation = invoke_plugin(
        *context, cancel, terminal,
        [&](const iru_source_plugin&, iru_instance* instance) -> std::int32_t {
            const iru_check_ext* check = check_extension(loaded, instance);
            if (check == nullptr) return IRU_STATUS_UNSUPPORTED;
            const std::int32_t status = check->run_check(instance, &LentReport::take, &lent);
            if (credentials.contains_secret(lent.text)) {  // checked before the secrets are wiped
                lent.text.clear();
                out.problem = "refused: it contains a credential the host lent";
            }
            return status;
        });
    if (lent.too_big) out.problem = "refused: larger than 1 MiB";
    if (!lent.text.empty()) {
        try {
            out.report = nlohmann::json::parse(lent.text);
            if (!out.report->is_object()) {
                out.report.reset();
                out.problem = "refused: not a JSON object";
            }
        } catch (const nlohmann::json::exception&) {
            out.problem = "refused: not valid JSON";
        }
    }
    const RunOutcome outcome =
        reconcile_run(invocation, cancel.stopping(), setup.config.file.string());
    out.run = publish_run(*context, invocation, outcome, options, terminal);
    return out;
}

}  // namespace

int check_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    Terminal terminal(out, err, ::isatty(STDERR_FILENO) == 1);
    RunSetup setup;
    if (const int code = prepare_run(cl, terminal, setup); code != exit_complete) return code;
    CancelRegistry cancel;
    SignalWatcher signals([&cancel](int) { cancel.stop_all(); });
    int code = exit_complete;
    for (const auto& failed : setup.unrunnable) {
        terminal.print("Source " + failed.source_id +
                       "\n  Result:      " + std::string(to_string(failed.status)) +
                       "\n  Error:       " + failed.message + "\n\n");
        code = worse_exit_code(code, failed.exit_code);
    }
    for (const SourceConfig* source : setup.sources) {
        if (cancel.stopping()) break;
        const DiscoveredPlugin& plugin = *setup.plugin_for.at(source->id);
        const PluginDescription& description = plugin.plugin->description();
        const std::string label = description.id + " " + description.version;
        int run_exit = exit_complete;
        if (check_extension(*plugin.plugin, nullptr) != nullptr) {
            const CheckRun check = run_check_extension(setup, *source, plugin, cancel, terminal);
            terminal.print(
                format_check_report(*source, label, check.run, check.report, check.problem) + "\n");
            const RunStatus shown = check_status(check.run.status, check.report);
            run_exit = shown == check.run.status ? check.run.exit_code : exit_code_for(shown);
        } else {
            SourceRunOptions options;
            options.write_output = false;
            options.save_state = false;
            const SourceRunResult run =
                run_source(setup.config, *source, plugin, cancel, terminal, options);
            terminal.print(format_fallback_check_report(*source, label, run) + "\n");
            run_exit = run.exit_code;
        }
        code = worse_exit_code(code, run_exit);
    }
    return code;
}

}  // namespace iru::host
