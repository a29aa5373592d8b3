// `iru-host-stub plugins`: lists every manifest in plugin_dir with its verification result, then
// validates each configured source (source_validation.hpp): its plugin creates an instance with the
// source's options and destroys it without collecting, in a child process (options_probe.hpp), so
// a plugin that crashes in create is reported, not fatal.
#include <iomanip>
#include <ostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "host_config.hpp"
#include "options_probe.hpp"
#include "plugin_discovery.hpp"
#include "run_setup.hpp"
#include "source_validation.hpp"
#include "terminal.hpp"

namespace iru::host {

int plugins_command(const CommandLine& cl, std::ostream& out, std::ostream& err) {
    HostConfig config;
    try {
        config = load_host_config(cl.config_file);
    } catch (const ConfigError& e) {
        err << "configuration error: " << e.what() << "\n";
        return exit_config_error;
    }
    std::vector<DiscoveredPlugin> plugins;
    try {
        plugins = discover_plugins(config.plugin_dir);
    } catch (const std::exception& e) {
        err << "configuration error: " << config.file.string() << ": /plugin_dir: " << e.what()
            << "\n";
        return exit_config_error;
    }
    out << "Plugins in " << config.plugin_dir.string() << ":\n";
    if (plugins.empty()) out << "  (no manifests *.json found)\n";
    out << std::left << "  " << std::setw(16) << "ID" << std::setw(10) << "VERSION" << std::setw(6)
        << "ABI" << std::setw(10) << "STATUS"
        << "DETAIL\n";
    int code = exit_complete;
    for (const auto& p : plugins) {
        const std::string id = p.manifest ? p.manifest->id : "?";
        const std::string version = p.manifest ? p.manifest->version : "?";
        const std::string abi = p.manifest ? std::to_string(p.manifest->abi_major) + "." +
                                                 std::to_string(p.manifest->abi_minor)
                                           : "?";
        out << "  " << std::setw(16) << id << std::setw(10) << version << std::setw(6) << abi;
        if (p.loadable()) {
            out << std::setw(10) << "loadable" << p.manifest_file.string() << "\n";
        } else {
            out << std::setw(10) << "refused" << p.refusal << "\n";
            err << "plugin refused: " << p.refusal << "\n";
            code = exit_config_error;
        }
    }
    Terminal terminal(out, err, false);
    for (const auto& source : config.sources) {
        const DiscoveredPlugin* plugin = find_plugin(plugins, source.plugin);
        const std::vector<std::string> mistakes =
            configuration_mistakes(config, {&source}, plugins, terminal, OptionsCheck::skipped);
        const std::string named = "Source " + source.id + " (" + source.json_path + ")";
        if (!mistakes.empty()) {
            code = exit_config_error;
            continue;
        }
        if (plugin == nullptr) {
            out << named << " uses plugin \"" << source.plugin
                << "\", which is not loadable here\n";
            code = exit_config_error;
            continue;
        }
        const OptionsProbe probe = probe_options_in_child(config, source);
        switch (probe.outcome) {
            case OptionsProbe::Outcome::accepted:
                out << named << ": plugin " << source.plugin
                    << " accepts its options and credentials\n";
                break;
            case OptionsProbe::Outcome::refused:
                terminal.log("", LogLevel::error,
                             "configuration error: " + options_mistake(config, source, probe.text));
                code = exit_config_error;
                break;
            case OptionsProbe::Outcome::crashed:
                out << named << ": plugin " << source.plugin << " was killed by " << probe.text
                    << " while creating an instance with its options\n";
                code = exit_config_error;
                break;
            case OptionsProbe::Outcome::failed:
                out << named << ": plugin " << source.plugin << ": " << probe.text << "\n";
                code = exit_config_error;
                break;
        }
    }
    return code;
}

}  // namespace iru::host
