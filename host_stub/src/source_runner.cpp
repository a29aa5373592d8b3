#include "source_runner.hpp"

#include <chrono>

#include "credentials.hpp"
#include "exit_codes.hpp"
#include "host_services.hpp"
#include "run_output.hpp"
#include "state_store.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;
using nlohmann::json;

std::string status_name(std::int32_t abi_status) {
    switch (abi_status) {
        case IRU_STATUS_OK: return "complete";
        case IRU_STATUS_PARTIAL: return "partial";
        case IRU_STATUS_AUTH_FAILED: return "auth_failed";
        case IRU_STATUS_PERMISSION_DENIED: return "permission_denied";
        case IRU_STATUS_RATE_LIMITED: return "rate_limited";
        case IRU_STATUS_NETWORK: return "network";
        case IRU_STATUS_BAD_CONFIG: return "bad_config";
        case IRU_STATUS_CANCELLED: return "cancelled";
        case IRU_STATUS_INTERNAL: return "internal";
        case IRU_STATUS_UNSUPPORTED: return "unsupported";
        default: return "internal";
    }
}

int exit_code_for(const std::string& status) {
    if (status == "complete") return exit_complete;
    if (status == "partial") return exit_partial;
    if (status == "auth_failed") return exit_auth_failure;
    if (status == "bad_config" || status == "internal" || status == "unsupported" || status == "plugin_error")
        return exit_config_error;
    return exit_other_failure;
}

std::string check_source_credentials(const HostConfig& config, const SourceConfig& source,
                                     const PluginManifest& manifest) {
    for (const auto& [name, spec] : source.credentials) {
        if (!manifest.declares_credential(name)) {
            std::string declared;
            for (const auto& c : manifest.credentials) declared += (declared.empty() ? "" : ", ") + c.name;
            return config.file.string() + ": " + spec.json_path + ": plugin " + manifest.id +
                   " declares no credential \"" + name + "\" (it declares: " + (declared.empty() ? "none" : declared) + ")";
        }
    }
    for (const auto& c : manifest.credentials) {
        if (c.required && source.credentials.count(c.name) == 0)
            return config.file.string() + ": " + source.json_path + "/credentials: plugin " + manifest.id +
                   " requires credential \"" + c.name + "\" (e.g. {\"" + c.name + "\": {\"env\": \"VAR\"}})";
    }
    return "";
}

namespace {

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return printable(text);
}

// Owns a plugin instance; destroy() runs before the LoadedPlugin can go (the caller holds it).
struct InstanceGuard {
    const iru_source_plugin& functions;
    iru_instance* instance = nullptr;
    ~InstanceGuard() {
        if (instance != nullptr) functions.destroy(instance);
    }
};

}  // namespace

SourceRunResult run_source(const HostConfig& config, const SourceConfig& source, const DiscoveredPlugin& plugin,
                           CancelRegistry& cancel, Terminal& terminal, const SourceRunOptions& options) {
    SourceRunResult result;
    result.source_id = source.id;
    result.run_id = make_run_id();
    const auto started = std::chrono::system_clock::now();
    const auto started_steady = std::chrono::steady_clock::now();
    auto finish_early = [&](const std::string& status, const std::string& message) {
        result.status = status;
        result.exit_code = exit_code_for(status);
        result.message = message;
        terminal.log(source.id, IRU_LOG_ERROR, message);
        return result;
    };
    if (!plugin.loadable() || !plugin.manifest) return finish_early("plugin_error", plugin.refusal);
    const std::string credential_problem = check_source_credentials(config, source, *plugin.manifest);
    if (!credential_problem.empty()) return finish_early("bad_config", "configuration error: " + credential_problem);

    std::shared_ptr<LoadedPlugin> loaded = plugin.plugin;  // keeps the library mapped for this run
    const iru_source_plugin& functions = loaded->functions();

    std::optional<StateStore> state;
    try {
        state.emplace(config.state_dir / source.id / "state.json");
    } catch (const std::exception& e) {
        return finish_early("host_error", e.what());
    }
    if (!state->warning().empty()) terminal.log(source.id, IRU_LOG_WARN, state->warning());

    std::unique_ptr<RunOutput> output;
    if (options.write_output) {
        const auto interrupted = interrupted_runs(config.output_dir, source.id);
        if (!interrupted.empty())
            terminal.log(source.id, IRU_LOG_WARN,
                         std::to_string(interrupted.size()) + " interrupted run(s) left incomplete (e.g. " +
                             (config.output_dir / source.id / interrupted.back()).string() +
                             "); they hold no summary.json and can be deleted");
        try {
            output = std::make_unique<RunOutput>(config.output_dir, source.id, result.run_id);
        } catch (const std::exception& e) {
            return finish_early("host_error", std::string("cannot write evidence: ") + e.what());
        }
    }

    CredentialVault credentials(source.credentials, [&cancel] { return cancel.stopping(); });
    SessionSetup setup;
    setup.envelope = {source.id, result.run_id, &loaded->description()};
    setup.credentials = &credentials;
    setup.state = &*state;
    setup.output = output.get();
    setup.terminal = &terminal;
    HostSession session(setup);

    const json& plugin_options = options.options ? *options.options : source.options;
    const std::string options_text = plugin_options.dump();
    InstanceGuard guard{functions, nullptr};
    terminal.log(source.id, IRU_LOG_INFO,
                 "run " + result.run_id + " starting (plugin " + loaded->description().id + " " +
                     loaded->description().version + ")");
    std::int32_t status = functions.create(session.table(), options_text.data(), options_text.size(), &guard.instance);
    std::string message;
    if (status != IRU_STATUS_OK || guard.instance == nullptr) {
        const char* why = functions.last_error(nullptr);
        message = "plugin refused the options: " + one_line(why != nullptr ? why : "");
        if (status == IRU_STATUS_OK) status = IRU_STATUS_INTERNAL;
        guard.instance = nullptr;
    } else {
        iru_instance* instance = guard.instance;
        const std::uint64_t hook = cancel.add([&session, &functions, instance] {
            session.request_cancel();
            functions.cancel(instance);
        });
        status = functions.collect(instance);
        cancel.remove(hook);
        if (status != IRU_STATUS_OK) {
            const char* why = functions.last_error(instance);
            message = one_line(why != nullptr ? why : "");
        }
    }
    SessionTally tally = session.tally();
    std::vector<std::string> credential_errors = credentials.errors();
    message = credentials.redact(message);
    credentials.wipe();

    result.status = status_name(status);
    const bool failed = status != IRU_STATUS_OK && status != IRU_STATUS_PARTIAL;
    if (failed && cancel.stopping()) {
        result.status = "cancelled";  // whatever failed, it failed because the host stopped it
        if (message.empty()) message = "cancelled";
    } else if (failed && !credential_errors.empty()) {
        result.status = "bad_config";
        message = "configuration error: " + config.file.string() + ": " + credential_errors.front();
    }
    if (!tally.output_error.empty()) {
        result.status = "host_error";
        message = "writing evidence failed: " + tally.output_error;
    }
    if (result.status == "complete" && tally.invalid > 0) {
        result.status = "partial";
        message = std::to_string(tally.invalid) + " invalid record(s) were refused and not written";
    }
    if (message.empty() && result.status != "complete" && tally.collection_summary &&
        tally.collection_summary->contains("message") && (*tally.collection_summary)["message"].is_string())
        message = one_line((*tally.collection_summary)["message"].get<std::string>());
    if (message.empty() && result.status != "complete") message = "plugin returned status " + result.status;
    result.exit_code = exit_code_for(result.status);
    result.message = message;
    result.counts = tally.counts;
    result.records = tally.accepted;
    result.invalid = tally.invalid;
    result.collection_summary = tally.collection_summary;

    if (options.save_state) {
        try {
            state->save();
        } catch (const std::exception& e) {
            terminal.log(source.id, IRU_LOG_ERROR, std::string("state not saved: ") + e.what());
        }
    }
    if (guard.instance != nullptr) {
        functions.destroy(guard.instance);
        guard.instance = nullptr;
    }

    const auto finished = std::chrono::system_clock::now();
    result.duration_ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_steady).count());
    if (output) {
        json invalid_reasons = json::object();
        for (const auto& [reason, count] : tally.invalid_reasons) invalid_reasons[reason] = count;
        json summary = {
            {"format", "iru-host-run-summary/1"},
            {"source_id", source.id},
            {"run_id", result.run_id},
            {"plugin", {{"id", loaded->description().id}, {"version", loaded->description().version},
                        {"abi", std::to_string(loaded->description().abi.major) + "." +
                                    std::to_string(loaded->description().abi.minor)}}},
            {"status", result.status},
            {"exit_code", result.exit_code},
            {"message", result.message},
            {"started_at", rfc3339_utc(started)},
            {"finished_at", rfc3339_utc(finished)},
            {"duration_ms", result.duration_ms},
            {"counts", tally.counts},
            {"records_total", tally.accepted},
            {"invalid_records", {{"count", tally.invalid}, {"reasons", invalid_reasons}}},
            {"requests", tally.requests},
            {"rate_limit_remaining", tally.rate_limit_remaining >= 0 ? json(tally.rate_limit_remaining) : json(nullptr)},
            {"collection_summary", tally.collection_summary ? *tally.collection_summary : json(nullptr)},
        };
        try {
            const bool usable = result.status == "complete" || result.status == "partial";
            result.run_dir = output->finish(std::move(summary), usable);
        } catch (const std::exception& e) {
            result.status = "host_error";
            result.exit_code = exit_code_for(result.status);
            result.message = std::string("writing evidence failed: ") + e.what();
        }
    }
    const int level = result.status == "complete" ? IRU_LOG_INFO : result.status == "partial" ? IRU_LOG_WARN : IRU_LOG_ERROR;
    terminal.log(source.id, level,
                 "run " + result.run_id + " " + result.status + ": " + std::to_string(result.records) + " records" +
                     (result.invalid > 0 ? ", " + std::to_string(result.invalid) + " invalid" : "") +
                     (result.message.empty() ? "" : " — " + result.message));
    return result;
}

}  // namespace iru::host
