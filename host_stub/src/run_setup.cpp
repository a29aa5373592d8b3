#include "run_setup.hpp"

#include <algorithm>
#include <set>

#include "exit_codes.hpp"
#include "options_probe.hpp"
#include "source_validation.hpp"

namespace iru::host {

std::vector<std::string> configuration_mistakes(const HostConfig& config,
                                                const std::vector<const SourceConfig*>& sources,
                                                const std::vector<DiscoveredPlugin>& plugins,
                                                Terminal& terminal, OptionsCheck options) {
    std::vector<std::string> mistakes;
    for (const SourceConfig* source : sources)
        for (auto& problem : validate_source(config, *source, plugins, terminal, options)) {
            terminal.log("", LogLevel::error, "configuration error: " + problem);
            mistakes.push_back(std::move(problem));
        }
    return mistakes;
}

bool runs_in_process(const CommandLine& cl, std::size_t sources) {
    return cl.command != CommandLine::Command::run || (cl.once && sources == 1);
}

namespace {

// The supervised start's option check: each source whose plugin loads, in a child. Refusals are
// logged and returned as mistakes; crashes become crashed results in unrunnable.
std::vector<std::string> isolated_option_mistakes(const HostConfig& config,
                                                  const std::vector<const SourceConfig*>& sources,
                                                  const std::vector<DiscoveredPlugin>& plugins,
                                                  Terminal& terminal,
                                                  std::vector<SourceRunResult>& unrunnable) {
    std::vector<std::string> mistakes;
    for (const SourceConfig* source : sources) {
        if (find_plugin(plugins, source->plugin) == nullptr) continue;
        const OptionsProbe probe = probe_options_in_child(config, *source);
        if (probe.outcome == OptionsProbe::Outcome::accepted) continue;
        if (probe.outcome == OptionsProbe::Outcome::refused) {
            mistakes.push_back(options_mistake(config, *source, probe.text));
            terminal.log("", LogLevel::error, "configuration error: " + mistakes.back());
            continue;
        }
        SourceRunResult failed;
        failed.source_id = source->id;
        const bool crashed = probe.outcome == OptionsProbe::Outcome::crashed;
        failed.status = crashed ? RunStatus::crashed : RunStatus::plugin_error;
        failed.exit_code = exit_code_for(failed.status);
        failed.message = crashed ? "plugin \"" + source->plugin + "\" was killed by " + probe.text +
                                       " while creating an instance with this source's options; "
                                       "the source does not run"
                                 : "plugin \"" + source->plugin + "\": " + probe.text +
                                       "; the source does not run";
        terminal.log(source->id, LogLevel::error, failed.message);
        unrunnable.push_back(std::move(failed));
    }
    return mistakes;
}

}  // namespace

int prepare_run(const CommandLine& cl, Terminal& terminal, RunSetup& setup) {
    try {
        setup.config = load_host_config(cl.config_file);
    } catch (const ConfigError& e) {
        terminal.log("", LogLevel::error, std::string("configuration error: ") + e.what());
        return exit_config_error;
    }
    const HostConfig& config = setup.config;
    std::vector<const SourceConfig*> selected;
    if (cl.source_id) {
        const SourceConfig* source = config.find_source(*cl.source_id);
        if (source == nullptr) {
            terminal.log("", LogLevel::error,
                         "configuration error: " + config.file.string() +
                             ": /sources: " + no_such_source(*cl.source_id, config));
            return exit_config_error;
        }
        if (!source->enabled) {
            terminal.log("", LogLevel::error,
                         "configuration error: " + config.file.string() + ": " + source->json_path +
                             "/enabled: source \"" + source->id + "\" is disabled");
            return exit_config_error;
        }
        selected.push_back(source);
    } else {
        for (const auto& source : config.sources)
            if (source.enabled) selected.push_back(&source);
    }
    if (selected.empty()) {
        terminal.log("", LogLevel::error,
                     "configuration error: " + config.file.string() +
                         ": /sources: no enabled source to run");
        return exit_config_error;
    }
    std::set<std::string> used;  // only these plugins are loaded: nothing of an unused one runs
    for (const SourceConfig* source : selected) used.insert(source->plugin);
    try {
        setup.plugins = discover_plugins(config.plugin_dir, &used);
    } catch (const std::exception& e) {
        terminal.log("", LogLevel::error,
                     "configuration error: " + config.file.string() + ": /plugin_dir: " + e.what());
        return exit_config_error;
    }
    for (const auto& p : setup.plugins)
        if (!p.loadable()) terminal.log("", LogLevel::warn, "plugin refused: " + p.refusal);
    const bool isolated = !runs_in_process(cl, selected.size());
    const auto options = isolated ? OptionsCheck::skipped : OptionsCheck::in_process;
    if (!configuration_mistakes(config, selected, setup.plugins, terminal, options).empty())
        return exit_config_error;
    if (isolated &&
        !isolated_option_mistakes(config, selected, setup.plugins, terminal, setup.unrunnable)
             .empty())
        return exit_config_error;
    for (const SourceConfig* source : selected) {
        const bool failed_its_check =
            std::any_of(setup.unrunnable.begin(), setup.unrunnable.end(),
                        [&](const SourceRunResult& r) { return r.source_id == source->id; });
        if (failed_its_check) continue;
        const DiscoveredPlugin* plugin = find_plugin(setup.plugins, source->plugin);
        if (plugin == nullptr) {
            SourceRunResult failed;
            failed.source_id = source->id;
            failed.status = RunStatus::plugin_error;
            failed.exit_code = exit_config_error;
            failed.message = "plugin \"" + source->plugin + "\" is not loadable from " +
                             config.plugin_dir.string();
            for (const auto& p : setup.plugins)
                if (p.manifest && p.manifest->id == source->plugin)
                    failed.message += " (" + p.refusal + ")";
            terminal.log(source->id, LogLevel::error, failed.message);
            setup.unrunnable.push_back(std::move(failed));
            continue;
        }
        setup.sources.push_back(source);
        setup.plugin_for[source->id] = plugin;
    }
    return exit_complete;
}

}  // namespace iru::host
