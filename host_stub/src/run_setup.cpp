#include "run_setup.hpp"

#include <set>

#include "exit_codes.hpp"
#include "source_validation.hpp"

namespace iru::host {

std::vector<std::string> configuration_mistakes(const HostConfig& config,
                                                const std::vector<const SourceConfig*>& sources,
                                                const std::vector<DiscoveredPlugin>& plugins,
                                                Terminal& terminal) {
    std::vector<std::string> mistakes;
    for (const SourceConfig* source : sources)
        for (auto& problem : validate_source(config, *source, plugins, terminal)) {
            terminal.log("", LogLevel::error, "configuration error: " + problem);
            mistakes.push_back(std::move(problem));
        }
    return mistakes;
}

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
    if (!configuration_mistakes(config, selected, setup.plugins, terminal).empty())
        return exit_config_error;
    for (const SourceConfig* source : selected) {
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
