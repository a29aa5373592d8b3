#include "source_runner.hpp"

#include <chrono>

#include "run_summary.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;
using nlohmann::json;

std::string check_source_credentials(const HostConfig& config, const SourceConfig& source,
                                     const PluginManifest& manifest) {
    for (const auto& [name, spec] : source.credentials) {
        if (!manifest.declares_credential(name)) {
            std::string declared;
            for (const auto& c : manifest.credentials)
                declared += (declared.empty() ? "" : ", ") + c.name;
            return config.file.string() + ": " + spec.json_path + ": plugin " + manifest.id +
                   " declares no credential \"" + name +
                   "\" (it declares: " + (declared.empty() ? "none" : declared) + ")";
        }
    }
    for (const auto& c : manifest.credentials) {
        if (c.required && source.credentials.count(c.name) == 0)
            return config.file.string() + ": " + source.json_path + "/credentials: plugin " +
                   manifest.id + " requires credential \"" + c.name + "\" (e.g. {\"" + c.name +
                   "\": {\"env\": \"VAR\"}})";
    }
    return "";
}

namespace {

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return printable(text);
}

// Owns a plugin instance; destroy() runs before the LoadedPlugin can go (the context holds it).
struct InstanceGuard {
    const iru_source_plugin& functions;
    iru_instance* instance = nullptr;
    explicit InstanceGuard(const iru_source_plugin& table) : functions(table) {}
    InstanceGuard(const InstanceGuard&) = delete;
    InstanceGuard& operator=(const InstanceGuard&) = delete;
    ~InstanceGuard() {
        if (instance != nullptr) functions.destroy(instance);
    }
};

SourceRunResult refused_run(const SourceConfig& source, const std::string& run_id, RunStatus status,
                            const std::string& message, Terminal& terminal, bool report_follows) {
    SourceRunResult result;
    result.source_id = source.id;
    result.run_id = run_id;
    result.status = status;
    result.exit_code = exit_code_for(status);
    result.message = message;
    terminal.log(source.id, LogLevel::error,
                 report_follows ? "run " + run_id + " " + std::string(to_string(status)) : message);
    return result;
}

void warn_about_interrupted_runs(const HostConfig& config, const SourceConfig& source,
                                 Terminal& terminal) {
    const std::string incomplete = incomplete_runs_notice(config.output_dir, source.id);
    if (!incomplete.empty()) terminal.log(source.id, LogLevel::warn, incomplete);
}

// What iru.carry_forward/1 brought into the run; its records are in counts too.
json carried_forward_part(const CarryTally& carried) {
    auto text_or_null = [](const std::string& text) {
        return text.empty() ? json(nullptr) : json(text);
    };
    return {{"records", carried.records},
            {"scopes", carried.scopes},
            {"from_run", text_or_null(carried.from_run)},
            {"oldest_observed_at", text_or_null(carried.oldest_observed_at)},
            {"skipped", {{"count", carried.skipped}, {"reasons", carried.skipped_reasons}}},
            {"snapshot_problem", text_or_null(carried.snapshot_problem)}};
}

json summary_document(const RunContext& context, const SourceRunResult& result,
                      const SessionTally& tally) {
    json invalid_reasons = json::object();
    for (const auto& [reason, count] : tally.invalid_reasons) invalid_reasons[reason] = count;
    const PluginDescription& plugin = context.plugin->description();
    return {
        {"format", "iru-host-run-summary/2"},
        {"source_id", result.source_id},
        {"run_id", result.run_id},
        {"plugin",
         {{"id", plugin.id},
          {"version", plugin.version},
          {"abi", std::to_string(plugin.abi.major) + "." + std::to_string(plugin.abi.minor)}}},
        {"status", std::string(to_string(result.status))},
        {"exit_code", result.exit_code},
        {"message", result.message},
        {"started_at", rfc3339_utc(context.started_at)},
        {"finished_at", rfc3339_utc(std::chrono::system_clock::now())},
        {"duration_ms", result.duration_ms},
        {"counts", tally.counts},
        {"invalid_records", {{"count", tally.invalid}, {"reasons", invalid_reasons}}},
        {"requests", tally.requests},
        {"rate_limit_remaining",
         tally.rate_limit_remaining >= 0 ? json(tally.rate_limit_remaining) : json(nullptr)},
        {"plugin_summary",
         tally.collection_summary ? plugin_summary_part(*tally.collection_summary) : json(nullptr)},
        {"carried_forward", carried_forward_part(tally.carried)},
    };
}

LogLevel outcome_level(RunStatus status) {
    if (status == RunStatus::complete) return LogLevel::info;
    return status == RunStatus::partial ? LogLevel::warn : LogLevel::error;
}

// The outcome's log line, then (unless a report follows) each of the summary's findings.
void log_outcome(const SourceRunResult& result, bool report_follows, Terminal& terminal) {
    const bool say_message = !report_follows && !result.message.empty();
    terminal.log(
        result.source_id, outcome_level(result.status),
        "run " + result.run_id + " " + std::string(to_string(result.status)) + ": " +
            std::to_string(result.records) + " records" +
            (result.invalid > 0 ? ", " + std::to_string(result.invalid) + " invalid" : "") +
            (say_message ? " — " + result.message : ""));
    if (report_follows || !result.collection_summary) return;
    for (const auto& finding : read_summary(*result.collection_summary).findings)
        terminal.log(result.source_id, finding.level, finding_line(finding));
}

}  // namespace

std::unique_ptr<RunContext> prepare_source_run(const HostConfig& config, const SourceConfig& source,
                                               const DiscoveredPlugin& plugin,
                                               CancelRegistry& cancel, Terminal& terminal,
                                               const SourceRunOptions& options,
                                               SourceRunResult* failure) {
    const std::string run_id = options.run_id.empty() ? make_run_id() : options.run_id;
    auto refuse = [&](RunStatus status, const std::string& message) {
        *failure = refused_run(source, run_id, status, message, terminal, options.report_follows);
        return nullptr;
    };
    if (!plugin.loadable() || !plugin.manifest)
        return refuse(RunStatus::plugin_error, plugin.refusal);
    const std::string credential_problem =
        check_source_credentials(config, source, *plugin.manifest);
    if (!credential_problem.empty())
        return refuse(RunStatus::bad_config, "configuration error: " + credential_problem);

    auto context = std::make_unique<RunContext>();
    context->source = &source;
    context->plugin = plugin.plugin;  // keeps the library mapped for this run
    context->run_id = run_id;
    context->started_at = std::chrono::system_clock::now();
    context->started_steady = std::chrono::steady_clock::now();
    try {
        context->state.emplace(config.state_dir / source.id / "state.json");
    } catch (const std::exception& e) {
        return refuse(RunStatus::host_error, e.what());
    }
    if (!context->state->warning().empty())
        terminal.log(source.id, LogLevel::warn, context->state->warning());
    if (options.write_output) {
        warn_about_interrupted_runs(config, source, terminal);
        try {
            context->output = std::make_unique<RunOutput>(config.output_dir, source.id, run_id);
        } catch (const std::exception& e) {
            return refuse(RunStatus::host_error, std::string("cannot write evidence: ") + e.what());
        }
    }
    context->credentials = std::make_unique<CredentialVault>(
        source.credentials, [&cancel] { return cancel.stopping(); });
    SessionSetup setup;
    setup.envelope = {source.id, run_id, &context->plugin->description()};
    setup.credentials = context->credentials.get();
    setup.state = &*context->state;
    setup.output = context->output.get();
    setup.terminal = &terminal;
    setup.source_dir = config.output_dir / source.id;
    context->session = std::make_unique<HostSession>(setup);
    context->options_text = (options.options ? *options.options : source.options).dump();
    return context;
}

Invocation invoke_plugin(RunContext& context, CancelRegistry& cancel, Terminal& terminal,
                         const InstanceCall& call) {
    const iru_source_plugin& functions = context.plugin->functions();
    const PluginDescription& plugin = context.plugin->description();
    HostSession& session = *context.session;
    Invocation invocation;
    terminal.log(
        context.source->id, LogLevel::info,
        "run " + context.run_id + " starting (plugin " + plugin.id + " " + plugin.version + ")");
    std::int32_t status = IRU_STATUS_INTERNAL;
    {
        InstanceGuard guard(functions);
        status = functions.create(session.table(), context.options_text.data(),
                                  context.options_text.size(), &guard.instance);
        if (status != IRU_STATUS_OK || guard.instance == nullptr) {
            const char* why = functions.last_error(nullptr);
            invocation.plugin_message =
                "plugin refused the options: " + one_line(why != nullptr ? why : "");
            if (status == IRU_STATUS_OK) status = IRU_STATUS_INTERNAL;
            guard.instance = nullptr;
        } else {
            invocation.created = true;
            iru_instance* instance = guard.instance;
            const std::uint64_t hook = cancel.add([&session, &functions, instance] {
                session.request_cancel();
                functions.cancel(instance);
            });
            status = call ? call(functions, instance) : functions.collect(instance);
            cancel.remove(hook);
            if (status != IRU_STATUS_OK) {
                const char* why = functions.last_error(instance);
                invocation.plugin_message = one_line(why != nullptr ? why : "");
            }
        }
    }  // the instance is destroyed here, before the tally is read and the secrets wiped
    invocation.plugin_status = run_status_from_abi(status);
    invocation.tally = session.tally();
    invocation.credential_errors = context.credentials->errors();
    invocation.plugin_message = context.credentials->redact(invocation.plugin_message);
    context.credentials->wipe();
    return invocation;
}

RunOutcome reconcile_run(const Invocation& invocation, bool stopping,
                         const std::string& config_file) {
    RunOutcome outcome{invocation.plugin_status, invocation.plugin_message};
    const SessionTally& tally = invocation.tally;
    const bool failed = !is_usable(outcome.status);
    if (failed && stopping) {
        outcome.status =
            RunStatus::cancelled;  // whatever failed, it failed because the host stopped it
        if (outcome.message.empty()) outcome.message = "cancelled";
    } else if (failed && !invocation.credential_errors.empty()) {
        outcome.status = RunStatus::bad_config;
        outcome.message =
            "configuration error: " + config_file + ": " + invocation.credential_errors.front();
    }
    if (!tally.output_error.empty()) {
        outcome.status = RunStatus::host_error;
        outcome.message = "writing evidence failed: " + tally.output_error;
    }
    if (outcome.status == RunStatus::complete && tally.invalid > 0) {
        outcome.status = RunStatus::partial;
        outcome.message =
            std::to_string(tally.invalid) + " invalid record(s) were refused and not written";
    }
    if (outcome.status == RunStatus::complete) return outcome;
    const auto& summary = tally.collection_summary;
    if (outcome.message.empty() && summary && summary->is_object() &&
        summary->contains("message") && (*summary)["message"].is_string())
        outcome.message = one_line((*summary)["message"].get<std::string>());
    if (outcome.message.empty())
        outcome.message = "plugin returned status " + std::string(to_string(outcome.status));
    return outcome;
}

SourceRunResult publish_run(RunContext& context, const Invocation& invocation, RunOutcome outcome,
                            const SourceRunOptions& options, Terminal& terminal) {
    const SessionTally& tally = invocation.tally;
    SourceRunResult result;
    result.source_id = context.source->id;
    result.run_id = context.run_id;
    result.status = outcome.status;
    result.exit_code = exit_code_for(outcome.status);
    result.message = std::move(outcome.message);
    result.counts = tally.counts;
    result.records = tally.accepted;
    result.invalid = tally.invalid;
    result.collection_summary = tally.collection_summary;
    if (options.save_state) {
        try {
            context.state->save();
        } catch (const std::exception& e) {
            terminal.log(result.source_id, LogLevel::error,
                         std::string("state not saved: ") + e.what());
        }
    }
    result.duration_ms =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - context.started_steady)
                                       .count());
    if (context.output && result.status == RunStatus::bad_config && tally.requests == 0 &&
        tally.accepted == 0) {
        context.output
            ->discard();  // a configuration mistake found before any request leaves no folder
        context.output.reset();
    }
    if (context.output) {
        try {
            result.run_dir = context.output->finish(summary_document(context, result, tally),
                                                    is_usable(result.status));
        } catch (const std::exception& e) {
            result.status = RunStatus::host_error;
            result.exit_code = exit_code_for(result.status);
            result.message = std::string("writing evidence failed: ") + e.what();
        }
    }
    log_outcome(result, options.report_follows, terminal);
    return result;
}

SourceRunResult run_source(const HostConfig& config, const SourceConfig& source,
                           const DiscoveredPlugin& plugin, CancelRegistry& cancel,
                           Terminal& terminal, const SourceRunOptions& options) {
    SourceRunResult failure;
    std::unique_ptr<RunContext> context =
        prepare_source_run(config, source, plugin, cancel, terminal, options, &failure);
    if (!context) return failure;
    const Invocation invocation = invoke_plugin(*context, cancel, terminal);
    const RunOutcome outcome = reconcile_run(invocation, cancel.stopping(), config.file.string());
    return publish_run(*context, invocation, outcome, options, terminal);
}

}  // namespace iru::host
